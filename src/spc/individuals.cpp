#include "spc/individuals.hpp"

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

}  // namespace llmscope::spc
