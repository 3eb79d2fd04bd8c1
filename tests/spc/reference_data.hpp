#pragma once
// Test helpers: read the reference data sets of tests/data/spc. The CSV
// files there are plain (no quotes), so a comma split is enough.

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace llmscope::spc::testdata {

inline std::string path_of(std::string_view relative) {
  return std::string(LLMSCOPE_TEST_DATA) + "/" + std::string(relative);
}

inline nlohmann::json load_json(std::string_view relative) {
  std::ifstream in(path_of(relative));
  EXPECT_TRUE(in) << "cannot open " << path_of(relative);
  return nlohmann::json::parse(in);
}

// Splits one line (CRLF or LF ended: the files use CRLF) on commas.
inline std::vector<std::string> split_commas(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> fields;
  std::stringstream ss(line);
  std::string field;
  while (std::getline(ss, field, ',')) fields.push_back(field);
  return fields;
}

// The named column of a plain CSV file, as text, in file order.
inline std::vector<std::string> column_text(std::string_view relative, std::string_view name) {
  std::ifstream in(path_of(relative));
  EXPECT_TRUE(in) << "cannot open " << path_of(relative);
  std::string line;
  std::getline(in, line);
  const auto header = split_commas(line);
  std::size_t col = header.size();
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) col = i;
  }
  EXPECT_LT(col, header.size()) << "no column " << name << " in " << relative;
  std::vector<std::string> out;
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    const auto fields = split_commas(line);
    out.push_back(col < fields.size() ? fields[col] : "");
  }
  return out;
}

inline std::vector<double> column(std::string_view relative, std::string_view name) {
  std::vector<double> xs;
  for (const auto& text : column_text(relative, name)) {
    xs.push_back(std::stod(text));
  }
  return xs;
}

using Flags = std::array<std::vector<std::size_t>, 8>;

// {"1": [...], ..., "8": [...]} with positions shifted by -offset
// (offset 1 for 1-based lists).
inline Flags flags_from_json(const nlohmann::json& j, std::size_t offset) {
  Flags flags;
  for (int t = 1; t <= 8; ++t) {
    const auto key = std::to_string(t);
    if (!j.contains(key)) continue;
    for (std::size_t p : j.at(key).get<std::vector<std::size_t>>()) {
      flags[t - 1].push_back(p - offset);
    }
  }
  return flags;
}

// Half a unit of the last digit of a figure published with `decimals`
// decimals, plus a hair for binary rounding.
inline double half_unit(int decimals) { return 0.5 * std::pow(10.0, -decimals) * (1 + 1e-9); }

}  // namespace llmscope::spc::testdata
