// Bundles on disk (a folder of model.json and card.json) and in the registry.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "io/text_scan.h"
#include "thaplan/atomic_file.h"
#include "thaplan/bundle.h"
#include "thaplan/hash.h"
#include "thaplan/registry.h"

namespace thaplan {
namespace {

namespace fs = std::filesystem;

constexpr char kModelFile[] = "model.json";
constexpr char kCardFile[] = "card.json";

std::string Sha256Of(std::string_view bytes) {
  Sha256 hash;
  hash.Update(bytes);
  return hash.HexDigest();
}

// The model must be the one the card describes.
Status CheckModelHash(const ModelBundle& bundle, const std::string& where) {
  const std::string actual = Sha256Of(bundle.model_json);
  if (actual != bundle.card.model_sha256) {
    return Status::Corruption(where + ": SHA-256 " + actual + ": expected " +
                              bundle.card.model_sha256 +
                              " as the card states (a model from another bundle?)");
  }
  return Status::Ok();
}

Status WriteFiles(const ModelBundle& bundle, const std::string& dir) {
  // The model first: a crash between the two leaves a card whose hash does
  // not match, which ReadBundle reports, never a silently mismatched pair.
  THAPLAN_RETURN_IF_ERROR(WriteFileAtomically(dir + "/" + kModelFile, bundle.model_json));
  return WriteFileAtomically(dir + "/" + kCardFile, CardToJson(bundle.card));
}

Status SyncFolder(const std::string& path) {
  const fs::path parent = fs::path(path).parent_path();
  const int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd < 0) return Status::Ok();  // nothing to sync we can open; the rename stands
  ::fsync(fd);
  ::close(fd);
  return Status::Ok();
}

// A new folder: built under a temporary name and renamed into place.
Status WriteNewFolder(const ModelBundle& bundle, const std::string& dir) {
  std::string temp = dir + ".tmp.XXXXXX";
  if (::mkdtemp(temp.data()) == nullptr) {
    return Status::IOError(
        dir + ": cannot create a temporary folder beside it: " + std::strerror(errno));
  }
  ::chmod(temp.c_str(), 0755);
  Status s = WriteFiles(bundle, temp);
  if (s.ok() && ::rename(temp.c_str(), dir.c_str()) != 0) {
    s = Status::IOError(dir + ": rename failed: " + std::strerror(errno));
  }
  if (!s.ok()) {
    std::error_code ec;
    fs::remove_all(temp, ec);
    return s;
  }
  return SyncFolder(dir);
}

std::string ModelNames(const std::vector<ModelRecord>& models) {
  std::set<std::string> names;
  for (const ModelRecord& m : models) names.insert(m.name);
  std::string out;
  for (const std::string& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

}  // namespace

Status WriteBundle(const ModelBundle& bundle, const std::string& dir) {
  THAPLAN_RETURN_IF_ERROR(CheckModelHash(bundle, "bundle " + bundle.card.name));
  std::error_code ec;
  const fs::file_status status = fs::status(dir, ec);
  if (!fs::exists(status)) return WriteNewFolder(bundle, dir);
  if (!fs::is_directory(status)) {
    return Status::InvalidInput(dir +
                                ": not a folder: expected a bundle folder to write");
  }
  if (!fs::is_empty(dir, ec) && !fs::exists(dir + "/" + kCardFile)) {
    return Status::InvalidInput(
        dir + ": a folder with other files and no " + std::string(kCardFile) +
        ": expected a new or empty folder, or a bundle to replace");
  }
  return WriteFiles(bundle, dir);
}

Result<ModelBundle> ReadBundle(const std::string& dir) {
  const std::string card_path = dir + "/" + kCardFile;
  const std::string model_path = dir + "/" + kModelFile;
  if (!fs::is_directory(dir)) {
    return Status::NotFound(dir +
                            ": no such folder: expected a model bundle (a folder "
                            "with model.json and card.json)");
  }
  THAPLAN_ASSIGN_OR_RETURN(std::string card_text, io::ReadFileToString(card_path));
  ModelBundle bundle;
  THAPLAN_ASSIGN_OR_RETURN(bundle.card, ParseCard(card_text, card_path));
  THAPLAN_ASSIGN_OR_RETURN(bundle.model_json, io::ReadFileToString(model_path));
  THAPLAN_RETURN_IF_ERROR(CheckModelHash(bundle, model_path));
  return bundle;
}

Result<PutOutcome> StoreBundle(Registry& registry, const ModelBundle& bundle) {
  THAPLAN_RETURN_IF_ERROR(CheckModelHash(bundle, "bundle " + bundle.card.name));
  ModelRecord record;
  record.name = bundle.card.name;
  record.target = bundle.card.target().name;
  record.timepoint = bundle.card.dataset.timepoint;
  record.card_json = CardToJson(bundle.card);
  record.model_json = bundle.model_json;
  record.sha256 = bundle.card.model_sha256;
  THAPLAN_RETURN_IF_ERROR(registry.Begin());
  int64_t model_id = 0;
  auto outcome = registry.PutModel(record, &model_id);
  Status s = outcome.status();
  if (s.ok() && *outcome != PutOutcome::kUnchanged) {
    const char* what = *outcome == PutOutcome::kInserted ? "stored" : "card updated";
    s = registry.Audit(
        "model store", "",
        nlohmann::json{{"name", record.name},
                       {"model_id", model_id},
                       {"outcome", what},
                       {"model_sha256", record.sha256},
                       {"data_sha256", bundle.card.data_sha256}}
            .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }
  if (s.ok()) s = registry.Commit();
  if (!s.ok()) {
    (void)registry.Rollback();  // the first error is the one to report
    return s;
  }
  return *outcome;
}

Result<ModelBundle> LoadBundleFromRegistry(Registry& registry, std::string_view name) {
  THAPLAN_ASSIGN_OR_RETURN(std::optional<ModelRecord> record, registry.GetModel(name));
  if (!record) {
    THAPLAN_ASSIGN_OR_RETURN(std::vector<ModelRecord> all, registry.ListModels());
    return Status::NotFound(
        registry.location() + ": model " + io::Quote(name) + ": not stored: expected " +
        (all.empty() ? std::string("a model trained first (thaplan model train)")
                     : "one of " + ModelNames(all)));
  }
  const std::string where = registry.location() + ": model " + record->name + " (id " +
                            std::to_string(record->model_id) + ")";
  ModelBundle bundle;
  THAPLAN_ASSIGN_OR_RETURN(bundle.card, ParseCard(record->card_json, where + " card"));
  bundle.model_json = std::move(record->model_json);
  THAPLAN_RETURN_IF_ERROR(CheckModelHash(bundle, where));
  return bundle;
}

}  // namespace thaplan
