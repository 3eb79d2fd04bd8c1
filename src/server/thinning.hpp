#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <span>
#include <vector>

namespace llmscope::server {

// Which points of a long series to send to a screen `max_points` wide.
//
// The series is cut into max_points / 2 buckets of consecutive points; each
// keeps its lowest and highest value (so every spike and dip stays
// visible, as on the full chart), and every index in `keep` (the flagged
// points) survives, as do the first and the last point. The result is
// ascending, holds at most max_points + keep.size() indices, and is all of
// 0..n-1 when n <= max_points. `keep` must be ascending.
std::vector<std::size_t> thin_indices(std::span<const double> values,
                                      std::span<const std::size_t> keep,
                                      std::size_t max_points);

// Thins a GET /api/stats/spc answer in place to about `max_points` points:
// every array of the answer (at the top or one object down, such as the
// EWMA and CUSUM series) as long as "values" keeps the chosen positions,
// and each flag's "index" is renumbered. Adds "thinned": {"from", "to"}
// when points were dropped. Summary and limits are left as computed from
// all points. max_points >= 2.
// TODO(#6): this runs after the whole answer is built as JSON; choosing the
// indices before serialising (times, values, MR, EWMA, CUSUM) would cut the
// 7-day chart's server time (2.6 s here, see docs/BENCHMARKS.md).
void thin_chart(nlohmann::json& body, std::size_t max_points);

}  // namespace llmscope::server
