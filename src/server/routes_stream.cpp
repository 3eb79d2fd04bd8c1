// GET /api/stream: server-sent events for the dashboard (samples,
// violations, host telemetry), and GET /api/stream/status.
#include <csignal>
#include <spdlog/spdlog.h>

#include "server/app.hpp"
#include "server/http_util.hpp"
#include "server/json.hpp"
#include "server/stream_hub.hpp"

namespace llmscope::server {
namespace {

using Clock = std::chrono::steady_clock;

// Each open stream holds one HTTP worker thread for its whole life, so
// their number is bounded well below the worker pool (HttpLimits::threads).
constexpr std::size_t kMaxStreams = 8;
// About ten seconds of a busy demo replay per stream before frames drop.
constexpr std::size_t kMaxBacklog = 5000;
// A reader wakes at least this often, to notice a stopping server.
constexpr auto kPoll = std::chrono::milliseconds(500);
// A comment line keeps proxies from closing an idle stream and finds a
// vanished client (the write fails).
constexpr auto kKeepAliveEvery = std::chrono::seconds(15);

struct Connection {
  std::shared_ptr<StreamHub::Subscription> sub;
  EpochMs last_system_ms = 0;  // timestamp of the last host reading sent
  Clock::time_point last_write = Clock::now();
  bool greeted = false;
};

// One turn of a stream: waits briefly for frames, adds the periodic system
// event or a keep-alive, and writes. False ends the response.
bool pump(StreamHub& hub, const App& app, Connection& c, httplib::DataSink& sink) {
  std::string out;
  if (!c.greeted) {
    out = "retry: 2000\n: connected\n\n";
    c.greeted = true;
  } else {
    for (std::string& f : hub.wait(c.sub, kPoll)) out += f;
  }
  if (hub.closed()) {
    sink.done();
    return true;
  }

  // The system event is the host history's newest reading (one every 2 s),
  // so the stream and GET /api/system/history carry the same readings.
  auto reading = app.host_reading();
  if (reading.timestamp_ms > c.last_system_ms) {
    out += sse_frame("system", to_json(reading).dump());
    c.last_system_ms = reading.timestamp_ms;
  }
  auto now = Clock::now();
  if (out.empty() && now - c.last_write >= kKeepAliveEvery) out = ": keep-alive\n\n";
  if (out.empty()) return true;
  c.last_write = now;
  return sink.write(out.data(), out.size());
}

void open_stream(const std::shared_ptr<StreamHub>& hub, const App& app,
                 const httplib::Request& req, httplib::Response& res) {
  if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
  auto conn = std::make_shared<Connection>();
  conn->sub = hub->subscribe();
  if (!conn->sub)
    return send_error(res, 503, "too many open streams (at most " +
                                    std::to_string(hub->max_streams()) + ")");

  res.set_header("Cache-Control", "no-cache");
  res.set_header("X-Accel-Buffering", "no");
  res.set_chunked_content_provider(
      "text/event-stream",
      [hub, &app, conn](std::size_t, httplib::DataSink& sink) {
        return pump(*hub, app, *conn, sink);
      },
      // Runs when the response ends for any reason, disconnects included.
      [hub, conn](bool) { hub->unsubscribe(conn->sub); });
}

}  // namespace

void install_stream_routes(httplib::Server& http, App& app) {
  // A client that vanishes mid-stream makes the next write fail with
  // EPIPE; without this the signal would end the whole process.
  std::signal(SIGPIPE, SIG_IGN);

  auto hub = std::make_shared<StreamHub>(kMaxStreams, kMaxBacklog);
  app.pipeline().on_sample([hub](const Sample& s) {
    if (hub->open_streams() > 0) hub->publish(sse_frame("sample", to_json(s).dump()));
  });
  app.pipeline().on_violation([hub](const Violation& v) {
    if (hub->open_streams() > 0) hub->publish(sse_frame("violation", to_json(v).dump()));
  });

  http.Get("/api/stream", [hub, &app](const httplib::Request& req, httplib::Response& res) {
    open_stream(hub, app, req, res);
  });
  http.Get("/api/stream/status", [hub](const httplib::Request& req, httplib::Response& res) {
    if (auto r = check_params(req, {}); !r) return send_error(res, 400, r.error());
    send_json(res, 200, {{"streams", hub->open_streams()},
                         {"max_streams", hub->max_streams()}});
  });
}

}  // namespace llmscope::server
