// Model bundles in the SQLite registry: the `models` table (sqlite_schema.cc).
// Versions are rows; the newest of a name is the one with the highest id.
#include "registry/sqlite_registry.h"

namespace thaplan::registry {
namespace {

std::string Text(const Statement& st, int col) {
  const Value v = st.Column(col);
  const auto* s = std::get_if<std::string>(&v);
  return s == nullptr ? std::string() : *s;
}

}  // namespace

Result<PutOutcome> SqliteRegistry::PutModel(const ModelRecord& model, int64_t* model_id) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<ModelRecord> newest, GetModel(model.name));
  if (newest && newest->sha256 == model.sha256 &&
      newest->model_json == model.model_json) {
    if (model_id != nullptr) *model_id = newest->model_id;
    if (newest->card_json == model.card_json) return PutOutcome::kUnchanged;
    THAPLAN_ASSIGN_OR_RETURN(
        Statement update,
        Prepare(db_, "UPDATE models SET card_json = ? WHERE model_id = ?"));
    update.Bind(1, Value(model.card_json));
    update.Bind(2, Value(newest->model_id));
    if (sqlite3_step(update.get()) != SQLITE_DONE) {
      return SqliteError(db_, path_ + ": updating model " + model.name);
    }
    return PutOutcome::kUpdated;
  }
  THAPLAN_ASSIGN_OR_RETURN(
      Statement insert,
      Prepare(db_,
              "INSERT INTO models (name, created_utc, target, timepoint, card_json, "
              "model_json, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, Value(model.name));
  insert.Bind(2, Value(NowUtc()));
  insert.Bind(3, Value(model.target));
  insert.Bind(4, Value(model.timepoint));
  insert.Bind(5, Value(model.card_json));
  // The model is stored as bytes (BLOB), exactly as XGBoost wrote it.
  sqlite3_bind_blob(insert.get(), 6, model.model_json.data(),
                    static_cast<int>(model.model_json.size()), SQLITE_TRANSIENT);
  insert.Bind(7, Value(model.sha256));
  if (sqlite3_step(insert.get()) != SQLITE_DONE) {
    return SqliteError(db_, path_ + ": storing model " + model.name);
  }
  if (model_id != nullptr) *model_id = sqlite3_last_insert_rowid(db_);
  return PutOutcome::kInserted;
}

Result<std::optional<ModelRecord>> SqliteRegistry::GetModel(std::string_view name) {
  THAPLAN_ASSIGN_OR_RETURN(
      Statement st,
      Prepare(db_,
              "SELECT model_id, name, created_utc, target, timepoint, card_json, "
              "model_json, sha256 FROM models WHERE name = ? ORDER BY model_id DESC "
              "LIMIT 1"));
  st.Bind(1, Value(std::string(name)));
  const int rc = sqlite3_step(st.get());
  if (rc == SQLITE_DONE) return std::optional<ModelRecord>();
  if (rc != SQLITE_ROW)
    return SqliteError(db_, path_ + ": reading model " + std::string(name));
  ModelRecord m;
  m.model_id = sqlite3_column_int64(st.get(), 0);
  m.name = Text(st, 1);
  m.created_utc = Text(st, 2);
  m.target = Text(st, 3);
  m.timepoint = Text(st, 4);
  m.card_json = Text(st, 5);
  m.model_json = Text(st, 6);
  m.sha256 = Text(st, 7);
  return std::optional<ModelRecord>(std::move(m));
}

Result<std::vector<ModelRecord>> SqliteRegistry::ListModels() {
  THAPLAN_ASSIGN_OR_RETURN(
      Statement st, Prepare(db_,
                            "SELECT model_id, name, created_utc, target, timepoint, "
                            "sha256 FROM models ORDER BY model_id"));
  std::vector<ModelRecord> out;
  int rc = SQLITE_ROW;
  while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
    ModelRecord m;
    m.model_id = sqlite3_column_int64(st.get(), 0);
    m.name = Text(st, 1);
    m.created_utc = Text(st, 2);
    m.target = Text(st, 3);
    m.timepoint = Text(st, 4);
    m.sha256 = Text(st, 5);
    out.push_back(std::move(m));
  }
  if (rc != SQLITE_DONE) return SqliteError(db_, path_ + ": listing models");
  return out;
}

}  // namespace thaplan::registry
