#pragma once

#include <expected>
#include <string>

#include "core/target.hpp"

namespace llmscope {

// Checks what a target would put on the wire, wherever it came from (the
// API or the config file): a base URL with a host and no spaces or control
// characters; header names that are HTTP tokens and values without line
// breaks (a "\r\n" in a value would inject a header); a name that is not
// blank and prints on one line. Returns the problem, naming the field.
std::expected<void, std::string> check_target(const ProbeTarget& target);

}  // namespace llmscope
