#include "core/baseline.hpp"

#include <cmath>

namespace llmscope {

std::vector<double> baseline_values(const std::vector<Sample>& samples, Metric metric,
                                    spc::Transform transform) {
  std::vector<double> out;
  for (const Sample& s : samples) {
    auto x = metric_value(s, metric);  // nullopt for failed samples
    if (!x) continue;
    const double y = spc::apply(transform, *x);
    if (std::isfinite(y)) out.push_back(y);
  }
  return out;
}

}  // namespace llmscope
