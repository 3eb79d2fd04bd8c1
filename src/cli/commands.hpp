#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace llmscope::cli {

// Each command registers itself as a subcommand of the root app. When the
// user picks it, its parse callback stores in `action` the function that
// runs it; that function returns the process exit code.
using Action = std::function<int()>;

void add_serve_command(CLI::App& root, Action& action);
void add_analyze_command(CLI::App& root, Action& action);
void add_probe_command(CLI::App& root, Action& action);

}  // namespace llmscope::cli
