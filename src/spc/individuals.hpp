#pragma once

#include <cstddef>
#include <optional>
#include <span>

namespace llmscope::spc {

// Bias-correction constants for moving ranges of span 2.
inline constexpr double kD2 = 1.128;  // sigma = mean MR / d2
inline constexpr double kD4 = 3.267;  // MR chart UCL = D4 * mean MR

// Limits of an individuals (I-MR) chart, estimated from a baseline.
// sigma = mean moving range / 1.128; ucl/lcl = center +- 3 sigma (lcl may be
// negative: callers may draw it at 0 for latency, rules use it as is).
struct Limits {
  double center = 0;     // mean of the baseline points
  double sigma = 0;      // mean MR / d2
  double ucl = 0;        // center + 3 sigma
  double lcl = 0;        // center - 3 sigma
  double mr_center = 0;  // mean moving range
  double mr_ucl = 0;     // D4 * mean MR (MR chart LCL is 0)
  std::size_t n = 0;     // number of baseline points
};

// Limits from a mean and a mean moving range of n points.
Limits limits_from(double mean, double mean_mr, std::size_t n);

// Limits of the whole series taken as the baseline, in order (moving ranges
// are between consecutive values). nullopt when fewer than 2 values.
// Values must be finite: a NaN or infinity makes the limits non-finite, so
// callers drop such values first (analyze counts them as skipped).
std::optional<Limits> individuals_limits(std::span<const double> xs);

// Lag-1 autocorrelation of a baseline, the standard estimate
//   r1 = sum_{t<n} (x_t - m)(x_{t+1} - m) / sum_t (x_t - m)^2,  m = mean.
// Above about 0.3 the moving-range sigma underestimates the spread and the
// rules give more false alarms. NaN with fewer than 3 points or no spread.
double lag1_autocorrelation(std::span<const double> xs);

// The same from running sums of n points x_1..x_n: sum x, sum x^2,
// sum x_t x_{t+1}, and the first and last points (for O(1) updates).
double lag1_from_sums(std::size_t n, double sum_x, double sum_sq, double sum_lag, double first,
                      double last);

// Threshold above which the chart data flags autocorrelation.
inline constexpr double kAutocorrelationWarning = 0.3;

}  // namespace llmscope::spc
