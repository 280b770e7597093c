#include "thaplan/status.h"

#include <gtest/gtest.h>

namespace thaplan {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidInput("x = " + std::to_string(x) + ": expected even");
  return x / 2;
}

Result<int> Quarter(int x) {
  THAPLAN_ASSIGN_OR_RETURN(int half, Half(x));
  return Half(half);
}

TEST(StatusTest, OkByDefault) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.ExitCode(), 0);
}

TEST(StatusTest, ContextPrefixesMessageAndKeepsCode) {
  Status s = Status::InvalidInput("row 3: bad").WithContext("cohort.csv");
  EXPECT_EQ(s.message(), "cohort.csv: row 3: bad");
  EXPECT_EQ(s.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(s.ExitCode(), 2);
  EXPECT_EQ(Status::IOError("disk").ExitCode(), 1);
}

TEST(ResultTest, PropagatesFirstError) {
  EXPECT_EQ(Quarter(8).value(), 2);
  Result<int> r = Quarter(6);  // 6 -> 3 -> odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().message(), "x = 3: expected even");
}

}  // namespace
}  // namespace thaplan
