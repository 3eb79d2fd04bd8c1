#pragma once

#include <cstddef>

namespace llmscope::spc {

// Parameters of the tabular CUSUM, in sigmas. Defaults k = 0.5, h = 5
// (in-control ARL about 465, a 1-sigma shift found in about 10 points).
// fir: fast initial response, both sums start at h/2 (Lucas & Crosier),
// which halves the time to catch a process that is off from the start.
struct CusumParams {
  bool enabled = true;
  double k = 0.5;  // allowance (slack), sigmas
  double h = 5;    // decision interval, sigmas
  bool fir = false;
};

// One CUSUM point, in the units of x:
//   C+_i = max(0, x_i - (CL + k sigma) + C+_{i-1})
//   C-_i = max(0, (CL - k sigma) - x_i + C-_{i-1})
// signal when C+ > h sigma or C- > h sigma (strict).
struct CusumPoint {
  double upper = 0;  // C+
  double lower = 0;  // C- (non-negative; the sum below the center)
  double h = 0;      // the decision interval h sigma this point met
  bool signal = false;
};

// The tabular CUSUM of a series, point by point. The sums are not reset
// after a signal: a sustained shift keeps signalling (one episode). A NaN
// x leaves the sums unchanged and never signals. Not thread-safe; O(1).
class CusumDetector {
 public:
  explicit CusumDetector(CusumParams params = {}) : params_(params) {}

  CusumPoint push(double x, double center, double sigma);
  void reset();
  const CusumParams& params() const { return params_; }

 private:
  CusumParams params_;
  double upper_ = 0;
  double lower_ = 0;
  bool started_ = false;
};

}  // namespace llmscope::spc
