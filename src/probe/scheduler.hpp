#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/sample.hpp"
#include "core/target.hpp"
#include "probe/probe.hpp"
#include "probe/stream_decoder.hpp"

namespace llmscope::probe {

struct SchedulerOptions {
  // Period for targets whose interval_s is not positive. 2 s is the
  // original LLMscope's period: fine enough to see a spike, light enough
  // for a local model that also serves real users.
  double default_interval_s = 2.0;

  // Probes in flight over all targets. A tick that finds this many running
  // is skipped (counted in skipped_capacity) rather than queued, so a slow
  // fleet never builds a backlog that would burst later.
  std::size_t max_concurrent = 256;

  // Per-request behaviour; `cancel` is ignored (stop() cancels).
  ProbeOptions probe;

  // Called on the scheduler's thread each time a probe starts, with the
  // tick it was due at and its t0 (the probe's own clock origin): the
  // difference is the schedule's lateness. For benchmarks and tests; must
  // be quick. Default: none.
  std::function<void(std::int64_t id, SteadyTime tick, SteadyTime t0)> on_probe_start;
};

// What the scheduler did for one target since it was added.
struct TargetCounters {
  std::int64_t probes = 0;                      // probes started
  std::int64_t completed = 0;                   // probes that delivered a sample
  std::int64_t failures = 0;                    // of those, success == false
  std::int64_t skipped = 0;                     // ticks missed: this target's probe still ran
  std::int64_t skipped_capacity = 0;            // ticks missed: max_concurrent in flight
  bool in_flight = false;                       // a probe is running now
  ErrorKind last_error_kind = ErrorKind::none;  // of the latest failure
  std::optional<std::string> last_error;        // of the latest failure
  std::optional<std::int64_t> last_probe_ms;    // wall-clock start of the latest sample
  bool usage_option_off = false;                // the server rejected stream_options.include_usage
};

// Probes a set of targets at a fixed rate, all on one thread driving a
// libcurl multi handle (no thread per probe).
//
// Timing: target i's ticks are t_k = phase_i + k * interval_i. A target's
// phase is fixed when it is added: the n targets of a set_targets() call are
// spread evenly over their interval (the i-th at i/n of it, after start() or
// after the call), so n probes do not fire at once. The probe's own duration
// never shifts later ticks (no drift). A tick that comes while the target's
// previous probe still runs starts nothing and counts as skipped, so one
// target never has two probes in flight. A probe is bounded by its target's
// timeout_s, so a stuck endpoint skips ticks until it times out. An openai
// target whose server answers 400/422 to stream_options.include_usage is
// probed again at once without it, and never asked for it again.
//
// Thread safety: set_targets, start, stop and counters may be called from
// any thread, concurrently. The sink is called on the scheduler's thread,
// one sample at a time, after each probe ends; it must return quickly (the
// same thread drives every probe, so a slow sink delays their timestamps
// and may skip ticks) and must not call stop() (which would wait for the
// sink's own thread). Exceptions thrown by the sink are swallowed.
class Scheduler {
 public:
  using Sink = std::function<void(Sample)>;

  explicit Scheduler(Sink sink, SchedulerOptions options = {});
  ~Scheduler();  // stop()s
  Scheduler(const Scheduler&) = delete;
  Scheduler& operator=(const Scheduler&) = delete;

  // Replaces the set of probed targets, identified by ProbeTarget::id (ids
  // must be unique; disabled targets are left out). A target whose id was
  // already there keeps its phase, counters and a probe in flight, and
  // picks up any other change (prompt, interval, ...) from its next probe.
  // A target no longer present is dropped and its running probe abandoned
  // without a sample. Callable before start().
  void set_targets(std::vector<ProbeTarget> targets);

  // Starts the scheduler's thread. No-op when already running.
  void start();

  // Stops promptly: abandons probes in flight (no sample is delivered for
  // them) and joins the thread; returns within a few milliseconds whatever
  // the targets' timeouts. The targets stay; start() resumes with new
  // phases. No-op when not running.
  void stop();

  bool running() const;

  // A snapshot of the counters, by target id.
  std::map<std::int64_t, TargetCounters> counters() const;

  // Why the scheduler's thread ended by itself (an internal error), if it did.
  std::optional<std::string> loop_error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace llmscope::probe
