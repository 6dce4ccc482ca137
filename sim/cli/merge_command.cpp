// `cachesim merge RESULTS...`: the result lines of sweeps or shards (files of
// JSON lines, as `cachesim sweep` prints them) into the same closing summary
// a single sweep prints, on stderr. Every line is validated; a bad line, a
// seed seen twice or results of two scenarios are bad input (exit 2, one line
// naming FILE:LINE). Exit 1 if any run failed, 3 if any was undecided.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>

#include "sim/cli/commands.hpp"
#include "sim/core/input_error.hpp"
#include "sim/sweep/result_line.hpp"
#include "sim/sweep/sweep_summary.hpp"

namespace cachesim::cli {

namespace {

constexpr std::size_t kMaxLineBytes = 1 << 20;

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r") == std::string::npos; }

// Feeds each line of `path` to the summary, reading in chunks so that no
// line longer than kMaxLineBytes is ever held whole.
void read_results(const std::string& path, sweep::SweepSummary& summary) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw InputError(path + ": cannot read: " + std::strerror(errno));
  std::string line;
  std::uint64_t number = 1;
  const auto finish_line = [&] {
    if (!blank(line)) {
      const std::string where = path + ":" + std::to_string(number);
      summary.add(sweep::parse_result_line(line, where), where);
    }
    line.clear();
    ++number;
  };
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    for (std::size_t i = 0; i < n; ++i) {
      if (buf[i] == '\n') {
        finish_line();
      } else {
        line += buf[i];
        if (line.size() > kMaxLineBytes)
          throw InputError(path + ":" + std::to_string(number) + ": expected a result line of at most " +
                           std::to_string(kMaxLineBytes) + " bytes, found a longer one");
      }
    }
  }
  if (std::ferror(f.get())) throw InputError(path + ": cannot read: " + std::strerror(errno));
  finish_line();
}

}  // namespace

int merge_command(const std::string& program, const std::vector<std::string>& files) {
  sweep::SweepSummary summary;
  for (const std::string& f : files) read_results(f, summary);
  if (summary.runs() == 0) {
    std::string names;
    for (const std::string& f : files) names += (names.empty() ? "" : ", ") + f;
    throw InputError(names + ": expected at least one result line, found none");
  }
  std::cerr << summary.render(program);
  return summary.exit_code();
}

}  // namespace cachesim::cli
