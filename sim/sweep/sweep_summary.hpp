// The closing summary of a sweep (or of merged sweep results): how many runs,
// their verdicts, and the failures grouped by failed check, each with the
// command that reproduces it.
//
// Contract:
//   * The text depends only on the set of results added, never on the order
//     they were added in (results are kept sorted by seed), nor on wall
//     time: a sweep and the merge of its shards print the same summary.
//   * add() refuses, with InputError naming `where`, a seed already added
//     (a second run of the same seed; with a different trace hash it is
//     said, as that means the build or scenario differs) and a result of
//     another scenario file than the first one added.
//   * exit_code(): 1 if any run failed or crashed, else 3 if any was
//     unknown, else 0 (as `cachesim run`).
//   * Each failure group lists at most kReproducePerGroup reproduce commands,
//     then says how many more and how to find them in the result lines.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/sweep/result_line.hpp"

namespace cachesim::sweep {

inline constexpr std::size_t kReproducePerGroup = 20;

class SweepSummary {
 public:
  void add(const SeedResult& r, const std::string& where);

  std::uint64_t runs() const { return results_.size(); }
  std::uint64_t count(std::string_view verdict) const;
  std::uint64_t failures() const { return count("fail") + count("crash"); }
  int exit_code() const;
  const std::string& scenario() const { return scenario_; }

  // The summary text, several lines ending in "\n". `program` is how to
  // invoke cachesim in the reproduce commands.
  std::string render(const std::string& program) const;

 private:
  struct Kept {
    SeedResult result;
    std::string where;
  };
  std::map<std::uint64_t, Kept> results_;
  std::string scenario_, scenario_where_;
};

std::string reproduce_command(const std::string& program, const std::string& scenario, std::uint64_t seed);

}  // namespace cachesim::sweep
