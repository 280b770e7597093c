// Thin RAII helpers over the SQLite C API, internal to the SQLite registry.
#ifndef THAPLAN_REGISTRY_SQLITE_DB_H_
#define THAPLAN_REGISTRY_SQLITE_DB_H_

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "thaplan/schema.h"
#include "thaplan/status.h"

namespace thaplan::registry {

// A prepared statement, finalized on destruction.
class Statement {
 public:
  Statement() = default;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  sqlite3_stmt* get() const { return stmt_; }
  void Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  // Binds `v` to parameter `index` (1-based).
  void Bind(int index, const Value& v);
  // Reads column `col` as a Value of its stored type.
  Value Column(int col) const;

 private:
  sqlite3_stmt* stmt_ = nullptr;
};

// Runs one or more statements with no results; errors carry `what`.
Status Exec(sqlite3* db, std::string_view sql, std::string_view what);
Result<Statement> Prepare(sqlite3* db, std::string_view sql);
Status SqliteError(sqlite3* db, std::string_view what);

}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_SQLITE_DB_H_
