#include "registry/pseudonym.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "testing/temp_dir.h"

namespace thaplan::registry {
namespace {

TEST(PseudonymTest, MatchesRfc4231HmacSha256TestCase2) {
  // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?",
  // HMAC-SHA256 = 5bdcc146bf60754e6a042426089575c7... HMAC pads a short key
  // with zeros to the block size, so "Jefe" and "Jefe" + 28 zero bytes are
  // the same key.
  std::array<uint8_t, kSiteKeyBytes> key{};
  key[0] = 'J';
  key[1] = 'e';
  key[2] = 'f';
  key[3] = 'e';
  Pseudonymizer p(key);
  EXPECT_EQ(p.Pseudonym("what do ya want for nothing?"), "5bdcc146bf60754e6a042426");
  // Repeatable, and different inputs give different pseudonyms.
  EXPECT_EQ(p.Pseudonym("what do ya want for nothing?"), "5bdcc146bf60754e6a042426");
  EXPECT_NE(p.Pseudonym("KZ-0001"), p.Pseudonym("KZ-0002"));
}

TEST(PseudonymTest, KeyFileIsCreatedPrivateAndReusable) {
  testing::TempDir dir;
  const std::string path = dir.Join("S01.key");
  auto first = LoadOrCreateSiteKey(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto second = LoadOrCreateSiteKey(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*first, *second);
  // Another site gets another key.
  auto other = LoadOrCreateSiteKey(dir.Join("S02.key"));
  ASSERT_TRUE(other.ok());
  EXPECT_NE(*first, *other);
}

TEST(PseudonymTest, KeyFileReadableByOthersIsRefused) {
  testing::TempDir dir;
  const std::string path = dir.Join("S01.key");
  ASSERT_TRUE(LoadOrCreateSiteKey(path).ok());
  ::chmod(path.c_str(), 0644);
  auto key = LoadOrCreateSiteKey(path);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().message(),
            path + ": site key file mode = 0644: expected 0600 (run chmod 600 on it)");
}

TEST(PseudonymTest, DamagedKeyFileIsCorruption) {
  testing::TempDir dir;
  const std::string path = dir.Write("S01.key", "not hex at all");
  ::chmod(path.c_str(), 0600);
  auto key = LoadOrCreateSiteKey(path);
  ASSERT_FALSE(key.ok());
  EXPECT_EQ(key.status().code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace thaplan::registry
