#pragma once

#include <cstddef>
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
                                      std::span<const std::size_t> keep, std::size_t max_points);

}  // namespace llmscope::server
