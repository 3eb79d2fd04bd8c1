#include "spc/individuals.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope::spc {

Limits limits_from(double mean, double mean_mr, std::size_t n) {
  Limits limits;
  limits.center = mean;
  limits.sigma = mean_mr / kD2;
  limits.ucl = mean + 3 * limits.sigma;
  limits.lcl = mean - 3 * limits.sigma;
  limits.mr_center = mean_mr;
  limits.mr_ucl = kD4 * mean_mr;
  limits.n = n;
  return limits;
}

std::optional<Limits> individuals_limits(std::span<const double> xs) {
  if (xs.size() < 2) return std::nullopt;

  // Two plain sums in one pass; the moving range pairs each point with its
  // predecessor in series order.
  double sum_x = xs[0];
  double sum_mr = 0;
  for (std::size_t i = 1; i < xs.size(); ++i) {
    sum_x += xs[i];
    sum_mr += std::fabs(xs[i] - xs[i - 1]);
  }

  const auto n = xs.size();
  return limits_from(sum_x / static_cast<double>(n), sum_mr / static_cast<double>(n - 1), n);
}

double lag1_from_sums(std::size_t n, double sum_x, double sum_sq, double sum_lag, double first,
                      double last) {
  if (n < 3) return std::nan("");
  const double dn = static_cast<double>(n);
  const double m = sum_x / dn;
  const double denominator = sum_sq - dn * m * m;
  // Expanding the centred products: sum over the n - 1 pairs.
  const double numerator = sum_lag - m * ((sum_x - last) + (sum_x - first)) + (dn - 1) * m * m;
  if (!(denominator > 1e-12 * std::max(sum_sq, 1e-300))) return std::nan("");
  return numerator / denominator;
}

double lag1_autocorrelation(std::span<const double> xs) {
  const std::size_t n = xs.size();
  if (n < 3) return std::nan("");
  double m = 0;
  for (double x : xs) m += x;
  m /= static_cast<double>(n);
  double numerator = 0;
  double denominator = 0;
  for (std::size_t i = 0; i < n; ++i) {
    denominator += (xs[i] - m) * (xs[i] - m);
    if (i + 1 < n) numerator += (xs[i] - m) * (xs[i + 1] - m);
  }
  if (!(denominator > 0)) return std::nan("");
  return numerator / denominator;
}

}  // namespace llmscope::spc
