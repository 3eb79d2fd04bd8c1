#include "server/thinning.hpp"

#include <algorithm>

namespace llmscope::server {
std::vector<std::size_t> thin_indices(std::span<const double> values,
                                      std::span<const std::size_t> keep, std::size_t max_points) {
  const std::size_t n = values.size();
  std::vector<std::size_t> out;
  if (n <= max_points) {
    for (std::size_t i = 0; i < n; ++i) out.push_back(i);
    return out;
  }

  // Lowest and highest of each bucket, in index order.
  const std::size_t buckets = std::max<std::size_t>(1, max_points / 2);
  out.reserve(max_points + keep.size() + 2);
  for (std::size_t b = 0; b < buckets; ++b) {
    std::size_t lo = b * n / buckets, hi = (b + 1) * n / buckets;
    if (lo == hi) continue;
    auto [mn, mx] = std::minmax_element(values.begin() + lo, values.begin() + hi);
    std::size_t a = mn - values.begin(), z = mx - values.begin();
    out.push_back(std::min(a, z));
    if (a != z) out.push_back(std::max(a, z));
  }

  // The flagged points and both ends, merged in.
  std::vector<std::size_t> extra(keep.begin(), keep.end());
  extra.push_back(0);
  extra.push_back(n - 1);
  std::erase_if(extra, [n](std::size_t i) { return i >= n; });
  std::vector<std::size_t> merged;
  merged.reserve(out.size() + extra.size());
  std::sort(extra.begin(), extra.end());
  std::merge(out.begin(), out.end(), extra.begin(), extra.end(), std::back_inserter(merged));
  merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
  return merged;
}

}  // namespace llmscope::server
