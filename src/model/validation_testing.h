// Test helper: a model's result in a protocol, by name.
#ifndef THAPLAN_MODEL_VALIDATION_TESTING_H_
#define THAPLAN_MODEL_VALIDATION_TESTING_H_

#include <gtest/gtest.h>

#include <string>

#include "thaplan/validation.h"

namespace thaplan::model::testing {

inline const ModelResult& Model(const ProtocolResult& p, const std::string& name) {
  for (const ModelResult& m : p.models) {
    if (m.model == name) return m;
  }
  ADD_FAILURE() << "no model " << name;
  return p.models.front();
}

}  // namespace thaplan::model::testing

#endif  // THAPLAN_MODEL_VALIDATION_TESTING_H_
