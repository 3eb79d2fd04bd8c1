#include "probe/probe.hpp"

#include "probe/transfer.hpp"

namespace llmscope::probe {

ProbeOutcome run_probe(const ProbeTarget& target, const ProbeOptions& options) {
  ProbeTransfer transfer(target, options);
  if (auto early = transfer.prepare()) return *early;

  transfer.start();
  CURLcode code = curl_easy_perform(transfer.handle());
  return transfer.finish(code);
}

}  // namespace llmscope::probe
