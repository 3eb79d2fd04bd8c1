#pragma once

// Serving a recorded response from a loopback server with given gaps, and
// keeping the instant each piece was really written, so that a probe's
// figures are judged against what was served.
#include <chrono>
#include <cstdio>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "loopback_server.hpp"
#include "test_data.hpp"

namespace llmscope::probe::testing {

using SteadyTime = std::chrono::steady_clock::time_point;

// What the server sends, and when: piece i at start + offset_s[i], where
// start is the moment the handler received the request. `written` keeps the
// instant each piece was actually handed to the socket: a loaded machine
// wakes the server late now and then, and the probe is judged against what
// was really served, not against what was meant to be.
struct Schedule {
  std::vector<std::string> pieces;
  std::vector<double> offset_s;

  std::mutex mu;
  std::vector<SteadyTime> written;

  SteadyTime written_at(std::size_t i) {
    std::lock_guard lock(mu);
    return written.at(i);
  }
};

inline double ms_between(SteadyTime from, SteadyTime to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// Serves `schedule` with chunked transfer at POST `path`, sleeping until
// each piece's offset (absolute deadlines: no drift from sleep overshoot).
inline void serve_schedule(LoopbackServer& server, const std::string& path,
                           const std::string& content_type, Schedule& schedule,
                           std::string& request_body) {
  using std::chrono::duration;
  server.http().Post(path, [&, content_type](const httplib::Request& req, httplib::Response& res) {
    auto start = std::chrono::steady_clock::now();
    request_body = req.body;
    res.set_chunked_content_provider(content_type, [&, start](size_t, httplib::DataSink& sink) {
      for (std::size_t i = 0; i < schedule.pieces.size(); ++i) {
        auto offset = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
            duration<double>(schedule.offset_s[i]));
        std::this_thread::sleep_until(start + offset);
        {
          std::lock_guard lock(schedule.mu);
          schedule.written.push_back(std::chrono::steady_clock::now());
        }
        if (!sink.write(schedule.pieces[i].data(), schedule.pieces[i].size())) return false;
      }
      sink.done();
      return true;
    });
  });
}

// Prints the measured figure against the served one and the recorded
// (intended) one, for the record of how exact the probe is.
inline void report(const char* name, double measured, double served, double recorded) {
  std::printf(
      "[ replay   ] %-14s measured %9.3f ms  served %9.3f ms (error %+6.3f)"
      "  recorded %9.3f ms\n",
      name, measured, served, measured - served, recorded);
}

// The SSE messages of a recorded stream, each with its blank line.
inline std::vector<std::string> sse_messages(const std::string& sse) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < sse.size();) {
    std::size_t end = sse.find("\n\n", at);
    end = end == std::string::npos ? sse.size() : end + 2;
    out.push_back(sse.substr(at, end - at));
    at = end;
  }
  return out;
}

// Offsets (s) for n pieces from the recorded inter-chunk latencies of one
// request of the AIPerf run (row `row`, from gap `from` on): piece 0 after
// the first gap, each next one a recorded gap later.
inline std::vector<double> aiperf_offsets(std::size_t row, std::size_t from, std::size_t n) {
  auto lines = split_lines(read_data("aiperf_gptoss20b_burst_inter_chunk_latency.jsonl"));
  auto gaps = nlohmann::json::parse(lines.at(row))["inter_chunk_latency_ms"];
  std::vector<double> offsets;
  double at = 0;
  for (std::size_t i = 0; i < n; ++i) {
    at += gaps.at(from + i).get<double>() / 1000.0;
    offsets.push_back(at);
  }
  return offsets;
}

}  // namespace llmscope::probe::testing
