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
//
// The running sums are recomputed exactly from the window every
// max(1024, size()) add/expire steps, which bounds floating-point drift
// while keeping the amortised cost O(1). limits() equals
// individuals_limits() of the window's values up to rounding.
// Not thread-safe.
class RollingBaseline {
 public:
  // A negative window is taken as 0 (only points at `now` stay).
  explicit RollingBaseline(std::int64_t window_ms);

  // Appends a point. Points with a time earlier than the last are accepted
  // but treated as if they came at the last time (order is arrival order).
  // A non-finite x (NaN, infinity) is ignored: it would poison the sums.
  void add(std::int64_t t_ms, double x);

  // Drops points with t < now_ms - window_ms.
  void expire(std::int64_t now_ms);

  std::size_t size() const { return points_.size(); }

  // Limits of the points in the window; nullopt with fewer than 2 points.
  std::optional<Limits> limits() const;

  // Lag-1 autocorrelation of the window (lag1_autocorrelation() up to
  // rounding), O(1); NaN with fewer than 3 points or no spread.
  double lag1_autocorrelation() const;

 private:
  struct Point {
    std::int64_t t_ms;
    double x;
  };
  std::int64_t window_ms_;
  std::deque<Point> points_;
  double sum_x_ = 0;                 // sum of x over the window
  double sum_mr_ = 0;                // sum of |x_i - x_{i-1}| over consecutive pairs
  double sum_sq_ = 0;                // sum of x^2
  double sum_lag_ = 0;               // sum of x_i x_{i-1} over consecutive pairs
  std::size_t ops_since_resum_ = 0;  // to bound floating-point drift
  void note_change();                // counts a step; re-sums when one is due
  void resum();
};

}  // namespace llmscope::spc
