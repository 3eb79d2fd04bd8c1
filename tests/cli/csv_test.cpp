// CsvReader: RFC 4180 quoting, line endings, and the errors it reports.

#include "cli/csv.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace llmscope::cli {
namespace {

using Rows = std::vector<std::vector<std::string>>;

Rows all_records(std::string_view text) {
  CsvReader reader(text);
  Rows rows;
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.next(fields);
    EXPECT_TRUE(more.has_value()) << (more ? "" : more.error().message);
    if (!more || !*more) break;
    rows.push_back(fields);
  }
  return rows;
}

CsvError first_error(std::string_view text) {
  CsvReader reader(text);
  std::vector<std::string> fields;
  while (true) {
    auto more = reader.next(fields);
    if (!more) return more.error();
    if (!*more) break;
  }
  ADD_FAILURE() << "no error in: " << text;
  return {};
}

TEST(CsvReader, PlainRecords) {
  EXPECT_EQ(all_records("a,b\n1,2\n3,4\n"), (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, LastRecordNeedsNoLineEnd) {
  EXPECT_EQ(all_records("a,b\n1,2"), (Rows{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, CrlfAndLoneCrEndRecords) {
  EXPECT_EQ(all_records("a,b\r\n1,2\r\n3,4\r5,6\r\n"),
            (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
}

TEST(CsvReader, QuotedFieldsKeepCommasAndDoubledQuotes) {
  EXPECT_EQ(all_records("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n"),
            (Rows{{"a", "b"}, {"x, y", "say \"hi\""}}));
}

TEST(CsvReader, QuotedFieldsKeepLineBreaks) {
  const auto rows = all_records("a,b\r\n\"line1\r\nline2\",2\r\n\"x\ny\",3\r\n");
  EXPECT_EQ(rows, (Rows{{"a", "b"}, {"line1\r\nline2", "2"}, {"x\ny", "3"}}));
}

TEST(CsvReader, EmptyFieldsAndQuotedEmptyField) {
  EXPECT_EQ(all_records("a,b,c\n,,\n\"\",x,\n"),
            (Rows{{"a", "b", "c"}, {"", "", ""}, {"", "x", ""}}));
}

TEST(CsvReader, BlankLinesAreSkipped) {
  EXPECT_EQ(all_records("a,b\n\n1,2\r\n\r\n\n3,4\n\n"), (Rows{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
}

TEST(CsvReader, ByteOrderMarkIsDropped) {
  EXPECT_EQ(all_records("\xEF\xBB\xBFx,y\n1,2\n"), (Rows{{"x", "y"}, {"1", "2"}}));
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  EXPECT_TRUE(all_records("").empty());
  EXPECT_TRUE(all_records("\n\r\n").empty());
}

TEST(CsvReader, RecordLineCountsLinesInsideQuotes) {
  CsvReader reader("h\n\"a\nb\nc\"\nlast\n");
  std::vector<std::string> f;
  ASSERT_TRUE(reader.next(f).value());
  EXPECT_EQ(reader.record_line(), 1u);
  ASSERT_TRUE(reader.next(f).value());
  EXPECT_EQ(reader.record_line(), 2u);
  ASSERT_TRUE(reader.next(f).value());
  EXPECT_EQ(reader.record_line(), 5u);
  EXPECT_EQ(f, std::vector<std::string>{"last"});
}

TEST(CsvReader, RaggedRowIsAnErrorNamingItsLine) {
  const auto e = first_error("a,b\n1,2\n3\n");
  EXPECT_EQ(e.kind, CsvErrorKind::kRaggedRow);
  EXPECT_EQ(e.line, 3u);
  EXPECT_NE(e.message.find("line 3"), std::string::npos) << e.message;
  EXPECT_EQ(first_error("a,b\n1,2,3\n").kind, CsvErrorKind::kRaggedRow);
}

TEST(CsvReader, UnterminatedQuoteNamesTheLineItOpens) {
  const auto e = first_error("a,b\n1,2\n3,\"open\n\nmore\n");
  EXPECT_EQ(e.kind, CsvErrorKind::kUnterminatedQuote);
  EXPECT_EQ(e.line, 3u);
}

TEST(CsvReader, StrayQuotesAreErrors) {
  EXPECT_EQ(first_error("a,b\n1,x\"y\n").kind, CsvErrorKind::kStrayQuote);
  EXPECT_EQ(first_error("a,b\n1,\"x\"y\n").kind, CsvErrorKind::kStrayQuote);
  EXPECT_EQ(to_string(CsvErrorKind::kStrayQuote), "stray_quote");
}

TEST(ReadCsv, SplitsHeaderAndRows) {
  const auto table = read_csv("k,v\n\"a\",1\nb,2\n");
  ASSERT_TRUE(table);
  EXPECT_EQ(table->header, (std::vector<std::string>{"k", "v"}));
  EXPECT_EQ(table->rows, (Rows{{"a", "1"}, {"b", "2"}}));
  EXPECT_FALSE(read_csv("k,v\n1\n"));
}

TEST(ReadCsv, ReadsTheLlmperfFileWithItsQuotedJsonMessages) {
  std::ifstream in(std::string(LLMSCOPE_TEST_DATA) + "/llmperf_leaderboard_requests.csv",
                   std::ios::binary);
  ASSERT_TRUE(in);
  std::stringstream text;
  text << in.rdbuf();
  const auto table = read_csv(text.str());
  ASSERT_TRUE(table) << table.error().message;
  EXPECT_EQ(table->header.size(), 15u);
  EXPECT_EQ(table->rows.size(), 2845u);  // as SOURCES.md says
  // The two perplexity 429 rows carry a JSON body with doubled quotes.
  int quoted_bodies = 0;
  for (const auto& row : table->rows) {
    if (row[0] != "perplexity" || row[6] != "429") continue;
    ++quoted_bodies;
    EXPECT_TRUE(row[7].starts_with("{\"error\":{\"message\":\"Token rate limit")) << row[7];
    EXPECT_EQ(row[8], "0");  // the field after the quoted one is intact
  }
  EXPECT_EQ(quoted_bodies, 2);
}

}  // namespace
}  // namespace llmscope::cli
