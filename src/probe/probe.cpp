#include "probe/probe.hpp"

#include "probe/transfer.hpp"

namespace llmscope::probe {

namespace {

ProbeOutcome run_once(const ProbeTarget& target, const ProbeOptions& options) {
  ProbeTransfer transfer(target, options);
  if (auto early = transfer.prepare()) return *early;

  transfer.start();
  CURLcode code = curl_easy_perform(transfer.handle());
  return transfer.finish(code);
}

}  // namespace

ProbeOutcome run_probe(const ProbeTarget& target, const ProbeOptions& options) {
  ProbeOutcome out = run_once(target, options);
  if (!out.usage_option_rejected) return out;

  // Some OpenAI-compatible servers refuse stream_options: ask without.
  ProbeOptions without = options;
  without.openai_include_usage = false;
  return run_once(target, without);
}

}  // namespace llmscope::probe
