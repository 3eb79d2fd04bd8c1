#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "alert/send_result.hpp"

namespace llmscope::alert {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

// POSTs a JSON body and classifies the answer: 2xx is success; 429, 5xx
// and network errors are worth another attempt; any other status is
// permanent. Redirects are not followed (a webhook that moved is a
// configuration error). The URL is not put in the error: it is a secret.
SendResult post_json(const std::string& url, const std::string& body, const HttpHeaders& headers,
                     std::chrono::milliseconds timeout);

}  // namespace llmscope::alert
