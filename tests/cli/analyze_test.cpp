// analyze_csv / analyze_csv_text / run_analyze without a process.

#include "cli/analyze.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "spc/individuals.hpp"
#include "spc/nelson.hpp"

namespace llmscope::cli {
namespace {

using Positions = std::vector<std::size_t>;

AnalyzeOptions opts(std::string column, std::vector<std::string> filters = {}) {
  return {"mem.csv", std::move(column), std::move(filters)};
}

TEST(ParseNumber, AcceptsDecimalAndExponentForms) {
  EXPECT_EQ(parse_number("1.5"), 1.5);
  EXPECT_EQ(parse_number("-2"), -2.0);
  EXPECT_EQ(parse_number("+3"), 3.0);
  EXPECT_EQ(parse_number("1e-3"), 1e-3);
  EXPECT_EQ(parse_number(" 4.25\t"), 4.25);
  EXPECT_EQ(parse_number("0"), 0.0);
  EXPECT_EQ(parse_number(".5"), 0.5);
}

TEST(ParseNumber, RejectsTextEmptyAndNonFinite) {
  for (const char* cell : {"", "  ", "abc", "1.5s", "1,5", "nan", "NaN", "inf", "-inf", "1e999",
                           "0x10", "+-1", "--1", "1 2"}) {
    EXPECT_FALSE(parse_number(cell)) << "'" << cell << "'";
  }
}

TEST(AnalyzeCsvText, FiltersKeepRowsMatchingEveryFilterExactly) {
  const std::string csv =
      "host,model,ms\n"
      "a,x,1\n"
      "a,y,100\n"
      "b,x,200\n"
      "a,x,3\n"
      "a,x ,300\n"  // "x " is not "x"
      "a,x,2\n";
  const auto r = analyze_csv_text(csv, opts("ms", {"host=a", "model=x"}));
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->values, (std::vector<double>{1, 3, 2}));
  EXPECT_EQ(r->rows_matched, 3u);
  EXPECT_EQ(r->skipped, 0u);
  EXPECT_DOUBLE_EQ(r->limits.center, 2);
  EXPECT_DOUBLE_EQ(r->limits.mr_center, 1.5);
}

TEST(AnalyzeCsvText, FilterValueMayContainEqualsOrBeEmpty) {
  const std::string csv = "k,v\n\"a=b\",1\n,2\n\"a=b\",4\n,8\n";
  const auto eq = analyze_csv_text(csv, opts("v", {"k=a=b"}));
  ASSERT_TRUE(eq);
  EXPECT_EQ(eq->values, (std::vector<double>{1, 4}));
  const auto empty = analyze_csv_text(csv, opts("v", {"k="}));
  ASSERT_TRUE(empty);
  EXPECT_EQ(empty->values, (std::vector<double>{2, 8}));
}

TEST(AnalyzeCsvText, EmptyAndNonNumericCellsAreSkippedAndCounted) {
  const std::string csv = "v\n1\n\"\"\nfast\n2\n\"3\"\nnan\n 4 \n";
  const auto r = analyze_csv_text(csv, opts("v"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->values, (std::vector<double>{1, 2, 3, 4}));
  EXPECT_EQ(r->skipped, 3u);
  EXPECT_EQ(r->rows_matched, 7u);
}

TEST(AnalyzeCsvText, PositionsCountValuesAfterSkipping) {
  // The 100 is the 5th row but the 4th value.
  std::string csv = "id,v\n";
  for (const char* cell : {"1", "", "2", "1", "100", "2", "1", "2", "1", "2", "1", "2"}) {
    csv += "r," + std::string(cell) + "\n";
  }
  const auto r = analyze_csv_text(csv, opts("v"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->skipped, 1u);
  ASSERT_EQ(r->values.size(), 11u);
  EXPECT_EQ(r->values[3], 100);
  EXPECT_EQ(r->flags[0], Positions{3});
}

TEST(AnalyzeCsvText, BlankLineInSingleColumnFileIsNotACell) {
  // Blank lines are skipped by the CSV reader; a quoted "" is an empty cell.
  const auto r = analyze_csv_text("v\n1\n\n2\n\"\"\n3\n", opts("v"));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->values.size(), 3u);
  EXPECT_EQ(r->skipped, 1u);
}

TEST(AnalyzeCsvText, FlagsAreTheDefaultNelsonTestsAgainstWholeSeriesLimits) {
  std::string csv = "v\n";
  std::vector<double> xs;
  for (int i = 0; i < 60; ++i) {
    xs.push_back(std::sin(i * 1.7) + (i > 40 ? 2.5 : 0) + (i == 20 ? 9 : 0));
    csv += std::to_string(xs.back()) + "\n";
  }
  const auto r = analyze_csv_text(csv, opts("v"));
  ASSERT_TRUE(r);
  const auto l = spc::individuals_limits(r->values).value();
  EXPECT_EQ(r->flags, spc::nelson_flags(r->values, l.center, l.sigma));
  EXPECT_FALSE(r->flags[0].empty());
  EXPECT_FALSE(r->flags[1].empty());
}

struct ErrorCase {
  const char* name;
  std::string csv;
  AnalyzeOptions options;
  AnalyzeErrorKind kind;
  const char* mentions;  // the message names the problem
};

TEST(AnalyzeCsvText, ErrorsAreValuesOfTheRightKind) {
  const std::string ok = "a,b\n1,2\n3,4\n";
  const std::vector<ErrorCase> cases = {
      {"missing column", ok, opts("c"), AnalyzeErrorKind::kMissingColumn, "'c'"},
      {"unknown filter column", ok, opts("a", {"z=1"}), AnalyzeErrorKind::kUnknownFilterColumn,
       "'z'"},
      {"filter without =", ok, opts("a", {"b"}), AnalyzeErrorKind::kMalformedFilter, "'b'"},
      {"filter without column", ok, opts("a", {"=1"}), AnalyzeErrorKind::kMalformedFilter, "'=1'"},
      {"one value", "a\n1\n", opts("a"), AnalyzeErrorKind::kTooFewValues, "only 1"},
      {"no row matches", ok, opts("a", {"b=9"}), AnalyzeErrorKind::kTooFewValues, "0 row(s)"},
      {"empty file", "", opts("a"), AnalyzeErrorKind::kMalformedCsv, "empty"},
      {"ragged row", "a,b\n1,2\n3\n", opts("a"), AnalyzeErrorKind::kMalformedCsv, "line 3"},
      {"open quote", "a\n\"1\n", opts("a"), AnalyzeErrorKind::kMalformedCsv, "line 2"},
      {"duplicate column", "a,a\n1,2\n3,4\n", opts("a"), AnalyzeErrorKind::kAmbiguousColumn, "'a'"},
      {"overflowing values", "a\n1e308\n1e308\n-1e308\n", opts("a"),
       AnalyzeErrorKind::kValuesTooLarge, "too large"},
  };
  for (const auto& c : cases) {
    const auto r = analyze_csv_text(c.csv, c.options);
    ASSERT_FALSE(r) << c.name;
    EXPECT_EQ(r.error().kind, c.kind) << c.name << ": " << r.error().message;
    EXPECT_NE(r.error().message.find(c.mentions), std::string::npos)
        << c.name << ": " << r.error().message;
  }
}

TEST(AnalyzeCsv, UnreadableFileIsAnError) {
  auto r = analyze_csv({"/nonexistent/dir/file.csv", "a", {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AnalyzeErrorKind::kUnreadableFile);
  EXPECT_NE(r.error().message.find("/nonexistent/dir/file.csv"), std::string::npos);

  r = analyze_csv({std::filesystem::temp_directory_path().string(), "a", {}});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, AnalyzeErrorKind::kUnreadableFile);
}

TEST(RunAnalyze, JsonHasExactlyTheDocumentedKeys) {
  const auto path = std::filesystem::temp_directory_path() / "llmscope_analyze_json_test.csv";
  std::ofstream(path) << "v\n1\n2\n4\n\n3\nx\n";
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_analyze({path.string(), "v", {}}, "json", out, err), 0) << err.str();
  std::filesystem::remove(path);
  EXPECT_EQ(err.str(), "");

  const auto j = nlohmann::json::parse(out.str());
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  std::sort(keys.begin(), keys.end());
  EXPECT_EQ(keys, (std::vector<std::string>{"center", "flags", "lag1", "lcl", "mr_center",
                                            "mr_ucl", "n", "sigma", "skipped", "ucl"}));
  // Deviations -1.5, -0.5, 1.5, 0.5: (0.75 - 0.75 + 0.75) / 5.
  EXPECT_NEAR(j["lag1"].get<double>(), 0.15, 1e-12);
  EXPECT_EQ(j["n"], 4);
  EXPECT_EQ(j["skipped"], 1);
  EXPECT_DOUBLE_EQ(j["center"].get<double>(), 2.5);
  // Moving ranges 1, 2, 1.
  EXPECT_DOUBLE_EQ(j["mr_center"].get<double>(), 4.0 / 3);
  EXPECT_DOUBLE_EQ(j["sigma"].get<double>(), 4.0 / 3 / 1.128);
  EXPECT_DOUBLE_EQ(j["ucl"].get<double>(), 2.5 + 3 * 4.0 / 3 / 1.128);
  EXPECT_DOUBLE_EQ(j["lcl"].get<double>(), 2.5 - 3 * 4.0 / 3 / 1.128);
  EXPECT_DOUBLE_EQ(j["mr_ucl"].get<double>(), 3.267 * 4.0 / 3);
  ASSERT_EQ(j["flags"].size(), 8u);
  for (int t = 1; t <= 8; ++t) EXPECT_TRUE(j["flags"][std::to_string(t)].is_array());
}

TEST(RunAnalyze, ErrorPrintsOneLineToErrAndNothingToOut) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_analyze({"/nonexistent.csv", "v", {}}, "json", out, err), 2);
  EXPECT_EQ(out.str(), "");
  const std::string message = err.str();
  EXPECT_TRUE(message.starts_with("llmscope analyze: error: cannot open")) << message;
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1);
}

TEST(RunAnalyze, UnknownFormatIsAnError) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(run_analyze({"/nonexistent.csv", "v", {}}, "xml", out, err), 2);
  EXPECT_EQ(out.str(), "");
  EXPECT_NE(err.str().find("xml"), std::string::npos);
}

TEST(ReportTable, ShowsLimitsAndPerTestCountsAndPositions) {
  const auto r = analyze_csv_text("v\n1\n2\n1\n2\n1\n2\n1\n2\n1\n50\n", opts("v"));
  ASSERT_TRUE(r);
  const std::string table = report_table(*r, opts("v", {"k=1"}));
  EXPECT_NE(table.find("points   10   skipped: 0"), std::string::npos) << table;
  EXPECT_NE(table.find("filters: k=1"), std::string::npos) << table;
  EXPECT_NE(table.find("center (mean)           6.3"), std::string::npos) << table;
  EXPECT_NE(table.find("UCL (3.267 x mean MR)"), std::string::npos) << table;
  EXPECT_NE(table.find("  1  1 point beyond 3 sigma"), std::string::npos) << table;
  // Test 2 fires on points 8 (0-based) on: nine below the center line.
  EXPECT_NE(table.find("9 in a row on one side of CL                       1  8\n"),
            std::string::npos)
      << table;
}

}  // namespace
}  // namespace llmscope::cli
