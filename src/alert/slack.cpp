#include "alert/slack.hpp"

#include <fmt/format.h>

namespace llmscope::alert {
namespace {

using nlohmann::json;

// Slack's mrkdwn treats these three as markup.
std::string mrkdwn_escape(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '<')
      out += "&lt;";
    else if (c == '>')
      out += "&gt;";
    else
      out += c;
  }
  return out;
}

json field(std::string_view label, std::string_view value) {
  // 2,000 is Slack's limit for a field; escaping can grow the text, so
  // cut before and after.
  std::string text = "*" + std::string(label) + "*\n" + mrkdwn_escape(truncate_utf8(value, 1500));
  return {{"type", "mrkdwn"}, {"text", truncate_utf8(text, 2000)}};
}

}  // namespace

std::string rule_colour(std::string_view rule) {
  if (rule == "R1" || rule == "P1") return "#d62728";  // beyond the limits, errors: red
  if (rule == "R2" || rule == "R3" || rule == "EWMA" || rule == "CUSUM")
    return "#ff7f0e";                                  // shift or trend: orange
  if (rule == "R5" || rule == "R6") return "#e6b800";  // drifting out: amber
  return "#1f77b4";                                    // patterns: blue
}

nlohmann::json slack_payload(const AlertMessage& m) {
  const Violation& v = m.violation;
  std::string series = v.provider + "/" + v.model;
  json fields = json::array({
      field("Series", series),
      field("Rule", v.rule + ": " + std::string(rule_description(v.rule))),
      field("Value", format_number(v.value) + " " + std::string(to_string(v.metric)) +
                         fmt::format(" ({:+.2f} sigma)", v.deviation_sigma)),
      field("Limits", "CL " + format_number(v.center) + ", LCL " + format_number(v.lcl) + ", UCL " +
                          format_number(v.ucl)),
      field("Episode",
            fmt::format("{} point{}, {}", v.points, v.points == 1 ? "" : "s", to_string(v.state))),
      field("Opened", format_iso8601(v.first_timestamp_ms)),
  });
  if (v.note) fields.push_back(field("Note", *v.note));

  json blocks = json::array();
  blocks.push_back(
      {{"type", "header"},
       {"text",
        {{"type", "plain_text"}, {"text", truncate_utf8(headline(m), 150)}, {"emoji", true}}}});
  blocks.push_back({{"type", "section"}, {"fields", fields}});
  if (!m.link.empty() && m.link.size() <= 3000)
    blocks.push_back(
        {{"type", "actions"},
         {"elements",
          json::array({{{"type", "button"},
                        {"text", {{"type", "plain_text"}, {"text", "Open the violation"}}},
                        {"url", m.link}}})}});

  std::string fallback = headline(m);
  if (!m.link.empty()) fallback += " " + m.link;
  return {{"text", truncate_utf8(mrkdwn_escape(truncate_utf8(fallback, 2500)), 3000)},
          {"attachments", json::array({{{"color", rule_colour(v.rule)},
                                        {"fallback", truncate_utf8(fallback, 3000)},
                                        {"blocks", blocks}}})}};
}

}  // namespace llmscope::alert
