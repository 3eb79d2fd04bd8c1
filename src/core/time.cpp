#include "core/time.hpp"

#include <chrono>
#include <cstdio>

namespace llmscope {
namespace {

// Days from 1970-01-01 to year/month/day (proleptic Gregorian calendar).
std::int64_t days_from_civil(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return sys_days{year{y} / month{m} / day{d}}.time_since_epoch().count();
}

// Reads exactly n digits at text[pos]; advances pos.
std::optional<int> read_digits(std::string_view text, std::size_t& pos,
                               std::size_t n) {
  if (pos + n > text.size()) return std::nullopt;
  int value = 0;
  for (std::size_t i = 0; i < n; ++i) {
    char c = text[pos + i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  pos += n;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

// Parses "Z", "+hh:mm", "+hhmm", "+hh" or nothing; returns the offset in
// minutes east of UTC.
std::optional<int> read_offset(std::string_view text, std::size_t& pos) {
  if (pos == text.size()) return 0;
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) return 0;
  char sign = text[pos];
  if (sign != '+' && sign != '-') return std::nullopt;
  ++pos;
  auto hh = read_digits(text, pos, 2);
  if (!hh || *hh > 23) return std::nullopt;
  int mm = 0;
  if (pos < text.size()) {
    expect(text, pos, ':');
    auto m = read_digits(text, pos, 2);
    if (!m || *m > 59) return std::nullopt;
    mm = *m;
  }
  int minutes = *hh * 60 + mm;
  return sign == '-' ? -minutes : minutes;
}

}  // namespace

EpochMs now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch())
      .count();
}

std::string format_iso8601(EpochMs t) {
  using namespace std::chrono;
  auto tp = sys_time<milliseconds>{milliseconds{t}};
  auto day_point = floor<days>(tp);
  year_month_day ymd{day_point};
  hh_mm_ss hms{tp - day_point};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()),
                static_cast<int>(hms.subseconds().count()));
  return buf;
}

std::optional<EpochMs> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  auto y = read_digits(text, pos, 4);
  if (!y || !expect(text, pos, '-')) return std::nullopt;
  auto mo = read_digits(text, pos, 2);
  if (!mo || !expect(text, pos, '-')) return std::nullopt;
  auto d = read_digits(text, pos, 2);
  if (!d || *mo < 1 || *mo > 12 || *d < 1) return std::nullopt;
  using namespace std::chrono;
  if (!year_month_day{year{*y} / month(*mo) / day(*d)}.ok()) return std::nullopt;

  int hh = 0, mi = 0, ss = 0, ms = 0;
  if (pos < text.size() && (text[pos] == 'T' || text[pos] == 't' ||
                            text[pos] == ' ')) {
    ++pos;
    auto h = read_digits(text, pos, 2);
    if (!h || !expect(text, pos, ':')) return std::nullopt;
    auto m = read_digits(text, pos, 2);
    if (!m) return std::nullopt;
    hh = *h;
    mi = *m;
    if (expect(text, pos, ':')) {
      auto s = read_digits(text, pos, 2);
      if (!s) return std::nullopt;
      ss = *s;
      if (expect(text, pos, '.') || expect(text, pos, ',')) {
        int digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          if (digits < 3) ms = ms * 10 + (text[pos] - '0');
          ++digits;
          ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (; digits < 3; ++digits) ms *= 10;
      }
    }
    if (hh > 23 || mi > 59 || ss > 60) return std::nullopt;
  }
  auto offset = read_offset(text, pos);
  if (!offset || pos != text.size()) return std::nullopt;

  std::int64_t days = days_from_civil(*y, *mo, *d);
  std::int64_t seconds = days * 86400 + hh * 3600 + mi * 60 + ss -
                         static_cast<std::int64_t>(*offset) * 60;
  return seconds * 1000 + ms;
}

}  // namespace llmscope
