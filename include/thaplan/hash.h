// SHA-256 of files and byte streams, as lower-case hex (OpenSSL underneath).
#ifndef THAPLAN_HASH_H_
#define THAPLAN_HASH_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "thaplan/status.h"

namespace thaplan {

// Incremental SHA-256.
class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(const void* data, size_t n);
  void Update(std::string_view data) { Update(data.data(), data.size()); }
  // The digest of everything added; the object is then spent.
  std::string HexDigest();

 private:
  void* ctx_;  // EVP_MD_CTX, kept out of this header
};

// Streams the file through SHA-256; errors name the file.
Result<std::string> Sha256File(const std::string& path);

}  // namespace thaplan

#endif  // THAPLAN_HASH_H_
