#pragma once

#include <span>
#include <string_view>

namespace llmscope::store {

// The numbered schema migrations; migration i (1-based) takes the database
// from user_version i-1 to i. Documented in docs/SCHEMA.md. A migration,
// once released, never changes; a stored enum value never changes meaning.
std::span<const std::string_view> migrations();

}  // namespace llmscope::store
