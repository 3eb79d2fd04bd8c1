#include "server/json_text.hpp"

#include <charconv>
#include <cmath>

namespace llmscope::server {

void JsonText::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!filled_.empty()) {
    if (filled_.back()) out_ += ',';
    filled_.back() = true;
  }
}

JsonText& JsonText::open(char bracket) {
  before_value();
  out_ += bracket;
  filled_.push_back(false);
  return *this;
}

JsonText& JsonText::close(char bracket) {
  out_ += bracket;
  filled_.pop_back();
  return *this;
}

JsonText& JsonText::begin_object() { return open('{'); }
JsonText& JsonText::end_object() { return close('}'); }
JsonText& JsonText::begin_array() { return open('['); }
JsonText& JsonText::end_array() { return close(']'); }

JsonText& JsonText::key(std::string_view name) {
  before_value();
  out_ += '"';
  out_ += name;
  out_ += "\":";
  after_key_ = true;
  return *this;
}

JsonText& JsonText::number(double v) {
  if (!std::isfinite(v)) return null();
  before_value();
  // The shortest digits that read back as v, placed as nlohmann::json
  // places them: plain from 0.0001 up to 15 integer digits ("0.0001",
  // "812.5", "800.0"), otherwise with an exponent ("1e-05", "1e+21").
  char buf[40];
  auto written = [&](std::to_chars_result r) {
    return std::string_view(buf, r.ec == std::errc() ? static_cast<std::size_t>(r.ptr - buf) : 0);
  };
  const std::string_view scientific =
      written(std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific));
  const auto e = scientific.find('e');
  int exponent = 0;
  if (e != std::string_view::npos)
    std::from_chars(scientific.data() + e + (scientific[e + 1] == '+' ? 2 : 1),
                    scientific.data() + scientific.size(), exponent);
  if (exponent < -4 || exponent > 14) {
    out_ += scientific;
    return *this;
  }
  const std::string_view fixed =
      written(std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed));
  out_ += fixed;
  // "800.0": the reader keeps it a float.
  if (fixed.find('.') == std::string_view::npos) out_ += ".0";
  return *this;
}

JsonText& JsonText::integer(std::int64_t v) {
  before_value();
  char buf[24];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  if (ec == std::errc()) out_.append(buf, end);
  return *this;
}

JsonText& JsonText::null() {
  before_value();
  out_ += "null";
  return *this;
}

JsonText& JsonText::value(const nlohmann::json& v) {
  return raw(v.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

JsonText& JsonText::raw(std::string_view json_text) {
  before_value();
  out_ += json_text;
  return *this;
}

std::string JsonText::encoded(std::string_view text) {
  return nlohmann::json(std::string(text))
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace llmscope::server
