#include "spc/nelson.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace llmscope::spc {

namespace {

using Window = std::deque<detail::JudgedPoint>;

// Minimum length of each test (index = test - 1) for it to mean anything:
// tests 3 and 4 need at least one difference. Test 1 has no length.
constexpr std::array<int, 8> kMinLength = {0, 1, 2, 2, 1, 1, 1, 1};

double zone_of(double x, double center, double sigma) {
  if (std::isnan(x) || std::isnan(center) || !(sigma >= 0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  if (sigma > 0) return (x - center) / sigma;
  // A flat baseline: anything off the center line is infinitely far out.
  if (x == center) return 0;
  const double inf = std::numeric_limits<double>::infinity();
  return x > center ? inf : -inf;
}

// -1, 0 or +1; NaN has no sign.
int sign_of(double d) { return (d > 0) - (d < 0); }

// The i-th point of the last `w` points of h (i = 0 is the oldest).
const detail::JudgedPoint& at(const Window& h, std::size_t w, std::size_t i) {
  return h[h.size() - w + i];
}

bool beyond_one_point(const Window& h, double k) {
  const double z = h.back().z;
  return z > k || z < -k;
}

bool run_on_one_side(const Window& h, std::size_t w) {
  const int side = sign_of(h.back().z);
  if (side == 0) return false;
  for (std::size_t i = 0; i < w; ++i) {
    if (sign_of(at(h, w, i).z) != side) return false;
  }
  return true;
}

bool monotone_run(const Window& h, std::size_t w) {
  const int dir = sign_of(at(h, w, w - 1).x - at(h, w, w - 2).x);
  if (dir == 0) return false;
  for (std::size_t i = 1; i < w; ++i) {
    if (sign_of(at(h, w, i).x - at(h, w, i - 1).x) != dir) return false;
  }
  return true;
}

bool alternating_run(const Window& h, std::size_t w) {
  int previous = 0;
  for (std::size_t i = 1; i < w; ++i) {
    const int dir = sign_of(at(h, w, i).x - at(h, w, i - 1).x);
    if (dir == 0 || dir == previous) return false;
    previous = dir;
  }
  return true;
}

// Tests 5 and 6: K = w - 1 of the w points beyond k on the side of the
// last point, which must itself be beyond.
bool k_of_window_beyond(const Window& h, std::size_t w, double k) {
  const double last = h.back().z;
  const int side = last > k ? 1 : (last < -k ? -1 : 0);
  if (side == 0) return false;
  std::size_t count = 0;
  for (std::size_t i = 0; i < w; ++i) {
    if (side * at(h, w, i).z > k) ++count;
  }
  return count >= w - 1;
}

bool run_within(const Window& h, std::size_t w, double k) {
  for (std::size_t i = 0; i < w; ++i) {
    if (!(std::fabs(at(h, w, i).z) <= k)) return false;
  }
  return true;
}

bool run_beyond_both_sides(const Window& h, std::size_t w, double k) {
  bool above = false;
  bool below = false;
  for (std::size_t i = 0; i < w; ++i) {
    const double z = at(h, w, i).z;
    if (z > k) {
      above = true;
    } else if (z < -k) {
      below = true;
    } else {
      return false;
    }
  }
  return above && below;
}

bool fires(int test, const NelsonTestParams& p, const Window& h) {
  const std::size_t w = window_of(test, p);
  if (w == 0 || h.size() < w) return false;
  switch (test) {
    case 1: return beyond_one_point(h, p.k_sigma);
    case 2: return run_on_one_side(h, w);
    case 3: return monotone_run(h, w);
    case 4: return alternating_run(h, w);
    case 5:
    case 6: return k_of_window_beyond(h, w, p.k_sigma);
    case 7: return run_within(h, w, p.k_sigma);
    case 8: return run_beyond_both_sides(h, w, p.k_sigma);
    default: return false;
  }
}

}  // namespace

std::size_t window_of(int test, const NelsonTestParams& params) {
  if (test < 1 || test > 8 || !params.enabled) return 0;
  if (test == 1) return 1;
  if (params.length < kMinLength[test - 1]) return 0;
  const auto length = static_cast<std::size_t>(params.length);
  if (test == 5 || test == 6) return length + 1;
  return length;
}

NelsonConfig NelsonConfig::minitab() {
  NelsonConfig c;
  c.tests = {{
      {true, 1, 3.0},   // 1: one point beyond 3 sigma
      {true, 9, 0.0},   // 2: 9 in a row on one side
      {true, 6, 0.0},   // 3: 6 in a row strictly up or down
      {true, 14, 0.0},  // 4: 14 in a row alternating
      {true, 2, 2.0},   // 5: 2 of 3 beyond 2 sigma, same side
      {true, 4, 1.0},   // 6: 4 of 5 beyond 1 sigma, same side
      {true, 15, 1.0},  // 7: 15 in a row within 1 sigma
      {true, 8, 1.0},   // 8: 8 in a row beyond 1 sigma, both sides
  }};
  return c;
}

NelsonConfig NelsonConfig::western_electric() {
  NelsonConfig c = only(std::array{1, 2, 5, 6});
  c.tests[1].length = 8;
  return c;
}

NelsonConfig NelsonConfig::only(std::span<const int> test_numbers) {
  NelsonConfig c = minitab();
  for (auto& t : c.tests) t.enabled = false;
  for (int n : test_numbers) {
    if (n >= 1 && n <= 8) c.tests[n - 1].enabled = true;
  }
  return c;
}

NelsonDetector::NelsonDetector(NelsonConfig config) : config_(config) {
  for (int t = 1; t <= 8; ++t) {
    max_window_ = std::max(max_window_, window_of(t, config_.tests[t - 1]));
  }
}

RuleMask NelsonDetector::push(double x, double center, double sigma) {
  history_.push_back({x, zone_of(x, center, sigma)});
  if (history_.size() > max_window_) history_.pop_front();

  RuleMask mask = 0;
  for (int t = 1; t <= 8; ++t) {
    if (fires(t, config_.tests[t - 1], history_)) {
      mask = static_cast<RuleMask>(mask | (1u << (t - 1)));
    }
  }
  return mask;
}

void NelsonDetector::reset() { history_.clear(); }

std::array<std::vector<std::size_t>, 8> nelson_flags(std::span<const double> xs, double center,
                                                     double sigma, const NelsonConfig& config) {
  std::array<std::vector<std::size_t>, 8> flags;
  NelsonDetector detector(config);
  for (std::size_t i = 0; i < xs.size(); ++i) {
    const RuleMask mask = detector.push(xs[i], center, sigma);
    for (int t = 0; t < 8; ++t) {
      if (mask & (1u << t)) flags[t].push_back(i);
    }
  }
  return flags;
}

}  // namespace llmscope::spc
