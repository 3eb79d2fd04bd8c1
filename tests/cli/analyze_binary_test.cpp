// The real `llmscope` binary (LLMSCOPE_BINARY): exit codes, what reaches
// stdout and stderr. Skipped when the binary has not been built.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace llmscope::cli {
namespace {

namespace fs = std::filesystem;

const std::string kData = LLMSCOPE_TEST_DATA;
const std::string kLlmperf = kData + "/llmperf_leaderboard_requests.csv";

struct ProcessResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs the binary with `args` (already shell-quoted where needed).
ProcessResult run_llmscope(const std::string& args) {
  const fs::path dir = fs::temp_directory_path();
  const std::string tag = std::to_string(::getpid());
  const fs::path out = dir / ("llmscope_cli_test_out_" + tag);
  const fs::path err = dir / ("llmscope_cli_test_err_" + tag);
  const std::string command = "'" + std::string(LLMSCOPE_BINARY) + "' " + args + " >'" +
                              out.string() + "' 2>'" + err.string() + "' </dev/null";
  const int status = std::system(command.c_str());
  ProcessResult run;
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  run.out = slurp(out);
  run.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return run;
}

class LlmscopeBinary : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(LLMSCOPE_BINARY)) GTEST_SKIP() << "not built: " << LLMSCOPE_BINARY;
  }
};

TEST_F(LlmscopeBinary, AnalyzeJsonOnLlmperfTogether13b) {
  const ProcessResult r = run_llmscope("analyze '" + kLlmperf +
                                       "' --column ttft_s --filter provider=together "
                                       "--filter model_size=13b --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::json::parse(r.out);  // exactly one JSON document
  EXPECT_EQ(j["n"], 150);
  EXPECT_EQ(j["skipped"], 0);
  EXPECT_EQ(j["flags"]["1"], nlohmann::json::parse("[59, 64]"));
  EXPECT_NEAR(j["center"].get<double>(), 1.883, 0.001);
  EXPECT_NEAR(j["sigma"].get<double>(), 2.474, 0.001);
}

TEST_F(LlmscopeBinary, AnalyzeTableIsTheDefault) {
  const ProcessResult r = run_llmscope("analyze '" + kLlmperf +
                                       "' --column ttft_s --filter provider=together "
                                       "--filter model_size=13b");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("1 point beyond 3 sigma"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("59, 64"), std::string::npos) << r.out;
}

TEST_F(LlmscopeBinary, AnalyzeErrorsExitTwoWithMessageAndNoOutput) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"analyze '" + kLlmperf + "' --column nope --format json", "'nope'"},
      {"analyze '" + kLlmperf + "' --column ttft_s --filter nope=1", "'nope'"},
      {"analyze '" + kLlmperf + "' --column ttft_s --filter provider", "'provider'"},
      {"analyze /nonexistent/x.csv --column ttft_s", "/nonexistent/x.csv"},
      {"analyze '" + kLlmperf + "' --column ttft_s --filter provider=nobody", "only 0"},
      {"analyze '" + kLlmperf + "' --column ttft_s --format xml", "xml"},
      {"analyze '" + kLlmperf + "'", "--column"},
  };
  for (const auto& [args, mention] : cases) {
    const ProcessResult r = run_llmscope(args);
    EXPECT_EQ(r.exit_code, 2) << args;
    EXPECT_EQ(r.out, "") << args;
    EXPECT_NE(r.err.find(mention), std::string::npos) << args << "\n" << r.err;
  }
}

TEST_F(LlmscopeBinary, AnalyzeHelpDescribesTheOptions) {
  const ProcessResult r = run_llmscope("analyze --help");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"--column", "--filter", "--format", "COL=VALUE"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word << "\n" << r.out;
  }
}

}  // namespace
}  // namespace llmscope::cli
