#include "registry/identifiers.h"

#include <array>
#include <cctype>
#include <utility>
#include <vector>

namespace thaplan::registry {
namespace {

// Words (lower case) and the identifier each signals. Pairs of adjacent words
// are checked joined as well ("first name" -> "firstname").
constexpr std::array<std::pair<std::string_view, std::string_view>, 41> kWords = {{
    {"name", "a name"},           {"names", "a name"},
    {"firstname", "a name"},      {"lastname", "a name"},
    {"surname", "a name"},        {"fullname", "a name"},
    {"kana", "a name"},           {"kanji", "a name"},
    {"initials", "a name"},       {"mrn", "a record number"},
    {"chart", "a record number"}, {"record", "a record number"},
    {"ssn", "a record number"},   {"insurance", "a record number"},
    {"passport", "a record number"}, {"mynumber", "a record number"},
    {"license", "a record number"},  {"phone", "a phone number"},
    {"tel", "a phone number"},    {"telephone", "a phone number"},
    {"mobile", "a phone number"}, {"fax", "a phone number"},
    {"cell", "a phone number"},   {"address", "an address"},
    {"addr", "an address"},       {"street", "an address"},
    {"city", "an address"},       {"zip", "an address"},
    {"zipcode", "an address"},    {"postcode", "an address"},
    {"postal", "an address"},     {"email", "an e-mail address"},
    {"mail", "an e-mail address"}, {"dob", "an exact date"},
    {"birthday", "an exact date"}, {"birthdate", "an exact date"},
    {"date", "an exact date"},    {"datetime", "an exact date"},
    {"ip", "a network address"},  {"url", "a network address"},
    {"photo", "a photograph"},
}};

std::vector<std::string> SplitWords(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  char prev = 0;
  for (char c : name) {
    const bool alpha = std::isalpha(static_cast<unsigned char>(c)) != 0;
    const bool upper = std::isupper(static_cast<unsigned char>(c)) != 0;
    const bool lower_before = std::islower(static_cast<unsigned char>(prev)) != 0;
    if (!alpha || (upper && lower_before)) {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    }
    if (alpha) word.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    prev = c;
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

std::optional<std::string> Lookup(std::string_view word) {
  for (const auto& [w, kind] : kWords) {
    if (w == word) return std::string(kind);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> IdentifierKindOfColumn(std::string_view name) {
  const std::vector<std::string> words = SplitWords(name);
  for (size_t i = 0; i < words.size(); ++i) {
    if (auto kind = Lookup(words[i])) return kind;
    if (i + 1 < words.size()) {
      if (auto kind = Lookup(words[i] + words[i + 1])) return kind;
    }
  }
  return std::nullopt;
}

std::optional<std::string> IdentifierKindOfValue(std::string_view value) {
  if (value.find('@') != std::string_view::npos) return "an e-mail address";
  int digits = 0;
  for (char c : value) {
    if (std::isdigit(static_cast<unsigned char>(c)) != 0) {
      if (++digits >= 7) return "a phone or record number";
    } else if (c != '-' && c != ' ') {
      digits = 0;
    }
  }
  return std::nullopt;
}

}  // namespace thaplan::registry
