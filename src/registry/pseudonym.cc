#include "registry/pseudonym.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace thaplan::registry {
namespace {

constexpr char kHex[] = "0123456789abcdef";

std::string ToHex(const uint8_t* p, size_t n) {
  std::string out(2 * n, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[p[i] >> 4];
    out[2 * i + 1] = kHex[p[i] & 15];
  }
  return out;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Result<std::array<uint8_t, kSiteKeyBytes>> LoadOrCreateSiteKey(const std::string& path) {
  std::array<uint8_t, kSiteKeyBytes> key{};
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) {
    if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
      return Status::Internal(path + ": cannot draw random bytes for a new site key");
    }
    // O_EXCL: two imports racing to create the key cannot both win.
    int out = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (out < 0 && errno == EEXIST) return LoadOrCreateSiteKey(path);
    if (out < 0) {
      return Status::IOError(path + ": cannot create site key file: " + std::strerror(errno));
    }
    std::string text = ToHex(key.data(), key.size()) + "\n";
    bool ok = ::write(out, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
              ::fsync(out) == 0;
    ::close(out);
    if (!ok) {
      ::unlink(path.c_str());
      return Status::IOError(path + ": cannot write site key file: " + std::strerror(errno));
    }
    return key;
  }
  if (fd < 0) {
    return Status::IOError(path + ": cannot open site key file: " + std::strerror(errno));
  }
  struct stat st {};
  ::fstat(fd, &st);
  char buf[2 * kSiteKeyBytes + 2] = {};
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if ((st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", st.st_mode & 07777);
    return Status::InvalidInput(path + ": site key file mode = " + mode +
                                ": expected 0600 (run chmod 600 on it)");
  }
  if (n < static_cast<ssize_t>(2 * kSiteKeyBytes)) {
    return Status::Corruption(path + ": site key file holds " + std::to_string(n) +
                              " bytes: expected 64 hex digits");
  }
  for (size_t i = 0; i < kSiteKeyBytes; ++i) {
    int hi = HexDigit(buf[2 * i]);
    int lo = HexDigit(buf[2 * i + 1]);
    if (hi < 0 || lo < 0) {
      return Status::Corruption(path + ": site key file: expected 64 hex digits");
    }
    key[i] = static_cast<uint8_t>(hi * 16 + lo);
  }
  return key;
}

Result<std::array<uint8_t, kSiteKeyBytes>> LoadSiteKey(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    return Status::NotFound(path + ": no site key file: expected the key the site's patients "
                                   "were imported with (--key-dir)");
  }
  return LoadOrCreateSiteKey(path);
}

// HMAC (RFC 2104) with the inner and outer SHA-256 states precomputed once,
// so each pseudonym costs two compression rounds plus copies.
struct Pseudonymizer::Impl {
  EVP_MD_CTX* inner = EVP_MD_CTX_new();
  EVP_MD_CTX* outer = EVP_MD_CTX_new();
  EVP_MD_CTX* work = EVP_MD_CTX_new();
  ~Impl() {
    EVP_MD_CTX_free(inner);
    EVP_MD_CTX_free(outer);
    EVP_MD_CTX_free(work);
  }
};

Pseudonymizer::Pseudonymizer(const std::array<uint8_t, kSiteKeyBytes>& key)
    : impl_(std::make_unique<Impl>()) {
  uint8_t ipad[64], opad[64];
  for (size_t i = 0; i < 64; ++i) {
    uint8_t k = i < key.size() ? key[i] : 0;
    ipad[i] = static_cast<uint8_t>(k ^ 0x36);
    opad[i] = static_cast<uint8_t>(k ^ 0x5c);
  }
  EVP_DigestInit_ex(impl_->inner, EVP_sha256(), nullptr);
  EVP_DigestUpdate(impl_->inner, ipad, sizeof ipad);
  EVP_DigestInit_ex(impl_->outer, EVP_sha256(), nullptr);
  EVP_DigestUpdate(impl_->outer, opad, sizeof opad);
}

Pseudonymizer::~Pseudonymizer() = default;

std::string Pseudonymizer::Pseudonym(std::string_view patient_key) {
  uint8_t inner_digest[32], mac[32];
  unsigned int len = 0;
  EVP_MD_CTX_copy_ex(impl_->work, impl_->inner);
  EVP_DigestUpdate(impl_->work, patient_key.data(), patient_key.size());
  EVP_DigestFinal_ex(impl_->work, inner_digest, &len);
  EVP_MD_CTX_copy_ex(impl_->work, impl_->outer);
  EVP_DigestUpdate(impl_->work, inner_digest, sizeof inner_digest);
  EVP_DigestFinal_ex(impl_->work, mac, &len);
  return ToHex(mac, kPseudonymHexChars / 2);
}

}  // namespace thaplan::registry
