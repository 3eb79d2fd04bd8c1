// The store read behind a control chart: chart_columns() over 24 h and
// 7 days of 2 s samples of one series (43,200 and 302,400 rows), with
// three other series interleaved as a monitor of four models would have.
//   build/bench/chart_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "store/sqlite_store.hpp"

namespace {

using namespace llmscope;

constexpr int kWeekOfTwoSecondSamples = 302'400;
constexpr EpochMs kStepMs = 2000;
constexpr int kOtherSeries = 3;

class WeekOfSamples {
 public:
  WeekOfSamples() {
    path_ = std::filesystem::temp_directory_path() /
            ("llmscope-chart-bench-" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    store_ = std::move(*store::SqliteStore::open(path_.string()));
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> latency(6.7, 0.2);
    end_ms_ = 1796396400000;
    const EpochMs start = end_ms_ - (kWeekOfTwoSecondSamples - 1) * kStepMs;
    constexpr int kBatch = 20'000;
    for (int first = 0; first < kWeekOfTwoSecondSamples; first += kBatch) {
      auto r = store_->transaction([&]() -> StoreResult<void> {
        for (int i = first; i < std::min(first + kBatch, kWeekOfTwoSecondSamples); ++i) {
          for (int s = 0; s <= kOtherSeries; ++s) {
            Sample x;
            x.provider = "bench";
            x.model = s == 0 ? "week" : "other-" + std::to_string(s);
            x.timestamp_ms = start + i * kStepMs;
            x.success = i % 97 != 0;
            if (x.success) {
              x.latency_ms = latency(rng);
              x.ttft_ms = *x.latency_ms / 4;
            } else {
              x.error_kind = ErrorKind::timeout_total;
            }
            if (auto id = store_->insert_sample(x); !id) return std::unexpected(id.error());
          }
        }
        return {};
      });
      if (!r) throw std::runtime_error(r.error().message);
    }
  }
  ~WeekOfSamples() {
    store_.reset();
    for (const char* suffix : {"", "-wal", "-shm"})
      std::filesystem::remove(path_.string() + suffix);
  }

  store::SqliteStore& store() { return *store_; }
  EpochMs end_ms() const { return end_ms_; }

 private:
  std::filesystem::path path_;
  std::unique_ptr<store::SqliteStore> store_;
  EpochMs end_ms_ = 0;
};

WeekOfSamples& data() {
  static WeekOfSamples week;  // built once, on first use
  return week;
}

void chart_read(benchmark::State& state) {
  const auto hours = state.range(0);
  ChartQuery q;
  q.provider = "bench";
  q.model = "week";
  q.metric = Metric::latency_ms;
  q.since_ms = data().end_ms() - hours * 3'600'000 + 1;
  std::size_t rows = 0;
  for (auto _ : state) {
    auto columns = data().store().chart_columns(q);
    if (!columns) state.SkipWithError(columns.error().message.c_str());
    rows = columns->size();
    benchmark::DoNotOptimize(columns->values.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(rows));
}
BENCHMARK(chart_read)->Arg(24)->Arg(168)->Unit(benchmark::kMillisecond);

void series_list(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(data().store().series()->size());
}
BENCHMARK(series_list)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
