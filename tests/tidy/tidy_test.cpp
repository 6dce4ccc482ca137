// TigerBeetle's tidy: a test that bans the calls that break determinism.
//
// Code under sim/ and protocols/ must not read a wall clock, draw from the
// C or C++ standard randomness, start threads, or iterate unordered
// containers (their order depends on the library and on hashing). sim/cli/ is
// exempt: it times runs, picks seeds and will run the sweep's process pool.
// A line may opt out with a comment "determinism-ok: <why>".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Ban {
  const char* what;
  std::regex pattern;
};

const std::vector<Ban>& bans() {
  static const std::vector<Ban> kBans = {
      {"a wall clock", std::regex(R"(system_clock|steady_clock|high_resolution_clock|\bgettimeofday\b|\bclock_gettime\b|\btime\s*\(\s*(nullptr|NULL|0)\s*\))")},
      {"C randomness", std::regex(R"((^|[^_a-zA-Z0-9.>])s?rand\s*\(|\brandom\s*\(\s*\))")},
      {"std::random_device", std::regex(R"(random_device)")},
      {"a standard-library engine", std::regex(R"(std::(mt19937|minstd_rand|default_random_engine|ranlux|knuth_b))")},
      {"a standard-library distribution", std::regex(R"(std::\w+_distribution\b)")},
      {"a thread", std::regex(R"(std::(thread|jthread|async)\b|\bpthread_create\b)")},
      {"an unordered container", std::regex(R"(std::unordered_(map|set|multimap|multiset)\b)")},
  };
  return kBans;
}

// Violations in `text` (a file's contents), as "FILE:LINE: uses WHAT: LINE".
std::vector<std::string> scan(const std::string& file, const std::string& text) {
  std::vector<std::string> found;
  std::size_t start = 0, number = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    ++number;
    if (line.find("determinism-ok") == std::string::npos) {
      // Ignore what is only in a // comment.
      const std::string code = line.substr(0, line.find("//"));
      for (const Ban& b : bans())
        if (std::regex_search(code, b.pattern))
          found.push_back(file + ":" + std::to_string(number) + ": uses " + b.what + ": " + line);
    }
    start = end + 1;
  }
  return found;
}

TEST(Tidy, TheScannerCatchesEachBannedCall) {
  const char* bad[] = {
      "auto t = std::chrono::steady_clock::now();", "int r = rand();", "std::random_device rd;",
      "std::mt19937 gen(1);", "std::uniform_int_distribution<int> d(0, 9);", "std::thread t([]{});",
      "std::unordered_map<std::string, int> m;", "srand(3);", "auto now = time(nullptr);",
  };
  for (const char* line : bad) EXPECT_EQ(scan("x.cpp", line).size(), 1u) << line;
  const char* fine[] = {
      "// std::thread is banned", "x = rng.below(3);  // not rand()", "operand(1);", "brand(2);",
      "auto t = std::chrono::steady_clock::now();  // determinism-ok: only timing",
      "Duration exponential(Duration mean);",
  };
  for (const char* line : fine) EXPECT_TRUE(scan("x.cpp", line).empty()) << line;
}

TEST(Tidy, SimAndProtocolsAreFreeOfDeterminismHazards) {
  const fs::path root = CACHESIM_SOURCE_DIR;
  std::vector<std::string> found;
  std::size_t files = 0;
  for (const char* dir : {"sim", "protocols"}) {
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      if (!entry.is_regular_file()) continue;
      const fs::path rel = fs::relative(entry.path(), root);
      const std::string ext = rel.extension().string();
      if (ext != ".cpp" && ext != ".hpp" && ext != ".h" && ext != ".cc") continue;
      if (rel.string().rfind("sim/cli/", 0) == 0) continue;  // the harness's shell may use clocks and processes
      std::ifstream in(entry.path());
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      ++files;
      for (std::string& v : scan(rel.string(), text)) found.push_back(std::move(v));
    }
  }
  EXPECT_GT(files, 20u) << "the scan found too few files: wrong root?";
  std::string report;
  for (const std::string& v : found) report += v + "\n";
  EXPECT_TRUE(found.empty()) << report;
}

}  // namespace
