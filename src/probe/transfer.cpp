#include "probe/transfer.hpp"

#include <algorithm>
#include <cmath>
#include <mutex>

#include "core/time.hpp"
#include "probe/failure.hpp"

namespace llmscope::probe {
namespace {

constexpr std::size_t kMaxErrorBody = 16 * 1024;
constexpr std::size_t kMaxCheckBody = 1024 * 1024;  // an HTTP check's body searched
constexpr double kDefaultConnectTimeoutS = 10.0;

long to_ms(double seconds) { return std::max(1L, std::lround(seconds * 1000.0)); }

double ms_between(SteadyTime from, SteadyTime to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// A libcurl phase time in ms, or nullopt when the phase was never reached.
std::optional<double> curl_time_ms(CURL* curl, CURLINFO info) {
  curl_off_t us = 0;
  if (curl_easy_getinfo(curl, info, &us) != CURLE_OK || us <= 0) return std::nullopt;
  return static_cast<double>(us) / 1000.0;
}

ProbeOutcome failed_outcome(const ProbeTarget& target, ErrorKind kind, std::string msg) {
  ProbeOutcome out;
  out.sample.timestamp_ms = now_ms();
  out.sample.provider = target.provider;
  out.sample.model = target.model;
  out.sample.success = false;
  out.sample.error_kind = kind;
  out.sample.error = std::move(msg);
  return out;
}

// A failed probe keeps its status and the server's counters but none of
// the latency figures, so it can never enter a latency series.
void mark_failed(Sample& s, const StreamFailure& failure) {
  s.success = false;
  s.error_kind = failure.kind;
  s.error = failure.message;
  s.latency_ms.reset();
  s.ttft_ms.reset();
  s.itl_ms.reset();
  s.tokens_per_s.reset();
  s.output_tokens.reset();
  s.output_tokens_source.reset();
  s.first_chunk_ms.reset();
  s.first_answer_ms.reset();
  s.total_ms.reset();
  s.gap_p50_ms.reset();
  s.gap_p95_ms.reset();
  s.max_stall_ms.reset();
  s.decode_tokens_per_s.reset();
}

// The phases libcurl measured go into the sample on success and failure
// alike: they locate a failure (a slow TLS, a late first byte).
void copy_network_phases(Sample& s, const ProbeTiming& t) {
  s.dns_ms = t.dns_ms;
  s.connect_ms = t.connect_ms;
  s.tls_ms = t.tls_ms;
  s.first_byte_ms = t.first_byte_ms;
}

bool is_http_check(const ProbeTarget& t) { return t.provider == "http"; }

}  // namespace

void ensure_curl_initialized() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

ProbeTransfer::ProbeTransfer(ProbeTarget target, ProbeOptions options)
    : target_(std::move(target)), options_(options) {
  ensure_curl_initialized();
  curl_ = curl_easy_init();
}

ProbeTransfer::~ProbeTransfer() {
  if (curl_ != nullptr) curl_easy_cleanup(curl_);
  curl_slist_free_all(headers_);
}

std::optional<ProbeOutcome> ProbeTransfer::prepare() {
  if (curl_ == nullptr) {
    return failed_outcome(target_, ErrorKind::other, "curl_easy_init failed");
  }
  auto request = build_probe_request(target_, options_.openai_include_usage);
  if (!request) return failed_outcome(target_, ErrorKind::other, request.error());
  if (!is_http_check(target_)) decoder_ = make_stream_decoder(target_.provider);

  if (!set_options(*request)) {
    return failed_outcome(target_, ErrorKind::other,
                          std::string("libcurl refused an option: ") + error_buffer_);
  }
  return std::nullopt;
}

bool ProbeTransfer::set_options(const ProbeRequest& request) {
  body_ = request.body;
  for (const std::string& h : request.headers) {
    headers_ = curl_slist_append(headers_, h.c_str());
  }
  double connect_s =
      options_.connect_timeout_s.value_or(std::min(kDefaultConnectTimeoutS, target_.timeout_s));
  if (target_.connect_timeout_s > 0) connect_s = target_.connect_timeout_s;

  bool ok = true;
  auto set = [&](CURLoption opt, auto value) {
    ok = ok && curl_easy_setopt(curl_, opt, value) == CURLE_OK;
  };
  set(CURLOPT_ERRORBUFFER, error_buffer_);
  set(CURLOPT_URL, request.url.c_str());
  if (request.method == "POST" || !body_.empty()) {
    set(CURLOPT_POSTFIELDS, body_.c_str());
    set(CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body_.size()));
  }
  if (request.method == "HEAD") {
    set(CURLOPT_NOBODY, 1L);
  } else if (request.method != "POST" && request.method != "GET") {
    set(CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }
  if (!target_.ca_file.empty()) set(CURLOPT_CAINFO, target_.ca_file.c_str());
  if (!options_.doh_url.empty()) set(CURLOPT_DOH_URL, options_.doh_url.c_str());
  set(CURLOPT_HTTPHEADER, headers_);
  set(CURLOPT_USERAGENT, "llmscope-probe/0.1");
  set(CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: threads are safe
  set(CURLOPT_CONNECTTIMEOUT_MS, to_ms(connect_s));
  set(CURLOPT_TIMEOUT_MS, to_ms(target_.timeout_s));
  set(CURLOPT_FRESH_CONNECT, options_.fresh_connection ? 1L : 0L);
  set(CURLOPT_FORBID_REUSE, options_.fresh_connection ? 1L : 0L);
  set(CURLOPT_WRITEFUNCTION, &ProbeTransfer::on_write);
  set(CURLOPT_WRITEDATA, this);
  set(CURLOPT_NOPROGRESS, 0L);
  set(CURLOPT_XFERINFOFUNCTION, &ProbeTransfer::on_progress);
  set(CURLOPT_XFERINFODATA, this);
  set(CURLOPT_PRIVATE, this);
  return ok;
}

void ProbeTransfer::start() {
  wall_t0_ = now_ms();
  t0_ = SteadyClock::now();
  recorder_.emplace(t0_);
}

std::size_t ProbeTransfer::on_write(char* data, std::size_t size, std::size_t n, void* self) {
  auto* t = static_cast<ProbeTransfer*>(self);
  std::size_t bytes = size * n;
  // Returning less than given makes libcurl stop with CURLE_WRITE_ERROR.
  return t->accept_body({data, bytes}) ? bytes : 0;
}

bool ProbeTransfer::accept_body(std::string_view bytes) {
  SteadyTime now = SteadyClock::now();
  body_bytes_ += static_cast<std::int64_t>(bytes.size());
  if (status_ == 0) status_ = response_status();

  // An error answer is kept for its message, not decoded as a stream; a
  // plain HTTP check keeps its body to look for the expected text.
  if (status_ < 200 || status_ >= 300 || !decoder_) {
    if (!first_body_) first_body_ = now;
    std::size_t cap = decoder_ ? kMaxErrorBody : kMaxCheckBody;
    std::size_t room = cap - std::min(cap, error_body_.size());
    error_body_.append(bytes.substr(0, room));
    return true;
  }
  for (const StreamEvent& e : decoder_->feed(bytes, now)) recorder_->add(e);
  return !recorder_->failed();
}

int ProbeTransfer::on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  // Non-zero aborts the transfer with CURLE_ABORTED_BY_CALLBACK.
  return static_cast<ProbeTransfer*>(self)->keep_going() ? 0 : 1;
}

bool ProbeTransfer::keep_going() {
  if (options_.cancel != nullptr && options_.cancel->load()) {
    abort_ = Abort::cancelled;
    return false;
  }
  std::optional<double> limit_s = options_.first_token_timeout_s;
  if (target_.first_token_timeout_s > 0) limit_s = target_.first_token_timeout_s;
  if (limit_s && decoder_ && recorder_ && recorder_->text_events() == 0) {
    double waited_s = ms_between(t0_, SteadyClock::now()) / 1000.0;
    if (waited_s > *limit_s) {
      abort_ = Abort::first_token_timeout;
      return false;
    }
  }
  return true;
}

int ProbeTransfer::response_status() const {
  long code = 0;
  curl_easy_getinfo(curl_, CURLINFO_RESPONSE_CODE, &code);
  return static_cast<int>(code);
}

void ProbeTransfer::read_curl_timing(ProbeTiming& timing) const {
  timing.dns_ms = curl_time_ms(curl_, CURLINFO_NAMELOOKUP_TIME_T);
  timing.connect_ms = curl_time_ms(curl_, CURLINFO_CONNECT_TIME_T);
  timing.tls_ms = curl_time_ms(curl_, CURLINFO_APPCONNECT_TIME_T);
  timing.first_byte_ms = curl_time_ms(curl_, CURLINFO_STARTTRANSFER_TIME_T);
  timing.body_bytes = body_bytes_;
}

ProbeOutcome ProbeTransfer::finish(CURLcode code) {
  SteadyTime end = SteadyClock::now();
  if (status_ == 0) status_ = response_status();

  // A body that ended cleanly may still hold a last unterminated record.
  bool clean_2xx = code == CURLE_OK && status_ >= 200 && status_ < 300;
  if (clean_2xx && decoder_) {
    for (const StreamEvent& e : decoder_->finish(end)) recorder_->add(e);
  }

  ProbeOutcome out;
  out.sample.timestamp_ms = wall_t0_;
  out.sample.provider = target_.provider;
  out.sample.model = target_.model;
  if (status_ > 0) out.sample.http_status = status_;
  read_curl_timing(out.timing);
  out.timing.total_ms = ms_between(t0_, end);
  copy_network_phases(out.sample, out.timing);
  if (decoder_) {
    recorder_->fill(out.sample, out.timing);
    out.sample.total_ms = out.timing.total_ms;
  } else {
    fill_http_check(out);
  }
  read_retry_after(out.sample);

  auto failure = decoder_ ? verdict(code, out.timing) : check_verdict(code, out.timing);
  if (failure) mark_failed(out.sample, *failure);
  out.usage_option_rejected = failure && options_.openai_include_usage &&
                              target_.provider == "openai" && (status_ == 400 || status_ == 422);
  return out;
}

// A plain HTTP check has no tokens: its latency is the whole answer and
// its "first token" the first byte of the body.
void ProbeTransfer::fill_http_check(ProbeOutcome& out) const {
  out.sample.latency_ms = out.timing.total_ms;
  out.sample.total_ms = out.timing.total_ms;
  if (first_body_) {
    out.timing.first_chunk_ms = ms_between(t0_, *first_body_);
    out.sample.ttft_ms = out.timing.first_chunk_ms;
    out.sample.first_chunk_ms = out.timing.first_chunk_ms;
  } else {
    out.sample.ttft_ms = out.timing.first_byte_ms;
  }
}

std::optional<StreamFailure> ProbeTransfer::check_verdict(CURLcode code,
                                                          const ProbeTiming& timing) const {
  if (abort_ == Abort::cancelled) return StreamFailure{ErrorKind::other, "cancelled"};
  if (status_ > 0 && status_ != target_.expect_status) {
    ErrorKind kind = kind_for_http_status(status_);
    if (kind == ErrorKind::none) kind = ErrorKind::other;  // a 2xx other than the expected
    return StreamFailure{kind, http_error_message(status_, error_body_) + " (expected " +
                                   std::to_string(target_.expect_status) + ")"};
  }
  if (code != CURLE_OK) return transport_failure(code, timing);
  if (!target_.expect_body.empty() && error_body_.find(target_.expect_body) == std::string::npos) {
    return StreamFailure{ErrorKind::bad_payload, "the body does not contain the expected text"};
  }
  return std::nullopt;
}

// Retry-After of a 429, 529 or 503, in seconds (libcurl reads both the
// delay and the HTTP-date forms).
void ProbeTransfer::read_retry_after(Sample& sample) const {
  if (status_ != 429 && status_ != 529 && status_ != 503) return;
  curl_off_t seconds = 0;
  if (curl_easy_getinfo(curl_, CURLINFO_RETRY_AFTER, &seconds) == CURLE_OK && seconds > 0) {
    sample.retry_after_s = static_cast<double>(seconds);
  }
}

StreamFailure ProbeTransfer::transport_failure(CURLcode code, const ProbeTiming& timing) const {
  bool https = target_.base_url.starts_with("https:");
  TransferProgress progress{https ? timing.tls_ms.has_value() : timing.connect_ms.has_value(),
                            status_ > 0, timing.text_events > 0};
  std::string msg = error_buffer_[0] != '\0' ? error_buffer_ : curl_easy_strerror(code);
  return StreamFailure{kind_for_curl_error(code, progress), msg};
}

std::optional<StreamFailure> ProbeTransfer::verdict(CURLcode code,
                                                    const ProbeTiming& timing) const {
  if (abort_ == Abort::cancelled) return StreamFailure{ErrorKind::other, "cancelled"};
  if (status_ > 0 && (status_ < 200 || status_ >= 300)) {
    return StreamFailure{kind_for_http_status(status_), http_error_message(status_, error_body_)};
  }
  if (recorder_->failure()) return *recorder_->failure();
  if (abort_ == Abort::first_token_timeout) {
    return StreamFailure{ErrorKind::timeout_first_token, "no text before the first-token timeout"};
  }
  if (code != CURLE_OK) return transport_failure(code, timing);
  if (!recorder_->saw_done()) {
    return StreamFailure{ErrorKind::truncated, "stream ended without its final event"};
  }
  if (timing.text_events == 0) {
    return StreamFailure{ErrorKind::empty, "stream carried no text"};
  }
  return std::nullopt;
}

}  // namespace llmscope::probe
