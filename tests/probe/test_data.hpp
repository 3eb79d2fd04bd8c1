#pragma once

// Access to the recorded data in tests/data for probe tests.
#include <cstddef>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace llmscope::probe::testing {

inline std::string data_path(std::string_view name) {
  return std::string(LLMSCOPE_TEST_DATA) + "/" + std::string(name);
}

inline std::string read_data(std::string_view name) {
  std::ifstream in(data_path(name), std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + data_path(name));
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Cuts `text` into pieces at random points (1 to max_piece bytes each),
// reproducibly for a seed.
inline std::vector<std::string> random_pieces(const std::string& text, unsigned seed,
                                              std::size_t max_piece) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> len(1, max_piece);
  std::vector<std::string> pieces;
  for (std::size_t at = 0; at < text.size();) {
    std::size_t n = std::min(len(rng), text.size() - at);
    pieces.push_back(text.substr(at, n));
    at += n;
  }
  return pieces;
}

// Seconds since midnight of an ISO 8601 UTC time with up to 9 fraction
// digits ("2025-08-22T20:05:25.5383716Z"), kept to the nanosecond, which
// the project's millisecond parser would round away.
inline double seconds_of_day(std::string_view iso) {
  auto t = iso.find('T');
  if (t == std::string_view::npos) throw std::runtime_error("bad time");
  std::string clock(iso.substr(t + 1));
  int h = std::stoi(clock.substr(0, 2));
  int m = std::stoi(clock.substr(3, 2));
  double s = std::stod(clock.substr(6));  // stops at 'Z'
  return h * 3600.0 + m * 60.0 + s;
}

// The server timestamps (created_at, seconds of day) of one recorded Ollama
// stream in ollama_real_stream_chunks.csv, in chunk order.
inline std::vector<double> recorded_chunk_times(std::string_view stream_final_created_at) {
  std::vector<double> times;
  for (const std::string& line : split_lines(read_data("ollama_real_stream_chunks.csv"))) {
    // stream_final_created_at,model,chunk_index,created_at,...
    if (!line.starts_with(stream_final_created_at)) continue;
    std::vector<std::string> cols;
    std::istringstream in(line);
    for (std::string col; std::getline(in, col, ',');) cols.push_back(col);
    times.push_back(seconds_of_day(cols.at(3)));
  }
  return times;
}

}  // namespace llmscope::probe::testing
