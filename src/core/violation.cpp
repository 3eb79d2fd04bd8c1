#include "core/violation.hpp"

namespace llmscope {

std::string_view to_string(Violation::State state) {
  return state == Violation::State::open ? "open" : "closed";
}

std::string rule_name(int test_number) { return "R" + std::to_string(test_number); }

}  // namespace llmscope
