#include "alert/channels.hpp"

#include "alert/http_post.hpp"
#include "alert/mime.hpp"
#include "alert/slack.hpp"
#include "alert/smtp.hpp"
#include "alert/webhook.hpp"

namespace llmscope::alert {
namespace {

// The domain for Message-IDs: the sender's, so that ids are unique to
// this installation's mail.
std::string id_domain(const std::string& from) {
  auto at = from.rfind('@');
  return at == std::string::npos || at + 1 == from.size() ? "llmscope.local" : from.substr(at + 1);
}

}  // namespace

std::string dump_json(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string email_for(const AlertMessage& m, const EmailSettings& email, EpochMs now) {
  MailParts mail;
  mail.from = email.from;
  mail.to = email.to;
  mail.subject = headline(m);
  mail.text = plain_text(m);
  mail.html = html(m);
  mail.date_ms = now;
  // One id per delivery: a copy sent again after a crash is recognisably
  // the same message. A test message gets a fresh one each time.
  mail.message_id = m.test ? "test." + std::to_string(now) + "@" + id_domain(email.from)
                           : "llmscope.alert." + std::to_string(m.delivery_id) + "." +
                                 std::to_string(m.violation.id) + "@" + id_domain(email.from);
  return format_mail(mail);
}

SendResult send_message(AlertChannel channel, const AlertMessage& m, const AlertSettings& s,
                        EpochMs now) {
  switch (channel) {
    case AlertChannel::email:
      return send_mail(s.email, email_for(m, s.email, now), s.send_timeout);
    case AlertChannel::slack:
      if (!s.slack.configured())
        return SendResult::failure(true, std::nullopt, "Slack webhook URL is not set");
      return post_json(s.slack.webhook_url, dump_json(slack_payload(m)), {}, s.send_timeout);
    case AlertChannel::webhook: {
      if (!s.webhook.configured())
        return SendResult::failure(true, std::nullopt, "webhook URL is not set");
      std::string body = dump_json(webhook_body(m));
      return post_json(s.webhook.url, body, webhook_headers(m, body, s.webhook.secret, now / 1000),
                       s.send_timeout);
    }
  }
  return SendResult::failure(true, std::nullopt, "unknown channel");
}

}  // namespace llmscope::alert
