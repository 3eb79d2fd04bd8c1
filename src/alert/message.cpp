#include "alert/message.hpp"

#include <fmt/format.h>

#include <cmath>

namespace llmscope::alert {
namespace {

std::string_view event_verb(AlertEvent e) {
  switch (e) {
    case AlertEvent::opened:
      return "opened";
    case AlertEvent::closed:
      return "closed";
    case AlertEvent::resolved:
      return "resolved";
    case AlertEvent::reminder:
      return "still open";
  }
  return "changed";
}

std::string optional_percent(const std::optional<double>& v) {
  return v ? format_number(*v) + " %" : "n/a";
}

std::string html_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// Label and value pairs shown by the text and HTML bodies.
std::vector<std::pair<std::string, std::string>> facts(const AlertMessage& m) {
  const Violation& v = m.violation;
  std::string metric(to_string(v.metric));
  std::vector<std::pair<std::string, std::string>> out = {
      {"Series", v.provider + "/" + v.model},
      {"Metric", metric},
      {"Rule", v.rule + " (" + std::string(rule_description(v.rule)) + ")"},
      {"Value", format_number(v.value) + " at " + format_iso8601(v.timestamp_ms)},
      {"Deviation", fmt::format("{:+.2f} sigma", v.deviation_sigma)},
      {"Center line", format_number(v.center)},
      {"Sigma", format_number(v.sigma)},
      {"Limits", "LCL " + format_number(v.lcl) + " / UCL " + format_number(v.ucl)},
      {"Episode", fmt::format("{} flagged point{}, {} since {}", v.points, v.points == 1 ? "" : "s",
                              to_string(v.state), format_iso8601(v.first_timestamp_ms))},
      {"Host", "CPU " + optional_percent(v.cpu_percent) + ", memory " +
                   optional_percent(v.memory_percent) + ", GPU " + optional_percent(v.gpu_percent)},
  };
  if (v.acknowledged_by) out.push_back({"Acknowledged by", *v.acknowledged_by});
  if (v.resolved_at_ms)
    out.push_back({"Resolved", format_iso8601(*v.resolved_at_ms) +
                                   (v.resolved_by ? " by " + *v.resolved_by : "")});
  if (v.note) out.push_back({"Note", *v.note});
  return out;
}

}  // namespace

std::string violation_link(std::string_view public_url, std::int64_t violation_id) {
  if (public_url.empty()) return "";
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/?violation=" + std::to_string(violation_id);
}

AlertMessage test_message(std::string_view public_url, EpochMs now) {
  AlertMessage m;
  m.test = true;
  Violation& v = m.violation;
  v.provider = "llmscope";
  v.model = "test-message";
  v.rule = "R1";
  v.timestamp_ms = v.first_timestamp_ms = v.last_timestamp_ms = now;
  v.center = 800;
  v.sigma = 30;
  v.ucl = 890;
  v.lcl = 710;
  v.value = 950;
  v.deviation_sigma = v.peak_deviation_sigma = 5;
  m.link = public_url.empty() ? "" : std::string(public_url);
  return m;
}

std::string_view rule_description(std::string_view rule) {
  static constexpr std::string_view kRules[] = {
      "one point beyond 3 sigma",
      "9 points in a row on one side of the center line",
      "6 points in a row steadily rising or falling",
      "14 points in a row alternating up and down",
      "2 of 3 points beyond 2 sigma on one side",
      "4 of 5 points beyond 1 sigma on one side",
      "15 points in a row within 1 sigma",
      "8 points in a row beyond 1 sigma on both sides",
  };
  if (rule.size() == 2 && rule[0] == 'R' && rule[1] >= '1' && rule[1] <= '8')
    return kRules[rule[1] - '1'];
  if (rule == "MR1") return "moving range above its upper limit";
  if (rule == "EWMA") return "EWMA statistic beyond its limits";
  if (rule == "CUSUM") return "cumulative sum beyond its decision interval";
  if (rule == "P1") return "error rate beyond its p-chart limits";
  return "control rule";
}

std::string headline(const AlertMessage& m) {
  const Violation& v = m.violation;
  return fmt::format("[LLMscope]{} {} {} on {}/{} {}", m.test ? " TEST:" : "", v.rule,
                     event_verb(m.event), v.provider, v.model, to_string(v.metric));
}

std::string plain_text(const AlertMessage& m) {
  std::string out;
  if (m.test) out += "This is a test message from LLMscope; nothing is wrong.\n\n";
  out += headline(m) + "\n\n";
  for (const auto& [label, value] : facts(m)) out += label + ": " + value + "\n";
  if (!m.link.empty()) out += "\nDetails: " + m.link + "\n";
  return out;
}

std::string html(const AlertMessage& m) {
  std::string out =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head>"
      "<body style=\"font-family:sans-serif\">\n";
  if (m.test) out += "<p><em>This is a test message from LLMscope; nothing is wrong.</em></p>\n";
  out += "<h2>" + html_escape(headline(m)) + "</h2>\n<table>\n";
  for (const auto& [label, value] : facts(m))
    out += "<tr><th align=\"left\">" + html_escape(label) + "</th><td>" + html_escape(value) +
           "</td></tr>\n";
  out += "</table>\n";
  if (!m.link.empty())
    out += "<p><a href=\"" + html_escape(m.link) + "\">Open the violation</a></p>\n";
  return out + "</body></html>\n";
}

std::string truncate_utf8(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0, i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    std::size_t len = c < 0x80           ? 1
                      : (c >> 5) == 0x6  ? 2
                      : (c >> 4) == 0xE  ? 3
                      : (c >> 3) == 0x1E ? 4
                                         : 0;
    bool valid = len > 0 && i + len <= text.size();
    for (std::size_t k = 1; valid && k < len; ++k)
      valid = (static_cast<unsigned char>(text[i + k]) & 0xC0) == 0x80;
    if (chars + 1 >= max_chars && i + (valid ? len : 1) < text.size()) {
      out += "\xE2\x80\xA6";  // …
      return out;
    }
    if (valid) {
      out.append(text.substr(i, len));
      i += len;
    } else {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    }
    ++chars;
  }
  return out;
}

std::string format_number(double v) {
  if (!std::isfinite(v)) return "n/a";
  return fmt::format("{:.6g}", v);
}

}  // namespace llmscope::alert
