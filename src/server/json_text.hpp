#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace llmscope::server {

// JSON text written straight into a string, for answers too large to be
// built as an nlohmann::json first: a chart holds a dozen arrays of
// thousands of numbers, and making, writing and freeing a document node
// per number cost more than the rest of the answer.
//
// The caller writes a valid structure (keys inside objects, in the order
// it wants them; one value after each key); commas are placed here.
// Numbers are written as nlohmann::json writes them: the shortest digits
// that read back to the same double, integral values with ".0", NaN and
// infinities as null.
class JsonText {
 public:
  JsonText& begin_object();
  JsonText& end_object();
  JsonText& begin_array();
  JsonText& end_array();
  // A member's name: plain ASCII without quotes or backslashes.
  JsonText& key(std::string_view name);
  JsonText& number(double v);
  JsonText& integer(std::int64_t v);
  JsonText& null();
  // Any value, as nlohmann::json writes it (invalid UTF-8 replaced).
  JsonText& value(const nlohmann::json& v);
  // A value already written as JSON text (see encoded()).
  JsonText& raw(std::string_view json_text);

  // `text` as a JSON string literal, to be written with raw() many times.
  static std::string encoded(std::string_view text);

  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  JsonText& open(char bracket);
  JsonText& close(char bracket);

  std::string out_;
  // Per open object or array: whether a value was written in it yet.
  std::vector<bool> filled_;
  bool after_key_ = false;
};

}  // namespace llmscope::server
