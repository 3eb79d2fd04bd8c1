#include "core/violation.hpp"

#include <cctype>

namespace llmscope {

std::string_view to_string(Violation::State state) {
  return state == Violation::State::open ? "open" : "closed";
}

std::string rule_name(int rule) {
  switch (rule) {
    case kRuleMR1: return "MR1";
    case kRuleEWMA: return "EWMA";
    case kRuleCUSUM: return "CUSUM";
    case kRuleP1: return "P1";
    default: return "R" + std::to_string(rule);
  }
}

std::optional<int> rule_from_name(std::string_view name) {
  std::string upper;
  for (char c : name) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (int r = 1; r <= kRuleCount; ++r)
    if (upper == rule_name(r)) return r;
  if (upper.size() == 1 && upper[0] >= '1' && upper[0] <= '8') return upper[0] - '0';
  return std::nullopt;
}

}  // namespace llmscope
