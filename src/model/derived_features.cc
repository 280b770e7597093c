// Features derived from other columns when a table is built (dataset.h).
#include <cmath>
#include <limits>

#include "thaplan/dataset.h"

namespace thaplan {

float CombinedAnteversionFeature(double cup_anteversion_deg,
                                 double stem_anteversion_deg) {
  if (std::isnan(cup_anteversion_deg) || std::isnan(stem_anteversion_deg)) {
    return std::numeric_limits<float>::quiet_NaN();
  }
  return static_cast<float>(cup_anteversion_deg +
                            kWidmerStemFactor * stem_anteversion_deg);
}

}  // namespace thaplan
