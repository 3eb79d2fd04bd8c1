#include "cli/csv.hpp"

#include <utility>

namespace llmscope::cli {

namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

CsvError error_at(CsvErrorKind kind, std::size_t line, std::string what) {
  return {kind, line, "line " + std::to_string(line) + ": " + std::move(what)};
}

}  // namespace

std::string_view to_string(CsvErrorKind kind) {
  switch (kind) {
    case CsvErrorKind::kUnterminatedQuote: return "unterminated_quote";
    case CsvErrorKind::kStrayQuote: return "stray_quote";
    case CsvErrorKind::kRaggedRow: return "ragged_row";
  }
  return "unknown";
}

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.starts_with(kUtf8Bom)) text_.remove_prefix(kUtf8Bom.size());
}

bool CsvReader::at_line_end() const {
  return pos_ >= text_.size() || text_[pos_] == '\n' || text_[pos_] == '\r';
}

void CsvReader::skip_line_end() {
  if (pos_ >= text_.size()) return;
  if (text_[pos_] == '\r') ++pos_;
  if (pos_ < text_.size() && text_[pos_] == '\n') ++pos_;
  ++line_;
}

std::expected<bool, CsvError> CsvReader::next(std::vector<std::string>& fields) {
  fields.clear();
  while (pos_ < text_.size() && at_line_end()) skip_line_end();
  if (pos_ >= text_.size()) return false;
  record_line_ = line_;

  // One field per turn; a comma means another field follows.
  while (true) {
    auto field = pos_ < text_.size() && text_[pos_] == '"' ? quoted_field() : plain_field();
    if (!field) return std::unexpected(field.error());
    fields.push_back(std::move(*field));
    if (pos_ < text_.size() && text_[pos_] == ',') {
      ++pos_;
      continue;
    }
    skip_line_end();
    break;
  }

  if (width_ == 0) width_ = fields.size();
  if (fields.size() != width_) {
    return std::unexpected(error_at(
        CsvErrorKind::kRaggedRow, record_line_,
        std::to_string(fields.size()) + " fields where the header has " + std::to_string(width_)));
  }
  return true;
}

std::expected<std::string, CsvError> CsvReader::quoted_field() {
  const std::size_t opened_on = line_;
  std::string field;
  ++pos_;  // the opening quote
  while (true) {
    if (pos_ >= text_.size()) {
      return std::unexpected(
          error_at(CsvErrorKind::kUnterminatedQuote, opened_on, "quoted field is never closed"));
    }
    const char c = text_[pos_++];
    if (c == '"') {
      if (pos_ < text_.size() && text_[pos_] == '"') {
        field += '"';
        ++pos_;
        continue;
      }
      break;
    }
    // A CRLF inside quotes counts as one line, like a record's end does.
    if (c == '\n' || (c == '\r' && (pos_ >= text_.size() || text_[pos_] != '\n'))) ++line_;
    field += c;
  }
  if (!at_line_end() && text_[pos_] != ',') {
    return std::unexpected(
        error_at(CsvErrorKind::kStrayQuote, line_, "text after the closing quote of a field"));
  }
  return field;
}

std::expected<std::string, CsvError> CsvReader::plain_field() {
  const std::size_t start = pos_;
  while (!at_line_end() && text_[pos_] != ',') {
    if (text_[pos_] == '"') {
      return std::unexpected(error_at(CsvErrorKind::kStrayQuote, line_,
                                      "quote inside an unquoted field (quote the whole field)"));
    }
    ++pos_;
  }
  return std::string(text_.substr(start, pos_ - start));
}

std::expected<CsvTable, CsvError> read_csv(std::string_view text) {
  CsvReader reader(text);
  CsvTable table;
  std::vector<std::string> fields;
  for (bool first = true;; first = false) {
    auto more = reader.next(fields);
    if (!more) return std::unexpected(more.error());
    if (!*more) break;
    if (first) {
      table.header = fields;
    } else {
      table.rows.push_back(fields);
    }
  }
  return table;
}

}  // namespace llmscope::cli
