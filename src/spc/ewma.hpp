#pragma once

#include <cstddef>

namespace llmscope::spc {

// Parameters of the EWMA chart. Defaults lambda = 0.2, L = 2.962 give an
// in-control ARL of about 500 (Lucas & Saccucci), close to the Shewhart
// chart's 370 while catching a 1-sigma shift about four times sooner.
struct EwmaParams {
  bool enabled = true;
  double lambda = 0.2;  // weight of the newest point, in (0, 1]
  double L = 2.962;     // width of the limits in sigmas of the statistic
};

// One EWMA point: the statistic and the exact time-varying limits
//   z_i = lambda x_i + (1 - lambda) z_{i-1},  z_0 = CL
//   CL +- L sigma sqrt(lambda / (2 - lambda) (1 - (1 - lambda)^(2i)))
// The chart signals when z is strictly beyond a limit.
struct EwmaPoint {
  double z = 0;
  double ucl = 0;
  double lcl = 0;
  bool signal = false;
};

// The EWMA statistic of a series, point by point (the live engine and the
// offline analysis share it). z_0 is the center line of the first point
// pushed; i counts the points pushed since construction or reset(). Each
// point is judged against the (center, sigma) it is pushed with. A NaN x
// leaves the state unchanged and never signals. sigma == 0 makes both
// limits the center: any z off the center line signals.
// Not thread-safe; O(1) per point.
class EwmaDetector {
 public:
  explicit EwmaDetector(EwmaParams params = {}) : params_(params) {}

  EwmaPoint push(double x, double center, double sigma);
  void reset();
  const EwmaParams& params() const { return params_; }
  std::size_t count() const { return count_; }

 private:
  EwmaParams params_;
  double z_ = 0;
  double decay_ = 1;  // (1 - lambda)^(2i), kept incrementally
  std::size_t count_ = 0;
};

}  // namespace llmscope::spc
