// The TRIPOD+AI checklist items the report covers. Item numbers and topics
// from Collins et al., "TRIPOD+AI statement: updated guidance for reporting
// clinical prediction models that use regression or machine learning
// methods", BMJ 2024;385:e078378. Only items this report actually addresses
// are listed; the rest (title, setting, eligibility, ethics, ...) belong to
// the study's paper.
#include "report/sections.h"

namespace thaplan::report {

std::string TripodSection() {
  struct Item {
    const char* number;
    const char* topic;
    const char* extent;
    const char* where;
  };
  // Top-level item numbers only: sub-items are the paper's to map.
  static const Item kItems[] = {
      {"5", "Data sources", "yes", "Provenance: source, rows, data SHA-256 per target"},
      {"8", "Outcome", "yes",
       "Each target: name, kind (continuous or binary rule), unit"},
      {"9", "Predictors", "yes", "Provenance: the features, in model order"},
      {"10", "Sample size", "yes",
       "Riley et al. minimum n (four criteria) against the rows used; learning curve"},
      {"11", "Missing data", "yes", "Provenance: how missing values are handled"},
      {"12", "Analytical methods", "yes",
       "Each protocol's design and CI method; tuning grid and settings"},
      {"14", "Fairness", "partly",
       "Per-site results (leave-one-site-out); not by sex or diagnosis"},
      {"15", "Model output", "yes",
       "Target kind; conformal prediction intervals with their coverage"},
      {"16", "Training versus evaluation", "yes",
       "Out-of-fold, held-out and optimism-corrected estimates only"},
      {"18", "Open science", "partly", "thaplan and XGBoost versions, seed and settings"},
      {"20", "Participants", "partly", "Rows per target; rows left out (notes)"},
      {"22", "Model specification", "yes",
       "Model card (when a bundle is given): frozen model SHA-256; SHAP summary"},
      {"23", "Model performance", "yes",
       "Metrics with 95 % CIs and baselines; calibration plot; permutation test"},
  };
  std::vector<std::string> rows;
  for (const Item& item : kItems) {
    rows.push_back(TextCell(item.number) + TextCell(item.topic) + TextCell(item.extent) +
                   TextCell(item.where));
  }
  return "<section class=\"tripod\">\n<h2>TRIPOD+AI items covered</h2>\n"
         "<p>Items of the TRIPOD+AI checklist (Collins et al., BMJ 2024;385:e078378) "
         "this "
         "report addresses. The others (title, abstract, setting, eligibility, ethics, "
         "funding, discussion) belong to the study's paper.</p>\n" +
         Table({"item", "topic", "covered", "where in this report"}, rows) +
         "</section>\n";
}

}  // namespace thaplan::report
