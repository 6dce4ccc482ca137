#include "sim/sweep/sweep_summary.hpp"

#include <vector>

#include "sim/core/input_error.hpp"

namespace cachesim::sweep {

namespace {

// A word the shell passes through unchanged, or the word in single quotes.
std::string shell_word(const std::string& s) {
  const bool plain = !s.empty() && s.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                                       "0123456789_./-+=:,@%") == std::string::npos;
  if (plain) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// Failures (and undecided runs) grouped by what went wrong, in name order.
std::string group_of(const SeedResult& r) {
  if (r.verdict == "crash") return "crash (" + r.failed_check + ")";
  if (r.verdict == "unknown") return "undecided (a checker ran out of budget)";
  return r.failed_check;
}

}  // namespace

std::string reproduce_command(const std::string& program, const std::string& scenario, std::uint64_t seed) {
  return shell_word(program) + " run " + shell_word(scenario) + " --seed " + std::to_string(seed);
}

void SweepSummary::add(const SeedResult& r, const std::string& where) {
  if (results_.empty()) {
    scenario_ = r.scenario;
    scenario_where_ = where;
  } else if (r.scenario != scenario_) {
    throw InputError(where + ": expected a result of scenario " + scenario_ + " (as at " + scenario_where_ +
                     "), found one of " + r.scenario);
  }
  const auto [it, inserted] = results_.try_emplace(r.seed, Kept{r, where});
  if (!inserted) {
    const bool differs = it->second.result.trace_hash != r.trace_hash || it->second.result.verdict != r.verdict;
    throw InputError(where + ": expected each seed once, found seed " + std::to_string(r.seed) + " again (first at " +
                     it->second.where + ")" +
                     (differs ? " with a different result: the two come from different builds or scenarios" : ""));
  }
}

std::uint64_t SweepSummary::count(std::string_view verdict) const {
  std::uint64_t n = 0;
  for (const auto& [seed, k] : results_) n += k.result.verdict == verdict;
  return n;
}

int SweepSummary::exit_code() const {
  if (failures() > 0) return 1;
  if (count("unknown") > 0) return 3;
  return 0;
}

std::string SweepSummary::render(const std::string& program) const {
  std::string out = "summary: " + std::to_string(runs()) + " runs";
  if (!results_.empty()) {
    out += " of " + scenario_ + ", seeds ";
    const std::uint64_t first = results_.begin()->first, last = results_.rbegin()->first;
    out += first == last ? std::to_string(first) : std::to_string(first) + ".." + std::to_string(last);
    if (last - first + 1 != runs()) out += " (not all of them)";
  }
  out += "\n  pass " + std::to_string(count("pass")) + ", fail " + std::to_string(count("fail")) + ", unknown " +
         std::to_string(count("unknown")) + ", crash " + std::to_string(count("crash")) + "\n";

  std::map<std::string, std::vector<std::uint64_t>> groups;
  for (const auto& [seed, k] : results_)
    if (k.result.verdict != "pass") groups[group_of(k.result)].push_back(seed);
  if (groups.empty()) return out;
  out += "failures by check:\n";
  for (const auto& [name, seeds] : groups) {
    out += "  " + name + ": " + std::to_string(seeds.size()) + (seeds.size() == 1 ? " run\n" : " runs\n");
    for (std::size_t i = 0; i < seeds.size() && i < kReproducePerGroup; ++i)
      out += "    " + reproduce_command(program, scenario_, seeds[i]) + "\n";
    if (seeds.size() > kReproducePerGroup) {
      out += "    ... and " + std::to_string(seeds.size() - kReproducePerGroup) +
             " more: the same command with each seed whose result line has this failed_check\n";
    }
  }
  return out;
}

}  // namespace cachesim::sweep
