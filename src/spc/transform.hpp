#pragma once

#include <optional>
#include <string_view>

#include "spc/individuals.hpp"

namespace llmscope::spc {

// How a metric is judged: on its values (none) or on their natural
// logarithm (log), which makes right-skewed latency close to normal. With
// log, the rules see ln(x) and the limits are drawn back with exp().
enum class Transform { none, log };

std::string_view to_string(Transform t);
std::optional<Transform> transform_from_string(std::string_view text);

// The value the rules judge: x, or ln(x); NaN for log of x <= 0 (such a
// point is not judged).
double apply(Transform t, double x);

// A judged-scale value back on the original scale: y, or exp(y).
double invert(Transform t, double y);

// Center and limits on the original scale (sigma, mr_* stay on the judged
// scale: they have no single meaning in the original units under log).
Limits to_original_scale(Transform t, const Limits& judged);

}  // namespace llmscope::spc
