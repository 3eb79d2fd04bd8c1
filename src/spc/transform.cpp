#include "spc/transform.hpp"

#include <cmath>
#include <limits>

namespace llmscope::spc {

std::string_view to_string(Transform t) { return t == Transform::log ? "log" : "none"; }

std::optional<Transform> transform_from_string(std::string_view text) {
  if (text == "none") return Transform::none;
  if (text == "log") return Transform::log;
  return std::nullopt;
}

double apply(Transform t, double x) {
  if (t == Transform::none) return x;
  return x > 0 ? std::log(x) : std::numeric_limits<double>::quiet_NaN();
}

double invert(Transform t, double y) { return t == Transform::none ? y : std::exp(y); }

Limits to_original_scale(Transform t, const Limits& judged) {
  Limits out = judged;
  out.center = invert(t, judged.center);
  out.ucl = invert(t, judged.ucl);
  out.lcl = invert(t, judged.lcl);
  return out;
}

}  // namespace llmscope::spc
