#include "registry/sqlite_db.h"

namespace thaplan::registry {

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

void Statement::Bind(int index, const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    sqlite3_bind_int64(stmt_, index, *i);
  } else if (const auto* d = std::get_if<double>(&v)) {
    sqlite3_bind_double(stmt_, index, *d);
  } else if (const auto* s = std::get_if<std::string>(&v)) {
    sqlite3_bind_text(stmt_, index, s->data(), static_cast<int>(s->size()), SQLITE_TRANSIENT);
  } else {
    sqlite3_bind_null(stmt_, index);
  }
}

Value Statement::Column(int col) const {
  switch (sqlite3_column_type(stmt_, col)) {
    case SQLITE_INTEGER: return static_cast<int64_t>(sqlite3_column_int64(stmt_, col));
    case SQLITE_FLOAT: return sqlite3_column_double(stmt_, col);
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
      const auto* p = static_cast<const char*>(sqlite3_column_blob(stmt_, col));
      int n = sqlite3_column_bytes(stmt_, col);
      return std::string(p == nullptr ? "" : p, static_cast<size_t>(n));
    }
    default: return Value{};
  }
}

Status SqliteError(sqlite3* db, std::string_view what) {
  std::string msg(what);
  msg += ": ";
  msg += sqlite3_errmsg(db);
  int code = sqlite3_errcode(db) & 0xff;
  if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB) return Status::Corruption(msg);
  if (code == SQLITE_IOERR || code == SQLITE_FULL || code == SQLITE_CANTOPEN ||
      code == SQLITE_BUSY || code == SQLITE_READONLY) {
    return Status::IOError(msg);
  }
  return Status::Internal(msg);
}

Status Exec(sqlite3* db, std::string_view sql, std::string_view what) {
  std::string text(sql);
  if (sqlite3_exec(db, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return SqliteError(db, what);
  }
  return Status::Ok();
}

Result<Statement> Prepare(sqlite3* db, std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    return SqliteError(db, "preparing \"" + std::string(sql.substr(0, 60)) + "\"");
  }
  return Statement(stmt);
}

}  // namespace thaplan::registry
