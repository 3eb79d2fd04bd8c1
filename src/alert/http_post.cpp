#include "alert/http_post.hpp"

#include <curl/curl.h>

#include <memory>

#include "alert/message.hpp"

namespace llmscope::alert {
namespace {

std::size_t keep_some(char* data, std::size_t size, std::size_t count, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t n = size * count;
  if (out->size() < 300) out->append(data, std::min(n, 300 - out->size()));
  return n;
}

}  // namespace

SendResult post_json(const std::string& url, const std::string& body, const HttpHeaders& headers,
                     std::chrono::milliseconds timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return SendResult::failure(false, std::nullopt, "curl_easy_init failed");
  CURL* h = curl.get();

  curl_slist* list = curl_slist_append(nullptr, "Content-Type: application/json");
  for (const auto& [name, value] : headers)
    list = curl_slist_append(list, (name + ": " + value).c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> owner(list, curl_slist_free_all);
  std::string answer;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, keep_some);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_USERAGENT, "LLMscope-alerts");

  CURLcode code = curl_easy_perform(h);
  if (code != CURLE_OK)
    return SendResult::failure(code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL,
                               std::nullopt, curl_easy_strerror(code));
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  int s = static_cast<int>(status);
  if (s >= 200 && s < 300) return SendResult::success(s);
  bool retry = s == 429 || s >= 500 || s == 408;
  return SendResult::failure(!retry, s,
                             "HTTP " + std::to_string(s) + ": " + truncate_utf8(answer, 200));
}

}  // namespace llmscope::alert
