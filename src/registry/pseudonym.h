// Pseudonymous patient keys: HMAC-SHA256 of the site's own patient key under a
// secret key that stays at the site (a file, never stored in the registry).
// The same patient at the same site always gets the same pseudonym, so
// re-imports and later assessments join up; without the key file nobody can
// go back from a pseudonym to the patient.
#ifndef THAPLAN_REGISTRY_PSEUDONYM_H_
#define THAPLAN_REGISTRY_PSEUDONYM_H_

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "thaplan/status.h"

namespace thaplan::registry {

inline constexpr size_t kSiteKeyBytes = 32;
inline constexpr size_t kPseudonymHexChars = 24;  // 96 bits

// Reads the site key from `path`, creating it (32 random bytes as hex, file
// mode 0600) if it does not exist. Refuses a key file readable by others.
Result<std::array<uint8_t, kSiteKeyBytes>> LoadOrCreateSiteKey(const std::string& path);

// Reads an existing site key (never creates one); errors name the file.
Result<std::array<uint8_t, kSiteKeyBytes>> LoadSiteKey(const std::string& path);

class Pseudonymizer {
 public:
  explicit Pseudonymizer(const std::array<uint8_t, kSiteKeyBytes>& key);
  ~Pseudonymizer();
  Pseudonymizer(const Pseudonymizer&) = delete;
  Pseudonymizer& operator=(const Pseudonymizer&) = delete;

  // Lower-case hex of the first 96 bits of HMAC-SHA256(key, patient_key).
  std::string Pseudonym(std::string_view patient_key);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace thaplan::registry

#endif  // THAPLAN_REGISTRY_PSEUDONYM_H_
