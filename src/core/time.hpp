#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace llmscope {

// Wall-clock instants are integer milliseconds since the Unix epoch, UTC.
// This is how they are stored and compared everywhere in the program.
using EpochMs = std::int64_t;

// Current wall-clock time.
EpochMs now_ms();

// Formats as ISO 8601 UTC with milliseconds: "2026-12-04T15:00:00.123Z".
std::string format_iso8601(EpochMs t);

// Parses ISO 8601 date-times: "2026-12-04T15:00:00Z", with optional
// fractional seconds (any number of digits; kept to the millisecond), and
// either 'Z', an offset "+01:00" / "-0530", or nothing (taken as UTC).
// A space may stand for 'T'. Returns nullopt for anything else, including
// out-of-range fields (month 13, hour 24, ...).
std::optional<EpochMs> parse_iso8601(std::string_view text);

}  // namespace llmscope
