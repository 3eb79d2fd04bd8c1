#include "alert/mime.hpp"

#include <fmt/format.h>

#include <ctime>

#include "alert/message.hpp"

namespace llmscope::alert {
namespace {

constexpr std::size_t kSubjectChars = 200;

bool plain_ascii(std::string_view s) {
  if (s.size() > 70) return false;
  for (char c : s)
    if (c < 0x20 || c > 0x7E) return false;
  // "=?" could be read as the start of an encoded-word.
  return s.find("=?") == std::string_view::npos;
}

// Length of the UTF-8 sequence starting with byte `c` (1 for stray bytes).
std::size_t sequence_length(unsigned char c) {
  if (c >= 0xF0) return 4;
  if (c >= 0xE0) return 3;
  if (c >= 0xC0) return 2;
  return 1;
}

std::string mailbox_list(const std::vector<std::string>& addresses) {
  std::string out;
  for (const auto& a : addresses) out += (out.empty() ? "" : ",\r\n ") + a;
  return out;
}

}  // namespace

std::string base64(std::string_view data, std::size_t line_length) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::size_t column = 0;
  auto put = [&](char c) {
    if (line_length && column == line_length) {
      out += "\r\n";
      column = 0;
    }
    out += c;
    ++column;
  };
  for (std::size_t i = 0; i < data.size(); i += 3) {
    std::uint32_t n = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) n |= static_cast<unsigned char>(data[i + 1]) << 8;
    if (i + 2 < data.size()) n |= static_cast<unsigned char>(data[i + 2]);
    put(kAlphabet[(n >> 18) & 63]);
    put(kAlphabet[(n >> 12) & 63]);
    put(i + 1 < data.size() ? kAlphabet[(n >> 6) & 63] : '=');
    put(i + 2 < data.size() ? kAlphabet[n & 63] : '=');
  }
  return out;
}

std::string encode_header_text(std::string_view utf8) {
  if (plain_ascii(utf8)) return std::string(utf8);
  // 45 bytes give 60 base64 characters: with "=?UTF-8?B?" and "?=" the
  // word stays within RFC 2047's 75. Words end on character boundaries so
  // that each decodes on its own.
  std::string out;
  std::size_t i = 0;
  while (i < utf8.size()) {
    std::size_t end = i;
    while (end < utf8.size()) {
      std::size_t len = sequence_length(static_cast<unsigned char>(utf8[end]));
      if (end + len - i > 45) break;
      end += len;
    }
    if (end == i) end = std::min(utf8.size(), i + 1);
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64(utf8.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(EpochMs t) {
  std::time_t seconds = static_cast<std::time_t>(t / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  return fmt::format("{}, {:02d} {} {} {:02d}:{:02d}:{:02d} +0000", kDays[tm.tm_wday], tm.tm_mday,
                     kMonths[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

std::string format_mail(const MailParts& m) {
  std::string boundary = "=_llmscope_" + base64(m.message_id).substr(0, 24);
  for (char& c : boundary)
    if (c == '+' || c == '/') c = '_';
  std::string subject = truncate_utf8(m.subject, kSubjectChars);

  std::string out;
  out += "Date: " + rfc5322_date(m.date_ms) + "\r\n";
  out += "From: " + encode_header_text(m.from_name) + " <" + m.from + ">\r\n";
  out += "To: " + mailbox_list(m.to) + "\r\n";
  out += "Subject: " + encode_header_text(subject) + "\r\n";
  out += "Message-ID: <" + m.message_id + ">\r\n";
  out += "MIME-Version: 1.0\r\n";
  out += "Auto-Submitted: auto-generated\r\n";
  out += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  out += "This is a MIME message with a text and an HTML version.\r\n";

  auto part = [&](const char* type, const std::string& body) {
    out += "\r\n--" + boundary + "\r\n";
    out += std::string("Content-Type: ") + type + "; charset=UTF-8\r\n";
    out += "Content-Transfer-Encoding: base64\r\n\r\n";
    out += base64(body, 76) + "\r\n";
  };
  part("text/plain", m.text);
  part("text/html", m.html);
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace llmscope::alert
