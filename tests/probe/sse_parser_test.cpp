#include "probe/sse_parser.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "test_data.hpp"

namespace llmscope::probe {
namespace {

std::vector<SseMessage> feed_all(SseParser& p, const std::vector<std::string>& pieces) {
  std::vector<SseMessage> out;
  for (const std::string& piece : pieces) {
    for (SseMessage& m : p.feed(piece)) out.push_back(std::move(m));
  }
  for (SseMessage& m : p.finish()) out.push_back(std::move(m));
  return out;
}

std::vector<SseMessage> parse_whole(const std::string& text) {
  SseParser p;
  return feed_all(p, {text});
}

TEST(SseParser, DispatchesOnBlankLineWithEventName) {
  auto msgs = parse_whole("event: error\ndata: {\"a\":1}\n\ndata: x\n\n");
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].event, "error");
  EXPECT_EQ(msgs[0].data, "{\"a\":1}");
  EXPECT_EQ(msgs[1].event, "");  // the event name does not carry over
  EXPECT_EQ(msgs[1].data, "x");
}

TEST(SseParser, JoinsMultiLineDataWithNewline) {
  auto msgs = parse_whole("data: first\ndata:second\ndata\n\n");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].data, "first\nsecond\n");
}

TEST(SseParser, AcceptsCrLfAndBareCrLineEnds) {
  auto crlf = parse_whole("data: a\r\n\r\ndata: b\r\n\r\n");
  auto cr = parse_whole("data: a\r\rdata: b\r\r");
  ASSERT_EQ(crlf.size(), 2u);
  ASSERT_EQ(cr.size(), 2u);
  EXPECT_EQ(crlf[1].data, "b");
  EXPECT_EQ(cr[0].data, "a");
}

TEST(SseParser, CrLfSplitAcrossPiecesIsOneLineEnd) {
  SseParser p;
  auto msgs = feed_all(p, {"data: a\r", "\n\r", "\ndata: b\r\n", "\r\n"});
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(msgs[0].data, "a");
  EXPECT_EQ(msgs[1].data, "b");
}

TEST(SseParser, SkipsCommentsAndUnknownFieldsAndEventsWithoutData) {
  auto msgs = parse_whole(": keep-alive\n\nid: 7\nretry: 100\n\nevent: ping\n\ndata: y\n\n");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].data, "y");
  EXPECT_EQ(msgs[0].event, "");
}

TEST(SseParser, KeepsOnlyOneLeadingSpaceOfValue) {
  auto msgs = parse_whole("data:  two spaces\n\n");
  ASSERT_EQ(msgs.size(), 1u);
  EXPECT_EQ(msgs[0].data, " two spaces");
}

TEST(SseParser, FinishDispatchesAnEventMissingItsBlankLine) {
  SseParser p;
  EXPECT_TRUE(p.feed("data: [DONE]").empty());
  auto last = p.finish();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(last[0].data, "[DONE]");
}

// The recorded OpenAI stream gives the same events however it is cut.
TEST(SseParser, RecordedOpenAiStreamIsTheSameInAnyPieces) {
  const std::string body = testing::read_data("api/openai_chat_stream.sse");
  const auto whole = parse_whole(body);
  ASSERT_EQ(whole.size(), 12u);
  EXPECT_EQ(whole.back().data, "[DONE]");

  for (unsigned seed = 1; seed <= 50; ++seed) {
    SseParser p;
    auto msgs = feed_all(p, testing::random_pieces(body, seed, 1 + seed % 40));
    ASSERT_EQ(msgs.size(), whole.size()) << "seed " << seed;
    for (std::size_t i = 0; i < msgs.size(); ++i) {
      EXPECT_EQ(msgs[i].data, whole[i].data) << "seed " << seed << " event " << i;
    }
  }
}

TEST(LineSplitter, SplitsLinesAcrossPiecesAndDropsBlankOnes) {
  LineSplitter s;
  std::vector<std::string> lines;
  for (std::string piece : {"{\"a\"", ":1}\r\n\n", "  \n{\"b\":2}\n{\"c\"", ":3}"}) {
    for (auto& l : s.feed(piece)) lines.push_back(l);
  }
  for (auto& l : s.finish()) lines.push_back(l);
  EXPECT_EQ(lines, (std::vector<std::string>{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
}

}  // namespace
}  // namespace llmscope::probe
