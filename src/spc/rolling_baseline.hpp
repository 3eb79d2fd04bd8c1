#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <optional>

#include "spc/individuals.hpp"

namespace llmscope::spc {

// The trailing window of a series from which live limits are estimated.
// Maintained incrementally: adding or expiring a point is O(1) amortised,
// limits() is O(1); no rescan of the window. Times are caller-supplied
// integers (ms), non-decreasing; this class reads no clock.
class RollingBaseline {
 public:
  explicit RollingBaseline(std::int64_t window_ms);

  // Appends a point. Points with a time earlier than the last are accepted
  // but treated as if they came at the last time (order is arrival order).
  void add(std::int64_t t_ms, double x);

  // Drops points with t < now_ms - window_ms.
  void expire(std::int64_t now_ms);

  std::size_t size() const { return points_.size(); }

  // Limits of the points in the window; nullopt with fewer than 2 points.
  std::optional<Limits> limits() const;

 private:
  struct Point {
    std::int64_t t_ms;
    double x;
  };
  std::int64_t window_ms_;
  std::deque<Point> points_;
  double sum_x_ = 0;    // sum of x over the window
  double sum_mr_ = 0;   // sum of |x_i - x_{i-1}| over consecutive pairs
  std::size_t ops_since_resum_ = 0;  // to bound floating-point drift
  void resum();
};

}  // namespace llmscope::spc
