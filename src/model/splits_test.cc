// Protocol bookkeeping: folds partition the rows, LOSO leaves each site out
// once, splits and resamples depend only on the seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "thaplan/validation.h"

namespace thaplan {
namespace {

TEST(SplitsTest, KFoldTestSetsPartitionTheRows) {
  const std::vector<Split> folds = KFold(23, 5, 7);
  ASSERT_EQ(folds.size(), 5u);
  std::vector<int> seen(23, 0);
  for (const Split& f : folds) {
    EXPECT_GE(f.test.size(), 4u);
    EXPECT_LE(f.test.size(), 5u);
    EXPECT_EQ(f.train.size() + f.test.size(), 23u);
    std::set<size_t> train(f.train.begin(), f.train.end());
    for (size_t r : f.test) {
      EXPECT_EQ(train.count(r), 0u) << "row " << r << " in both train and test";
      ++seen[r];
    }
  }
  for (int s : seen) EXPECT_EQ(s, 1);                 // each row is tested exactly once
  EXPECT_NE(KFold(23, 5, 8)[0].test, folds[0].test);  // the seed matters
  EXPECT_EQ(KFold(23, 5, 7)[0].test, folds[0].test);  // and only the seed
}

TEST(SplitsTest, StratifiedFoldsShareEachClass) {
  std::vector<double> y(40, 0.0);
  for (size_t i = 0; i < 10; ++i) y[i * 4] = 1.0;  // 10 positives
  for (const Split& f : KFold(40, 5, 3, y)) {
    size_t positives = 0;
    for (size_t r : f.test) positives += y[r] == 1.0 ? 1 : 0;
    EXPECT_EQ(positives, 2u);
  }
}

TEST(SplitsTest, LeaveOneGroupOutLeavesEachSiteOutOnce) {
  const std::vector<std::string> groups = {"b", "a", "b", "c", "a", "b"};
  const std::vector<Split> splits = LeaveOneGroupOut(groups);
  ASSERT_EQ(splits.size(), 3u);
  EXPECT_EQ(splits[0].test, (std::vector<size_t>{0, 2, 5}));  // "b" first seen
  EXPECT_EQ(splits[1].test, (std::vector<size_t>{1, 4}));
  EXPECT_EQ(splits[2].test, (std::vector<size_t>{3}));
  for (const Split& s : splits) {
    for (size_t r : s.train) EXPECT_NE(groups[r], groups[s.test[0]]);
    EXPECT_EQ(s.train.size() + s.test.size(), groups.size());
  }
}

TEST(SplitsTest, RandomSplitHasThirtyPercentTest) {
  const Split s = RandomSplit(50, 0.3, 1);
  EXPECT_EQ(s.test.size(), 15u);
  EXPECT_EQ(s.train.size(), 35u);
  std::vector<size_t> all = s.train;
  all.insert(all.end(), s.test.begin(), s.test.end());
  std::sort(all.begin(), all.end());
  for (size_t i = 0; i < all.size(); ++i) EXPECT_EQ(all[i], i);
}

TEST(SplitsTest, BootstrapDrawsWithReplacement) {
  const std::vector<size_t> b = BootstrapSample(200, 4);
  ASSERT_EQ(b.size(), 200u);
  const std::set<size_t> distinct(b.begin(), b.end());
  // About 1 - 1/e = 63 % of rows appear; far from all of them.
  EXPECT_GT(distinct.size(), 100u);
  EXPECT_LT(distinct.size(), 150u);
  EXPECT_EQ(BootstrapSample(200, 4), b);
}

TEST(SplitsTest, DerivedSeedsDependOnThePathOrder) {
  EXPECT_NE(DeriveSeed(1, {0, 1}), DeriveSeed(1, {1, 0}));
  EXPECT_NE(DeriveSeed(1, {0}), DeriveSeed(2, {0}));
  EXPECT_EQ(DeriveSeed(1, {3, 4}), DeriveSeed(1, {3, 4}));
}

TEST(SplitsTest, GridCandidatesFollowParameterGridOrder) {
  // scikit-learn's ParameterGrid sorts the names (learning_rate, max_depth,
  // min_child_weight, n_estimators, subsample); the last varies fastest.
  TuningGrid g;
  g.max_depth = {2, 3};
  g.eta = {0.05, 0.1};
  g.rounds = {100, 300};
  const std::vector<XgbConfig> c = GridCandidates(g);
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(ConfigLabel(c[0]), "depth=2 eta=0.05 rounds=100 mcw=1 subsample=0.8");
  EXPECT_EQ(ConfigLabel(c[1]), "depth=2 eta=0.05 rounds=300 mcw=1 subsample=0.8");
  EXPECT_EQ(ConfigLabel(c[2]), "depth=3 eta=0.05 rounds=100 mcw=1 subsample=0.8");
  EXPECT_EQ(ConfigLabel(c[4]), "depth=2 eta=0.1 rounds=100 mcw=1 subsample=0.8");
}

}  // namespace
}  // namespace thaplan
