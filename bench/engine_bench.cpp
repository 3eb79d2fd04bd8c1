// Throughput of the live SPC engine and of the ingest path.
//   build/bench/engine_bench
#include <benchmark/benchmark.h>

#include <filesystem>
#include <random>

#include "core/monitor.hpp"
#include "core/pipeline.hpp"
#include "spc/nelson.hpp"
#include "store/sqlite_store.hpp"

namespace {

using namespace llmscope;

constexpr EpochMs kStart = 1796396400000;
constexpr int kDayOfTwoSecondSamples = 43'200;

Sample latency_sample(EpochMs t, double ms) {
  Sample s;
  s.provider = "ollama";
  s.model = "bench";
  s.timestamp_ms = t;
  s.latency_ms = ms;
  return s;
}

// One series with a full 24 h rolling baseline of 2 s samples (43,200
// points), then one observe() per iteration: judging, expiring one point
// and adding one.
void observe_full_day(benchmark::State& state, const MonitorSettings& settings) {
  Monitor monitor(settings);
  std::mt19937_64 rng(42);
  std::normal_distribution<double> noise(800, 30);
  EpochMs t = kStart;
  for (int i = 0; i < kDayOfTwoSecondSamples; ++i, t += 2000)
    monitor.observe(latency_sample(t, noise(rng)));

  for (auto _ : state) {
    auto obs = monitor.observe(latency_sample(t, noise(rng)));
    benchmark::DoNotOptimize(obs);
    t += 2000;
  }
  state.SetItemsProcessed(state.iterations());
}

// The default detectors, the eight Nelson tests alerting.
void BM_MonitorObserveFullDay(benchmark::State& state) {
  MonitorSettings settings;
  settings.alert_rules = {1, 2, 3, 4, 5, 6, 7, 8};
  observe_full_day(state, settings);
}
BENCHMARK(BM_MonitorObserveFullDay);

// The whole engine: all eight Nelson tests, MR1, EWMA, CUSUM with head
// start, the error-rate p chart, every rule alerting; Arg(1) on the log
// scale (the default for latency).
void BM_MonitorAllDetectorsFullDay(benchmark::State& state) {
  MonitorSettings settings;
  settings.alert_rules.clear();
  for (int r = 1; r <= kRuleCount; ++r) settings.alert_rules.push_back(r);
  settings.cusum.fir = true;
  if (state.range(0)) settings.transforms[Metric::latency_ms] = spc::Transform::log;
  observe_full_day(state, settings);
}
BENCHMARK(BM_MonitorAllDetectorsFullDay)->Arg(0)->Arg(1);

void BM_NelsonDetectorPush(benchmark::State& state) {
  spc::NelsonDetector detector;
  std::mt19937_64 rng(7);
  std::normal_distribution<double> noise(0, 1);
  for (auto _ : state) benchmark::DoNotOptimize(detector.push(noise(rng), 0, 1));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NelsonDetectorPush);

// Batches of samples through the pipeline into a real SQLite file (WAL,
// synchronous=NORMAL): one transaction per batch.
void BM_PipelineIngestBatch(benchmark::State& state) {
  auto dir = std::filesystem::temp_directory_path() / "llmscope-bench-ingest";
  std::filesystem::remove_all(dir);
  auto store = std::move(*store::SqliteStore::open((dir / "bench.db").string()));
  Pipeline pipeline(*store, MonitorSettings{});
  std::mt19937_64 rng(1);
  std::normal_distribution<double> noise(800, 30);
  EpochMs t = kStart;
  const auto batch_size = static_cast<std::size_t>(state.range(0));

  for (auto _ : state) {
    std::vector<Sample> batch;
    for (std::size_t i = 0; i < batch_size; ++i, t += 2000)
      batch.push_back(latency_sample(t, noise(rng)));
    auto r = pipeline.ingest(std::move(batch));
    if (!r) state.SkipWithError(r.error().message.c_str());
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_PipelineIngestBatch)->Arg(1)->Arg(100)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
