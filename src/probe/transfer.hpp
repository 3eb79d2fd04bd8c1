#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/target.hpp"
#include "probe/probe.hpp"
#include "probe/probe_request.hpp"
#include "probe/stream_decoder.hpp"
#include "probe/stream_recorder.hpp"

namespace llmscope::probe {

// Calls curl_global_init once per process; safe from any thread.
void ensure_curl_initialized();

// One probe request on a libcurl easy handle, usable both with
// curl_easy_perform (run_probe) and inside a multi handle (Scheduler).
// Life cycle: prepare(), start() right before the transfer begins, let
// libcurl run it, then finish() with libcurl's result; or destroy it at any
// point to abandon it (after removing the handle from its multi handle).
//
// Not thread-safe: the callbacks run on the thread that drives libcurl,
// which must be the thread calling start() and finish().
class ProbeTransfer {
 public:
  ProbeTransfer(ProbeTarget target, ProbeOptions options);
  ~ProbeTransfer();
  ProbeTransfer(const ProbeTransfer&) = delete;
  ProbeTransfer& operator=(const ProbeTransfer&) = delete;

  // Configures the handle. Returns a failed outcome when the probe cannot
  // be sent at all (unknown provider, empty model, libcurl refusing an
  // option); the handle must then not be performed.
  std::optional<ProbeOutcome> prepare();

  // Takes t0 (steady) and the sample's wall-clock timestamp.
  void start();

  // The outcome, once libcurl reported `code` for this transfer.
  ProbeOutcome finish(CURLcode code);

  CURL* handle() const { return curl_; }
  SteadyTime t0() const { return t0_; }
  const ProbeTarget& target() const { return target_; }

 private:
  enum class Abort { none, cancelled, first_token_timeout };

  static std::size_t on_write(char* data, std::size_t size, std::size_t n, void* self);
  static int on_progress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t);
  bool accept_body(std::string_view bytes);
  bool keep_going();
  bool set_options(const ProbeRequest& request);
  int response_status() const;
  void read_curl_timing(ProbeTiming& timing) const;
  std::optional<StreamFailure> verdict(CURLcode code, const ProbeTiming& timing) const;
  std::optional<StreamFailure> check_verdict(CURLcode code, const ProbeTiming& timing) const;
  StreamFailure transport_failure(CURLcode code, const ProbeTiming& timing) const;
  void fill_http_check(ProbeOutcome& out) const;
  void read_retry_after(Sample& sample) const;

  ProbeTarget target_;
  ProbeOptions options_;
  CURL* curl_ = nullptr;
  curl_slist* headers_ = nullptr;
  std::string body_;  // must outlive the transfer (POSTFIELDS)
  char error_buffer_[CURL_ERROR_SIZE] = {};

  std::unique_ptr<StreamDecoder> decoder_;  // null for a plain HTTP check
  std::optional<SteadyTime> first_body_;    // first body byte (HTTP check)
  std::optional<StreamRecorder> recorder_;
  SteadyTime t0_;
  EpochMs wall_t0_ = 0;
  int status_ = 0;          // 0 until the first body byte
  std::string error_body_;  // a non-2xx answer's body, or an HTTP check's; capped
  std::int64_t body_bytes_ = 0;
  Abort abort_ = Abort::none;
};

}  // namespace llmscope::probe
