#pragma once

#include <expected>
#include <nlohmann/json.hpp>
#include <string>

#include "core/store.hpp"

namespace llmscope::server {

// Deliveries as GET /api/alerts shows them, each with its attempts.
std::expected<nlohmann::json, std::string> deliveries_json(Store& store, const DeliveryQuery& q);

}  // namespace llmscope::server
