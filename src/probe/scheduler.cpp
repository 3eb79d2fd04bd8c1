#include "probe/scheduler.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "probe/transfer.hpp"

namespace llmscope::probe {
namespace {

using Duration = SteadyClock::duration;

// The longest the loop sleeps with nothing due; bounds how late it notices
// anything libcurl itself does not wake it for.
constexpr int kMaxWaitMs = 1000;

struct Slot {
  ProbeTarget target;
  Duration interval{};
  SteadyTime next_tick{};
  bool phased = false;        // next_tick set since the last start()
  bool include_usage = true;  // ask an openai server for usage
  bool usage_retry = false;   // the probe in flight retries without it
  std::unique_ptr<ProbeTransfer> transfer;
  TargetCounters counters;
};

Duration interval_of(const ProbeTarget& t, double default_s) {
  double s = t.interval_s > 0 ? t.interval_s : default_s;
  auto d = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(s));
  return std::max(d, Duration(std::chrono::milliseconds(1)));
}

}  // namespace

struct Scheduler::Impl {
  Sink sink;
  SchedulerOptions options;

  mutable std::mutex mu;  // guards everything below but `stopping`
  std::map<std::int64_t, Slot> slots;
  std::optional<std::vector<ProbeTarget>> pending;  // from set_targets
  std::unordered_map<CURL*, std::int64_t> in_flight;
  std::optional<std::string> loop_error;
  CURLM* multi = nullptr;
  std::thread loop;
  std::atomic<bool> stopping{false};

  void run();
  void run_once(std::vector<Sample>& ready);
  void apply_pending(SteadyTime now);
  void place_unphased(SteadyTime now);
  void fire_due(SteadyTime now, std::vector<Sample>& ready);
  void start_probe(std::int64_t id, Slot& slot, SteadyTime tick, std::vector<Sample>& ready);
  void finish_probe(CURL* easy, CURLcode code, std::vector<Sample>& ready);
  void collect_finished(std::vector<Sample>& ready);
  void record(Slot& slot, const Sample& sample);
  void abandon(Slot& slot);
  int wait_ms(SteadyTime now) const;
  void deliver(std::vector<Sample>& ready);
};

Scheduler::Scheduler(Sink sink, SchedulerOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->sink = std::move(sink);
  impl_->options = std::move(options);
  impl_->options.probe.cancel = nullptr;
  ensure_curl_initialized();
}

Scheduler::~Scheduler() { stop(); }

void Scheduler::set_targets(std::vector<ProbeTarget> targets) {
  std::erase_if(targets, [](const ProbeTarget& t) { return !t.enabled; });
  {
    std::lock_guard lock(impl_->mu);
    impl_->pending = std::move(targets);
    if (impl_->multi != nullptr) curl_multi_wakeup(impl_->multi);
  }
}

void Scheduler::start() {
  std::lock_guard lock(impl_->mu);
  if (impl_->loop.joinable()) return;
  impl_->multi = curl_multi_init();
  impl_->stopping = false;
  impl_->loop_error.reset();
  for (auto& [id, slot] : impl_->slots) slot.phased = false;
  impl_->loop = std::thread([impl = impl_.get()] { impl->run(); });
}

void Scheduler::stop() {
  std::thread loop;
  {
    std::lock_guard lock(impl_->mu);
    if (!impl_->loop.joinable()) return;
    impl_->stopping = true;
    curl_multi_wakeup(impl_->multi);
    loop = std::move(impl_->loop);
  }
  loop.join();

  std::lock_guard lock(impl_->mu);
  curl_multi_cleanup(impl_->multi);
  impl_->multi = nullptr;
}

bool Scheduler::running() const {
  std::lock_guard lock(impl_->mu);
  return impl_->loop.joinable() && !impl_->stopping;
}

std::map<std::int64_t, TargetCounters> Scheduler::counters() const {
  std::lock_guard lock(impl_->mu);
  std::map<std::int64_t, TargetCounters> out;
  for (const auto& [id, slot] : impl_->slots) {
    out[id] = slot.counters;
    out[id].in_flight = slot.transfer != nullptr;
  }
  return out;
}

std::optional<std::string> Scheduler::loop_error() const {
  std::lock_guard lock(impl_->mu);
  return impl_->loop_error;
}

// The thread's entry point: nothing may escape it.
void Scheduler::Impl::run() {
  std::vector<Sample> ready;
  try {
    while (!stopping) run_once(ready);
  } catch (const std::exception& e) {
    std::lock_guard lock(mu);
    loop_error = e.what();
  }

  // Abandon whatever is still in flight; stop() promised no sample for it.
  std::lock_guard lock(mu);
  for (auto& [id, slot] : slots) abandon(slot);
}

void Scheduler::Impl::run_once(std::vector<Sample>& ready) {
  {
    std::lock_guard lock(mu);
    SteadyTime now = SteadyClock::now();
    apply_pending(now);
    fire_due(now, ready);
  }
  int still_running = 0;
  curl_multi_perform(multi, &still_running);
  int timeout_ms = 0;
  {
    std::lock_guard lock(mu);
    collect_finished(ready);
    timeout_ms = wait_ms(SteadyClock::now());
  }
  bool delivered = !ready.empty();
  deliver(ready);

  // A sink may have taken a while: look at the ticks again before sleeping.
  if (delivered || stopping) return;

  // Sleeps until a socket is ready, libcurl's own timer, the next tick or
  // curl_multi_wakeup (set_targets, stop), whichever comes first.
  curl_multi_poll(multi, nullptr, 0, timeout_ms, nullptr);
}

void Scheduler::Impl::apply_pending(SteadyTime now) {
  if (!pending) return;
  std::vector<ProbeTarget> targets = std::move(*pending);
  pending.reset();

  // Known ids keep their slot (phase, counters, probe in flight).
  std::map<std::int64_t, Slot> next;
  for (ProbeTarget& t : targets) {
    if (auto old = slots.find(t.id); old != slots.end()) {
      next[t.id] = std::move(old->second);
      slots.erase(old);
    }
    Slot& slot = next[t.id];
    if (slot.target.base_url != t.base_url) {  // another server: ask it afresh
      slot.include_usage = true;
      slot.counters.usage_option_off = false;
    }
    slot.interval = interval_of(t, options.default_interval_s);
    slot.target = std::move(t);
  }
  for (auto& [id, slot] : slots) abandon(slot);  // targets that went away
  slots = std::move(next);
  place_unphased(now);
}

// Spreads the targets without a phase (new ones; after start(), all)
// evenly over their interval from `now`.
void Scheduler::Impl::place_unphased(SteadyTime now) {
  std::vector<Slot*> unplaced;
  for (auto& [id, slot] : slots) {
    if (!slot.phased) unplaced.push_back(&slot);
  }
  const auto n = static_cast<std::int64_t>(unplaced.size());
  for (std::int64_t i = 0; i < n; ++i) {
    Slot& slot = *unplaced[static_cast<std::size_t>(i)];
    slot.next_tick = now + slot.interval * i / n;
    slot.phased = true;
  }
}

void Scheduler::Impl::fire_due(SteadyTime now, std::vector<Sample>& ready) {
  place_unphased(now);
  for (auto& [id, slot] : slots) {
    if (slot.next_tick > now) continue;

    // Every tick at or before now is due; only one can start a probe.
    std::int64_t due = (now - slot.next_tick) / slot.interval + 1;
    SteadyTime tick = slot.next_tick + slot.interval * (due - 1);
    slot.next_tick += slot.interval * due;
    slot.counters.skipped += due - 1;
    if (slot.transfer) {
      slot.counters.skipped += 1;
    } else if (in_flight.size() >= options.max_concurrent) {
      slot.counters.skipped_capacity += 1;
    } else {
      start_probe(id, slot, tick, ready);
    }
  }
}

void Scheduler::Impl::start_probe(std::int64_t id, Slot& slot, SteadyTime tick,
                                  std::vector<Sample>& ready) {
  ProbeOptions probe_options = options.probe;
  probe_options.openai_include_usage = slot.include_usage;
  auto transfer = std::make_unique<ProbeTransfer>(slot.target, probe_options);
  slot.counters.probes += 1;
  if (auto early = transfer->prepare()) {
    record(slot, early->sample);
    ready.push_back(std::move(early->sample));
    return;
  }
  transfer->start();
  if (options.on_probe_start) options.on_probe_start(id, tick, transfer->t0());
  if (curl_multi_add_handle(multi, transfer->handle()) != CURLM_OK) {
    slot.counters.probes -= 1;
    return;
  }
  in_flight[transfer->handle()] = id;
  slot.transfer = std::move(transfer);
}

void Scheduler::Impl::collect_finished(std::vector<Sample>& ready) {
  int left = 0;
  while (CURLMsg* msg = curl_multi_info_read(multi, &left)) {
    if (msg->msg != CURLMSG_DONE) continue;
    finish_probe(msg->easy_handle, msg->data.result, ready);
  }
}

void Scheduler::Impl::finish_probe(CURL* easy, CURLcode code, std::vector<Sample>& ready) {
  auto owner = in_flight.find(easy);
  if (owner == in_flight.end()) return;  // cannot happen: every handle is ours

  std::int64_t id = owner->second;
  Slot& slot = slots.at(id);
  ProbeOutcome outcome = slot.transfer->finish(code);
  curl_multi_remove_handle(multi, easy);
  in_flight.erase(owner);
  slot.transfer.reset();

  // The server refused stream_options: same tick, once more without it.
  if (outcome.usage_option_rejected && slot.include_usage) {
    slot.include_usage = false;
    slot.usage_retry = true;
    slot.counters.probes -= 1;  // the retry is the same probe
    start_probe(id, slot, SteadyClock::now(), ready);
    return;
  }
  // Remembered only when the option was the cause: a retry refused the
  // same way (a wrong model, a bad key) means ask for usage again.
  if (slot.usage_retry) {
    slot.usage_retry = false;
    int status = outcome.sample.http_status.value_or(0);
    slot.include_usage = status == 400 || status == 422;
    slot.counters.usage_option_off = !slot.include_usage;
  }
  record(slot, outcome.sample);
  ready.push_back(std::move(outcome.sample));
}

void Scheduler::Impl::record(Slot& slot, const Sample& sample) {
  slot.counters.completed += 1;
  slot.counters.last_probe_ms = sample.timestamp_ms;
  if (sample.success) return;
  slot.counters.failures += 1;
  slot.counters.last_error_kind = sample.error_kind;
  slot.counters.last_error = sample.error;
}

void Scheduler::Impl::abandon(Slot& slot) {
  if (!slot.transfer) return;
  CURL* easy = slot.transfer->handle();
  curl_multi_remove_handle(multi, easy);
  in_flight.erase(easy);
  slot.transfer.reset();
}

int Scheduler::Impl::wait_ms(SteadyTime now) const {
  int best = kMaxWaitMs;
  for (const auto& [id, slot] : slots) {
    auto until = std::chrono::ceil<std::chrono::milliseconds>(slot.next_tick - now);
    best = std::min<int>(best, static_cast<int>(std::max<std::int64_t>(0, until.count())));
  }
  return best;
}

void Scheduler::Impl::deliver(std::vector<Sample>& ready) {
  for (Sample& s : ready) {
    try {
      if (sink) sink(std::move(s));
    } catch (...) {
      // The sink is the caller's code; its failure must not stop probing.
    }
  }
  ready.clear();
}

}  // namespace llmscope::probe
