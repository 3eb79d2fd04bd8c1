#include "spc/cusum.hpp"

#include <algorithm>
#include <cmath>

namespace llmscope::spc {

CusumPoint CusumDetector::push(double x, double center, double sigma) {
  const double h = params_.h * sigma;
  if (std::isnan(x)) return {upper_, lower_, h, false};

  // The head start is set with the first sigma known.
  if (!started_) {
    upper_ = lower_ = params_.fir ? h / 2 : 0;
    started_ = true;
  }
  const double slack = params_.k * sigma;
  upper_ = std::max(0.0, x - (center + slack) + upper_);
  lower_ = std::max(0.0, (center - slack) - x + lower_);
  return {upper_, lower_, h, upper_ > h || lower_ > h};
}

void CusumDetector::reset() {
  upper_ = lower_ = 0;
  started_ = false;
}

}  // namespace llmscope::spc
