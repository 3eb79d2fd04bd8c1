// Evidence for the default transform of time metrics: points flagged on
// in-control stretches of real latency series (tests/data) and on
// simulated lognormal data, judged on x (none) and on ln x (log).
//   build/bench/transform_bench [tests/data folder]
// Real series: each is its own baseline (Phase I, as `llmscope analyze`
// draws it); stretches with a documented incident (tests/data/SOURCES.md)
// are left out. Simulated: limits from 10,000 points, then 200,000 judged
// against them (Phase II). Prints Markdown tables.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "cli/csv.hpp"
#include "spc/individuals.hpp"
#include "spc/nelson.hpp"
#include "spc/transform.hpp"

namespace {

using namespace llmscope;
using spc::Transform;

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t col(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
};

Table read_csv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  cli::CsvReader reader(s);
  Table t;
  std::vector<std::string> row;
  if (!reader.next(row).value_or(false)) return t;
  t.header = row;
  while (reader.next(row).value_or(false)) t.rows.push_back(row);
  return t;
}

struct Series {
  std::string name;
  std::vector<double> xs;
};

struct Counts {
  std::size_t points = 0, test1 = 0, any = 0;
};

// Flags of test 1 and of any of tests 1-8, the series being its own baseline.
Counts phase_one(const std::vector<double>& xs, Transform t) {
  std::vector<double> ys;
  for (double x : xs)
    if (double y = spc::apply(t, x); std::isfinite(y)) ys.push_back(y);
  Counts c;
  auto l = spc::individuals_limits(ys);
  if (!l) return c;
  auto flags = spc::nelson_flags(ys, l->center, l->sigma);
  std::vector<bool> any(ys.size(), false);
  for (const auto& f : flags)
    for (std::size_t i : f) any[i] = true;
  c.points = ys.size();
  c.test1 = flags[0].size();
  c.any = static_cast<std::size_t>(std::count(any.begin(), any.end(), true));
  return c;
}

double per_1000(std::size_t n, std::size_t points) {
  return points ? 1000.0 * static_cast<double>(n) / static_cast<double>(points) : 0;
}

std::vector<Series> llmperf(const std::string& dir) {
  // Runs with a documented incident: lepton (429 outage), replicate 13b
  // (sawtooth queueing), replicate 70b (warm-up), together 13b (stalls).
  const std::vector<std::string> incidents = {"lepton_7b",     "lepton_13b",    "lepton_70b",
                                              "replicate_13b", "replicate_70b", "together_13b"};
  Table t = read_csv(dir + "/llmperf_leaderboard_requests.csv");
  std::map<std::string, std::map<std::string, std::vector<double>>> runs;
  const char* metrics[] = {"end_to_end_latency_s", "ttft_s", "inter_token_latency_s",
                           "request_output_throughput_token_per_s"};
  for (const auto& r : t.rows) {
    const std::string run = r[t.col("provider")] + "_" + r[t.col("model_size")];
    if (std::find(incidents.begin(), incidents.end(), run) != incidents.end()) continue;
    if (!r[t.col("error_code")].empty()) continue;  // failed: never in a baseline
    for (const char* m : metrics) runs[m][run].push_back(std::stod(r[t.col(m)]));
  }
  std::vector<Series> out;
  for (const auto& [metric, by_run] : runs)
    for (const auto& [run, xs] : by_run) out.push_back({"llmperf " + metric, xs});
  return out;
}

std::vector<Series> aiperf(const std::string& dir) {
  Table t = read_csv(dir + "/aiperf_gptoss20b_burst_requests.csv");
  std::vector<Series> out;
  for (const char* m : {"request_latency_ms", "ttft_ms", "inter_token_latency_ms",
                        "output_token_throughput_per_user_tok_s"}) {
    Series s{std::string("aiperf ") + m, {}};
    for (const auto& r : t.rows)
      if (r[t.col("error_code")].empty()) s.xs.push_back(std::stod(r[t.col(m)]));
    out.push_back(s);
  }
  return out;
}

std::vector<Series> ollama(const std::string& dir) {
  Table t = read_csv(dir + "/ollama_real_final_stats.csv");
  std::map<std::string, std::vector<std::pair<std::string, double>>> by_model;
  for (const auto& r : t.rows)
    if (r[t.col("server")] == "ollama.com")
      by_model[r[t.col("model")]].emplace_back(r[t.col("final_created_at")],
                                               std::stod(r[t.col("total_duration_ns")]) / 1e6);
  std::vector<Series> out;
  for (auto& [model, rows] : by_model) {
    std::sort(rows.begin(), rows.end());
    Series s{"ollama.com total_duration " + model, {}};
    for (const auto& [when, ms] : rows) s.xs.push_back(ms);
    out.push_back(s);
  }
  return out;
}

void real_table(const std::vector<Series>& all) {
  // Grouped by source and metric; the llmperf runs are pooled per metric.
  std::map<std::string, std::pair<Counts, Counts>> groups;
  std::map<std::string, std::size_t> series_count;
  for (const Series& s : all) {
    auto& [none, log] = groups[s.name];
    const Counts a = phase_one(s.xs, Transform::none), b = phase_one(s.xs, Transform::log);
    none.points += a.points, none.test1 += a.test1, none.any += a.any;
    log.points += b.points, log.test1 += b.test1, log.any += b.any;
    ++series_count[s.name];
  }
  std::printf(
      "| series | stretches | points | test 1 none | test 1 log | tests 1-8 none | "
      "tests 1-8 log |\n| --- | --- | --- | --- | --- | --- | --- |\n");
  Counts total_none, total_log;
  for (const auto& [name, c] : groups) {
    const auto& [none, log] = c;
    std::printf("| %s | %zu | %zu | %zu (%.1f) | %zu (%.1f) | %zu (%.1f) | %zu (%.1f) |\n",
                name.c_str(), series_count[name], none.points, none.test1,
                per_1000(none.test1, none.points), log.test1, per_1000(log.test1, log.points),
                none.any, per_1000(none.any, none.points), log.any, per_1000(log.any, log.points));
    total_none.points += none.points, total_none.test1 += none.test1, total_none.any += none.any;
    total_log.points += log.points, total_log.test1 += log.test1, total_log.any += log.any;
  }
  std::printf("| all | | %zu | %zu (%.1f) | %zu (%.1f) | %zu (%.1f) | %zu (%.1f) |\n\n",
              total_none.points, total_none.test1, per_1000(total_none.test1, total_none.points),
              total_log.test1, per_1000(total_log.test1, total_log.points), total_none.any,
              per_1000(total_none.any, total_none.points), total_log.any,
              per_1000(total_log.any, total_log.points));
}

// Phase II on lognormal data: limits from `base` points, then `n` judged.
void simulated_table() {
  constexpr int kBase = 10'000, kJudged = 200'000;
  std::printf(
      "| log-sd | test 1 none | test 1 log | tests 1-8 none | tests 1-8 log |\n"
      "| --- | --- | --- | --- | --- |\n");
  for (double sdlog : {0.1, 0.25, 0.5, 1.0}) {
    std::mt19937_64 rng(7);
    std::lognormal_distribution<double> dist(std::log(800.0), sdlog);
    std::vector<double> base(kBase), judged(kJudged);
    for (double& x : base) x = dist(rng);
    for (double& x : judged) x = dist(rng);
    std::printf("| %.2f |", sdlog);
    std::size_t cells[4];
    int k = 0;
    for (const char* which : {"test1", "any"}) {
      for (Transform t : {Transform::none, Transform::log}) {
        std::vector<double> yb, yj;
        for (double x : base) yb.push_back(spc::apply(t, x));
        for (double x : judged) yj.push_back(spc::apply(t, x));
        auto l = *spc::individuals_limits(yb);
        auto flags = spc::nelson_flags(yj, l.center, l.sigma);
        std::vector<bool> any(yj.size(), false);
        for (const auto& f : flags)
          for (std::size_t i : f) any[i] = true;
        cells[k++] = std::string(which) == "test1"
                         ? flags[0].size()
                         : static_cast<std::size_t>(std::count(any.begin(), any.end(), true));
      }
    }
    for (std::size_t c : cells) std::printf(" %.2f |", per_1000(c, kJudged));
    std::printf("\n");
  }
  std::printf(
      "\n(points flagged per 1,000; test 1 alone on normal data with known limits: "
      "2.70. The log columns are the same normal draws at every log-sd.)\n");
}

}  // namespace

int main(int argc, char** argv) {
  const std::string dir = argc > 1 ? argv[1] : "tests/data";
  std::vector<Series> all = llmperf(dir);
  for (auto& s : aiperf(dir)) all.push_back(s);
  for (auto& s : ollama(dir)) all.push_back(s);
  std::printf("Real series, each stretch its own baseline: flagged points (per 1,000)\n\n");
  real_table(all);
  std::printf("Simulated lognormal, median 800 ms, Phase II: flagged points per 1,000\n\n");
  simulated_table();
  return 0;
}
