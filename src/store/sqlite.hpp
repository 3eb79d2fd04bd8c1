#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/store.hpp"

namespace llmscope::store {

// A prepared statement; binds by 1-based position, reads by 0-based column.
// Owned by one thread at a time (the store's lock).
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  bool ok() const { return stmt_ != nullptr; }
  const std::string& error() const { return error_; }

  Statement& bind(int i, std::int64_t v);
  Statement& bind(int i, int v) { return bind(i, std::int64_t{v}); }
  Statement& bind(int i, double v);
  Statement& bind(int i, bool v) { return bind(i, std::int64_t{v}); }
  Statement& bind(int i, std::string_view v);
  Statement& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Statement& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Statement& bind_null(int i);
  template <typename T>
  Statement& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // Steps once: true when a row is ready, false when done. Errors are
  // recorded in error() and step() returns false.
  bool step();
  bool failed() const { return !error_.empty(); }

  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  bool is_null(int col) const;
  std::optional<std::int64_t> opt_int64(int col) const;
  std::optional<double> opt_real(int col) const;
  std::optional<std::string> opt_text(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

// The error of a failed statement, naming `what` was being done; a
// constraint violation is Kind::constraint, anything else Kind::io.
StoreError statement_error(const Statement& st, const std::string& what);

// Steps a statement that returns no rows, once.
StoreResult<void> run_statement(Statement& st, const std::string& what);

}  // namespace llmscope::store
