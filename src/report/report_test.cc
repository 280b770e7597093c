// The HTML validation report: rendered from a real validation of a simulated
// table, then parsed back. Checks that the page is well-formed, carries no
// external reference or script, escapes text from the data, and shows the
// report JSON's own numbers (exactly, in the cells' data attributes).
#include "thaplan/report.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <string>
#include <vector>

#include "model/random.h"
#include "report/svg.h"
#include "thaplan/validation.h"

namespace thaplan {
namespace {

using nlohmann::json;

// n rows, 4 uniform features; y = 2 x0 - x1 + noise; three sites. Names
// carry characters HTML must escape.
Table Simulated(size_t n) {
  model::SplitMix64 rng(11);
  const auto u = [&] { return static_cast<double>(rng.Next() >> 11) * 0x1.0p-53; };
  Table t;
  t.source = "cohort <b>&\"x'.csv";
  t.x.rows = n;
  t.x.cols = 4;
  for (int c = 0; c < 4; ++c)
    t.features.push_back({"x<" + std::to_string(c), "", "", ""});
  TargetColumn y;
  y.spec.name = y.spec.column = "gain<&>";
  y.unit = "%";
  for (size_t r = 0; r < n; ++r) {
    double x[4];
    for (double& v : x) v = u() * 2 - 1;
    for (double v : x) t.x.values.push_back(static_cast<float>(v));
    y.values.push_back(2 * x[0] - x[1] + (u() - 0.5));
    y.preop.push_back(x[0] + u() - 0.5);
    t.groups.push_back("S" + std::to_string(r % 3));
    t.keys.push_back("row " + std::to_string(r));
  }
  t.targets.push_back(std::move(y));
  return t;
}

ValidationOptions AllQuick() {
  ValidationOptions o;
  o.protocols = {Protocol::kSeed,        Protocol::kRepeatedCv,
                 Protocol::kBootstrap,   Protocol::kLeaveOneSiteOut,
                 Protocol::kPermutation, Protocol::kLearningCurve};
  o.grid.max_depth = {2};
  o.grid.eta = {0.1};
  o.grid.rounds = {40};
  o.repeats = 2;
  o.seed_splits = 12;
  o.bootstrap_replicates = 5;
  o.permutations = 9;
  o.learning_repeats = 2;
  o.ci_replicates = 100;
  o.threads = 2;
  return o;
}

// Well-formed: every element closed in order (void elements and
// self-closing tags excepted), no stray '<' in text.
std::string TagError(const std::string& html) {
  std::vector<std::string> open;
  size_t i = 0;
  while ((i = html.find('<', i)) != std::string::npos) {
    const size_t end = html.find('>', i);
    if (end == std::string::npos) return "unclosed '<' at " + std::to_string(i);
    const std::string tag = html.substr(i + 1, end - i - 1);
    i = end + 1;
    if (tag.starts_with("!DOCTYPE")) continue;
    if (tag.find('<') != std::string::npos) return "'<' inside tag " + tag;
    if (tag.ends_with("/")) continue;  // self-closing
    if (tag.starts_with("/")) {
      const std::string name = tag.substr(1);
      if (open.empty() || open.back() != name) {
        return "</" + name + "> closes " + (open.empty() ? "nothing" : open.back());
      }
      open.pop_back();
      continue;
    }
    const std::string name = tag.substr(0, tag.find_first_of(" \n"));
    if (name == "meta") return "meta not self-closed";
    open.push_back(name);
  }
  return open.empty() ? "" : "unclosed <" + open.back() + ">";
}

// An attribute value as a parser reads it: the five entities Escape writes.
std::string Unescape(std::string s) {
  const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}, {"&amp;", "&"}};
  for (const auto& [entity, text] : kEntities) {
    for (size_t at; (at = s.find(entity)) != std::string::npos;) {
      s.replace(at, std::string_view(entity).size(), text);
    }
  }
  return s;
}

// data-k -> the cell's attributes.
std::map<std::string, std::map<std::string, std::string>> Cells(const std::string& html) {
  std::map<std::string, std::map<std::string, std::string>> out;
  const std::regex cell(R"re(<td class="num" data-k="([^"]*)"([^>]*)>)re");
  const std::regex attr(R"re(data-(v|lo|hi)="([^"]*)")re");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), cell);
       it != std::sregex_iterator(); ++it) {
    const std::string rest = (*it)[2];
    auto& attrs = out[Unescape((*it)[1])];
    for (auto a = std::sregex_iterator(rest.begin(), rest.end(), attr);
         a != std::sregex_iterator(); ++a) {
      attrs[(*a)[1]] = (*a)[2];
    }
  }
  return out;
}

// The value shown exactly equals the JSON number (null: an empty attribute).
void ExpectSame(const std::map<std::string, std::string>& attrs, const std::string& a,
                const json& number, const std::string& key) {
  ASSERT_TRUE(attrs.count(a)) << key << " has no data-" << a;
  if (number.is_null()) {
    EXPECT_EQ(attrs.at(a), "") << key;
  } else {
    EXPECT_EQ(std::stod(attrs.at(a)), number.get<double>()) << key << " data-" << a;
  }
}

using CellMap = std::map<std::string, std::map<std::string, std::string>>;

const std::map<std::string, std::string>& CellAt(const CellMap& cells,
                                                 const std::string& key) {
  static const std::map<std::string, std::string> kNone;
  const auto it = cells.find(key);
  if (it == cells.end()) {
    ADD_FAILURE() << "no cell " << key;
    return kNone;
  }
  return it->second;
}

const json& Find(const json& list, const char* field, const std::string& value) {
  for (const json& j : list) {
    if (j[field] == value) return j;
  }
  ADD_FAILURE() << "no " << field << " " << value;
  return list.front();
}

class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto r = Validate(Simulated(90), AllQuick());
    ASSERT_TRUE(r.ok()) << r.status().message();
    report_ = new json(ToJson(*r));
    auto html = ValidationReportHtml(*report_, {}, "report.json");
    ASSERT_TRUE(html.ok()) << html.status().message();
    html_ = new std::string(*html);
  }
  static void TearDownTestSuite() {
    delete report_;
    delete html_;
  }
  static json* report_;
  static std::string* html_;
};
json* ReportTest::report_ = nullptr;
std::string* ReportTest::html_ = nullptr;

TEST_F(ReportTest, IsWellFormedAndSelfContained) {
  EXPECT_EQ(TagError(*html_), "");
  for (const char* bad :
       {"http:", "https:", "<script", "src=", "href=", "url(", "@import"}) {
    EXPECT_EQ(html_->find(bad), std::string::npos) << bad;
  }
  EXPECT_TRUE(html_->starts_with("<!DOCTYPE html>"));
  EXPECT_GE(std::count(html_->begin(), html_->end(), '\n'), 100);
}

TEST_F(ReportTest, EscapesTextFromTheData) {
  EXPECT_NE(html_->find("cohort &lt;b&gt;&amp;&quot;x&#39;.csv"), std::string::npos);
  EXPECT_EQ(html_->find("<b>&"), std::string::npos);
  EXPECT_NE(html_->find("gain&lt;&amp;&gt;"), std::string::npos);
  EXPECT_NE(html_->find("x&lt;0"), std::string::npos);
  EXPECT_EQ(html_->find("gain<&>"), std::string::npos);
}

TEST_F(ReportTest, ShowsTheReportsNumbers) {
  const auto cells = Cells(*html_);
  const json& target = (*report_)["targets"][0];
  size_t checked = 0;
  for (const json& p : target["protocols"]) {
    const std::string protocol = p["protocol"];
    if (protocol == "learning_curve") continue;
    for (const json& m : p["models"]) {
      for (const auto& [metric, e] : m["metrics"].items()) {
        const std::string key =
            "0/" + protocol + "/" + std::string(m["model"]) + "/" + metric;
        ASSERT_TRUE(cells.count(key)) << key;
        ExpectSame(CellAt(cells, key), "v", e["value"], key);
        ExpectSame(cells.at(key), "lo", e["lower"], key);
        ExpectSame(cells.at(key), "hi", e["upper"], key);
        ++checked;
      }
    }
  }
  // 5 protocols x 4 models x 5 metrics.
  EXPECT_EQ(checked, 100u);
  const json& perm = Find(Find(target["protocols"], "protocol", "permutation")["models"],
                          "model", "xgboost")["permutation"];
  ExpectSame(CellAt(cells, "0/permutation/xgboost/p_value"), "v", perm["p_value"], "p");
  const json& cv = Find(target["protocols"], "protocol", "cv");
  for (const json& c : cv["conformal"]) {
    char level[16];
    std::snprintf(level, sizeof level, "%.4g", c["level"].get<double>());
    const std::string key = "0/cv/conformal/" + std::string(c["method"]) + "." + level;
    ExpectSame(CellAt(cells, key + ".coverage"), "v", c["coverage"], key);
  }
  for (const json& c : target["sample_size"]["criteria"]) {
    const std::string key = "0/riley/" + std::string(c["criterion"]) + ".n";
    ExpectSame(CellAt(cells, key), "v", c["n"], key);
  }
  ExpectSame(CellAt(cells, "0/riley/n"), "v", target["sample_size"]["n"], "riley n");
  ExpectSame(CellAt(cells, "rows"), "v", (*report_)["rows"], "rows");
}

TEST_F(ReportTest, DrawsEveryPlot) {
  for (const char* title :
       {"Predicted vs observed", "Calibration: mean observed in 10 groups",
        "SHAP summary: mean |SHAP| per feature (tuned XGBoost on all rows)",
        "Learning curve: R² of CV against n",
        "R² of XGBoost over 12 random 70/30 splits"}) {
    EXPECT_NE(html_->find(title), std::string::npos) << title;
  }
  EXPECT_NE(html_->find("TRIPOD+AI items covered"), std::string::npos);
  const double single =
      (*report_)["targets"][0]["protocols"][0]["models"][0]["split_values"][0];
  char label[64];
  std::snprintf(label, sizeof label, "the single 70/30 split: %.4g", single);
  EXPECT_NE(html_->find(label), std::string::npos);
}

TEST_F(ReportTest, UsesTheCardsShapWhenGivenAndRefusesOtherJson) {
  ModelCard card;
  card.name = "gain model";
  card.dataset.targets.push_back({});
  card.dataset.targets[0].name = "gain<&>";
  card.features = {{"f<1>", "", "", "", 0, 1, 0, 0.75}};
  card.model_sha256 = "abc";
  auto html =
      ValidationReportHtml(*report_, std::span<const ModelCard>(&card, 1), "r.json");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("(model gain model)"), std::string::npos);
  EXPECT_NE(html->find("f&lt;1&gt;"), std::string::npos);
  // The card's data hash is not the validated table's: said so.
  EXPECT_NE(html->find("trained on other data"), std::string::npos);
  auto bad = ValidationReportHtml(json{{"x", 1}}, {}, "r.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(),
            "r.json: targets: missing: expected a validation report written by thaplan "
            "model validate --out");
}

TEST(SvgTest, NiceTicksFollowHeckbert) {
  // Heckbert's example range 0..100 with 5 ticks gives steps of 20 (Graphics
  // Gems 1990): a "nice" step is 1, 2 or 5 times a power of ten.
  EXPECT_EQ(report::NiceTicks({0, 100}), (std::vector<double>{0, 20, 40, 60, 80, 100}));
  const std::vector<double> t = report::NiceTicks({-0.23, 0.41});
  ASSERT_GE(t.size(), 3u);
  EXPECT_NEAR(t[1] - t[0], 0.2, 1e-12);
  const report::Range r = report::NiceRange({0.013, 0.87});
  EXPECT_DOUBLE_EQ(r.lo, 0);
  EXPECT_DOUBLE_EQ(r.hi, 1);
}

}  // namespace
}  // namespace thaplan
