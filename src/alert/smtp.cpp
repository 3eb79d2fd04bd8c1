#include "alert/smtp.hpp"

#include <curl/curl.h>

#include <cstring>
#include <memory>

namespace llmscope::alert {
namespace {

struct Upload {
  const std::string& data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* up = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, up->data.size() - up->offset);
  std::memcpy(buffer, up->data.data() + up->offset, n);
  up->offset += n;
  return n;
}

std::string smtp_url(const EmailSettings& s) {
  std::string host = s.server.find(':') != std::string::npos && s.server.front() != '['
                         ? "[" + s.server + "]"  // an IPv6 address
                         : s.server;
  return std::string(s.security == SmtpSecurity::tls ? "smtps://" : "smtp://") + host + ":" +
         std::to_string(s.port);
}

// Failures that another attempt cannot fix.
bool permanent(CURLcode code, long reply) {
  if (reply >= 500 && reply < 600) return true;
  return code == CURLE_LOGIN_DENIED || code == CURLE_USE_SSL_FAILED ||
         code == CURLE_URL_MALFORMAT || code == CURLE_UNSUPPORTED_PROTOCOL;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

SendResult send_mail(const EmailSettings& s, const std::string& message,
                     std::chrono::milliseconds timeout) {
  if (!s.configured())
    return SendResult::failure(true, std::nullopt,
                               "email is not configured (server, sender, recipients)");
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return SendResult::failure(false, std::nullopt, "curl_easy_init failed");
  CURL* h = curl.get();

  std::string url = smtp_url(s);
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_USE_SSL,
                   s.security == SmtpSecurity::none ? static_cast<long>(CURLUSESSL_NONE)
                                                    : static_cast<long>(CURLUSESSL_ALL));
  if (!s.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, s.ca_file.c_str());
  // Credentials never travel in clear except to a relay on this machine.
  bool clear = s.security == SmtpSecurity::none;
  if (!s.user.empty() && (!clear || is_loopback_host(s.server))) {
    curl_easy_setopt(h, CURLOPT_USERNAME, s.user.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, s.password.c_str());
  }

  std::string from = "<" + s.from + ">";
  curl_easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl_slist* rcpt = nullptr;
  for (const auto& to : s.to) rcpt = curl_slist_append(rcpt, ("<" + to + ">").c_str());
  std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> rcpt_owner(rcpt, curl_slist_free_all);
  curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);

  Upload upload{message};
  curl_easy_setopt(h, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(h, CURLOPT_READDATA, &upload);
  curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(std::min<long long>(timeout.count(), 10'000)));
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  char errbuf[CURL_ERROR_SIZE] = {0};
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

  CURLcode code = curl_easy_perform(h);
  long reply = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  std::optional<int> reply_code;
  if (reply > 0) reply_code = static_cast<int>(reply);
  if (code == CURLE_OK) return SendResult::success(reply_code.value_or(250));

  std::string why = errbuf[0] ? errbuf : curl_easy_strerror(code);
  if (code == CURLE_USE_SSL_FAILED)
    why = "the mail server does not offer STARTTLS; not sending in clear (" + why + ")";
  return SendResult::failure(permanent(code, reply), reply_code, "SMTP " + url + ": " + why);
}

}  // namespace llmscope::alert
