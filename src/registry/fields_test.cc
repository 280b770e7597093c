#include "registry/fields.h"

#include <gtest/gtest.h>

#include "registry/identifiers.h"

namespace thaplan::registry {
namespace {

TEST(FieldsTest, IsoDatesAgainstKnownDayNumbers) {
  // Day numbers from Python: (date(y, m, d) - date(1970, 1, 1)).days
  EXPECT_EQ(ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(ParseIsoDate("2000-03-01"), 11017);
  EXPECT_EQ(ParseIsoDate("2024-02-29"), 19782);
  EXPECT_EQ(ParseIsoDate("1950-06-15"), -7140);
  EXPECT_FALSE(ParseIsoDate("2023-02-29"));  // not a leap year
  EXPECT_FALSE(ParseIsoDate("2023-13-01"));
  EXPECT_FALSE(ParseIsoDate("2023-1-01"));
  EXPECT_FALSE(ParseIsoDate("01/02/2023"));
}

TEST(FieldsTest, NumbersAreStrictAndRanged) {
  const ColumnSpec* inc = FindColumn(RecordKind::kSurgeries, "cup_inclination_deg");
  ASSERT_NE(inc, nullptr);
  Value v;
  EXPECT_FALSE(ParseField(*inc, "42.5", &v));
  EXPECT_EQ(std::get<double>(v), 42.5);
  EXPECT_EQ(ParseField(*inc, "400", &v), "expected a number in 0..90 (deg)");
  EXPECT_EQ(ParseField(*inc, "42,5", &v), "expected a number in 0..90 (deg)");
  EXPECT_EQ(ParseField(*inc, "nan", &v), "expected a number in 0..90 (deg)");
  EXPECT_EQ(ParseField(*inc, " 42", &v), "expected a number in 0..90 (deg)");
  EXPECT_FALSE(ParseField(*inc, "NA", &v));
  EXPECT_TRUE(IsMissing(v));
  const ColumnSpec* crowe = FindColumn(RecordKind::kSurgeries, "crowe_class");
  EXPECT_EQ(ParseField(*crowe, "2.0", &v), "expected a whole number in 1..4");
}

TEST(FieldsTest, EnumsFlagsAndCodes) {
  Value v;
  EXPECT_EQ(ParseField(*FindColumn(RecordKind::kPatients, "sex"), "female", &v),
            "expected one of F, M");
  EXPECT_EQ(ParseField(*FindColumn(RecordKind::kPatients, "hx_diabetes"), "yes", &v),
            "expected 0 or 1");
  const ColumnSpec* surgeon = FindColumn(RecordKind::kSurgeries, "surgeon_code");
  EXPECT_FALSE(ParseField(*surgeon, "S-12", &v));
  EXPECT_EQ(ParseField(*surgeon, "dr@example.org", &v),
            "expected letters, digits, spaces or . _ - / + ( ) (at most 40)");
  EXPECT_EQ(ParseField(*surgeon, "090-1234-5678", &v),
            "expected no direct identifier (this looks like a phone or record number)");
}

TEST(IdentifiersTest, ColumnNamesThatIdentifyPeople) {
  EXPECT_EQ(IdentifierKindOfColumn("Patient Name"), "a name");
  EXPECT_EQ(IdentifierKindOfColumn("patientName"), "a name");
  EXPECT_EQ(IdentifierKindOfColumn("first_name"), "a name");
  EXPECT_EQ(IdentifierKindOfColumn("MRN"), "a record number");
  EXPECT_EQ(IdentifierKindOfColumn("tel_no"), "a phone number");
  EXPECT_EQ(IdentifierKindOfColumn("E-mail"), "an e-mail address");
  EXPECT_EQ(IdentifierKindOfColumn("zip_code"), "an address");
  EXPECT_EQ(IdentifierKindOfColumn("DOB"), "an exact date");
  EXPECT_EQ(IdentifierKindOfColumn("discharge_date"), "an exact date");
  EXPECT_FALSE(IdentifierKindOfColumn("cup_inclination_deg"));
  EXPECT_FALSE(IdentifierKindOfColumn("patient_key"));
  EXPECT_FALSE(IdentifierKindOfColumn("surgeon_code"));
  EXPECT_FALSE(IdentifierKindOfColumn("femoral_offset_change_mm"));
}

}  // namespace
}  // namespace thaplan::registry
