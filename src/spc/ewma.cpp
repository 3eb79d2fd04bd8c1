#include "spc/ewma.hpp"

#include <cmath>

namespace llmscope::spc {

EwmaPoint EwmaDetector::push(double x, double center, double sigma) {
  const double lambda = params_.lambda;
  if (std::isnan(x)) return {z_, center, center, false};

  if (count_ == 0) z_ = center;
  z_ = lambda * x + (1 - lambda) * z_;
  decay_ *= (1 - lambda) * (1 - lambda);
  ++count_;

  const double width = params_.L * sigma * std::sqrt(lambda / (2 - lambda) * (1 - decay_));
  EwmaPoint p{z_, center + width, center - width, false};
  p.signal = z_ > p.ucl || z_ < p.lcl;
  return p;
}

void EwmaDetector::reset() {
  z_ = 0;
  decay_ = 1;
  count_ = 0;
}

}  // namespace llmscope::spc
