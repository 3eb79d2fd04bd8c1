#include "server/thinning.hpp"

#include <algorithm>

namespace llmscope::server {
namespace {

using nlohmann::json;

json pick(const json& array, const std::vector<std::size_t>& chosen) {
  json out = json::array();
  for (std::size_t i : chosen) out.push_back(array[i]);
  return out;
}

// Replaces every array of length n in `object` by its chosen elements.
void thin_arrays(json& object, std::size_t n, const std::vector<std::size_t>& chosen,
                 int depth) {
  for (auto& [key, value] : object.items()) {
    if (key == "flags") continue;
    if (value.is_array() && value.size() == n) {
      value = pick(value, chosen);
    } else if (value.is_object() && depth > 0) {
      thin_arrays(value, n, chosen, depth - 1);
    }
  }
}

}  // namespace

std::vector<std::size_t> thin_indices(std::span<const double> values,
                                      std::span<const std::size_t> keep,
                                      std::size_t max_points) {
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

void thin_chart(json& body, std::size_t max_points) {
  if (!body.contains("values") || !body["values"].is_array()) return;
  const std::size_t n = body["values"].size();
  if (n <= max_points) return;

  std::vector<double> values;
  values.reserve(n);
  for (const json& v : body["values"]) values.push_back(v.is_number() ? v.get<double>() : 0.0);
  std::vector<std::size_t> flagged;
  for (const json& f : body.value("flags", json::array()))
    flagged.push_back(f.at("index").get<std::size_t>());
  std::sort(flagged.begin(), flagged.end());

  auto chosen = thin_indices(values, flagged, max_points);
  thin_arrays(body, n, chosen, 1);
  for (json& f : body["flags"]) {
    auto at = std::lower_bound(chosen.begin(), chosen.end(), f["index"].get<std::size_t>());
    f["index"] = static_cast<std::size_t>(at - chosen.begin());
  }
  body["thinned"] = {{"from", n}, {"to", chosen.size()}};
}

}  // namespace llmscope::server
