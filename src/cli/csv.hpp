#pragma once

#include <cstddef>
#include <expected>
#include <string>
#include <string_view>
#include <vector>

namespace llmscope::cli {

enum class CsvErrorKind {
  kUnterminatedQuote,  // a quoted field runs to the end of the input
  kStrayQuote,         // a quote inside an unquoted field or after a closing one
  kRaggedRow,          // a record's field count differs from the header's
};

std::string_view to_string(CsvErrorKind kind);

struct CsvError {
  CsvErrorKind kind;
  std::size_t line = 0;  // 1-based line of the input where the problem is
  std::string message;   // for people; names the line
};

// Reads RFC 4180 CSV one record at a time from text the caller keeps alive.
//   - Fields are separated by commas; records end with CRLF, LF or CR.
//   - A field may be quoted: inside quotes, commas and line breaks are data
//     and a doubled quote ("") is one quote. Quotes are kept strictly: a
//     quote in an unquoted field, or text after a closing quote, is an
//     error (the file is probably not what it seems).
//   - The first record (normally the header) fixes the width: every later
//     record must have as many fields, else kRaggedRow.
//   - Empty lines are skipped. A UTF-8 byte order mark at the start is
//     dropped.
// Not thread-safe.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text);

  // Reads the next record into `fields` (replacing its contents). Returns
  // false at the end of the input; after an error, stop reading.
  std::expected<bool, CsvError> next(std::vector<std::string>& fields);

  // The 1-based line on which the record last read starts.
  std::size_t record_line() const { return record_line_; }

 private:
  std::expected<std::string, CsvError> quoted_field();
  std::expected<std::string, CsvError> plain_field();
  bool at_line_end() const;
  void skip_line_end();

  std::string_view text_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::size_t record_line_ = 0;
  std::size_t width_ = 0;  // fields per record; 0 until the first record
};

// A whole CSV text read at once: the first record and the others.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::expected<CsvTable, CsvError> read_csv(std::string_view text);

}  // namespace llmscope::cli
