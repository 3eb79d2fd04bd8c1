#include "core/time.hpp"

#include <gtest/gtest.h>

namespace llmscope {
namespace {

TEST(Iso8601, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(format_iso8601(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_iso8601(1796396400123), "2026-12-04T15:00:00.123Z");
}

TEST(Iso8601, ParsesZuluOffsetsAndNaiveAsUtc) {
  EXPECT_EQ(parse_iso8601("2026-12-04T15:00:00Z"), 1796396400000);
  EXPECT_EQ(parse_iso8601("2026-12-04T15:00:00"), 1796396400000);
  EXPECT_EQ(parse_iso8601("2026-12-04 15:00:00"), 1796396400000);
  EXPECT_EQ(parse_iso8601("2026-12-04T16:00:00+01:00"), 1796396400000);
  EXPECT_EQ(parse_iso8601("2026-12-04T09:30:00-0530"), 1796396400000);
  EXPECT_EQ(parse_iso8601("2026-12-04T15:00:00.1234567Z"), 1796396400123);
  EXPECT_EQ(parse_iso8601("2026-12-04"), 1796342400000);
}

TEST(Iso8601, RoundTrips) {
  for (EpochMs t : {0LL, 951782400999LL, 1796396400123LL, 4102444799000LL})
    EXPECT_EQ(parse_iso8601(format_iso8601(t)), t);
}

TEST(Iso8601, RejectsMalformedAndOutOfRange) {
  for (const char* bad : {"", "yesterday", "2026-13-01T00:00:00Z", "2026-02-30",
                          "2026-12-04T24:00:00Z", "2026-12-04T15:00:00+25:00",
                          "2026-12-04T15:00:00Zjunk", "2026-12-04T15:00:00.Z",
                          "12/04/2026", "2026-12-4"})
    EXPECT_FALSE(parse_iso8601(bad).has_value()) << bad;
}

}  // namespace
}  // namespace llmscope
