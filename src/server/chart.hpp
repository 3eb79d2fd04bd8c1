#pragma once

#include <optional>
#include <vector>

#include "core/sample.hpp"
#include "core/store.hpp"
#include "spc/individuals.hpp"

namespace llmscope::server {

// Summary figures of the values shown on a chart.
struct ChartSummary {
  std::size_t count = 0;  // successful samples with a value
  double mean = 0;
  double std = 0;         // sample standard deviation (n - 1)
  double p50 = 0, p95 = 0, p99 = 0;
  std::size_t errors = 0;  // failed samples in the window
  double error_rate = 0;   // errors / all samples in the window
};

// Percentile by linear interpolation between closest ranks (the method of
// numpy's default and of Excel's PERCENTILE.INC). `sorted` is ascending and
// not empty; p in [0, 100].
double percentile(const std::vector<double>& sorted, double p);

// Summary of `values` and of the outcome of `samples` (all of them,
// failures included).
ChartSummary summarize(const std::vector<double>& values, std::size_t samples,
                       std::size_t errors);

}  // namespace llmscope::server
