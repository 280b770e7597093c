// Internal: training the bootstrap ensemble stored with a model
// (TrainOptions::ensemble, ModelCard::ensemble).
#ifndef THAPLAN_MODEL_ENSEMBLE_H_
#define THAPLAN_MODEL_ENSEMBLE_H_

#include <cstdint>
#include <span>

#include "model/xgb.h"
#include "thaplan/bundle.h"
#include "thaplan/dataset.h"
#include "thaplan/status.h"

namespace thaplan::model {

inline constexpr int kMaxEnsembleMembers = 1000;

// Ok for 0 (no ensemble) to kMaxEnsembleMembers members.
[[nodiscard]] Status CheckEnsembleSize(int members);

// Trains `members` models, member i on n rows of (x, labels) drawn with
// replacement (n = x.rows) with `params` and the seed EnsembleMemberSeed(seed,
// i), and stores each one's XGBoost JSON as attribute EnsembleAttributeName(i)
// of `main`; fills `card` with how they were made. `params` includes the
// thread count; the members' bytes do not depend on it. `members` must pass
// CheckEnsembleSize.
[[nodiscard]] Status TrainEnsemble(const FeatureMatrix& x, std::span<const float> labels,
                                   const xgb::Params& params, int rounds, uint32_t seed,
                                   int members, xgb::Booster* main, CardEnsemble* card);

}  // namespace thaplan::model

#endif  // THAPLAN_MODEL_ENSEMBLE_H_
