// A synthetic run directory for the reports tests: small, hand-written files
// in the formats `cachesim run --out` writes, with every kind of event the
// reports draw (messages delivered, duplicated, dropped on the way and on
// arrival, one still in flight at the end, timers, a crash, a partition, a
// clock jump) and, optionally, a failed linearizability check's witness, a
// failed transaction check and a ring.
#pragma once

#include <filesystem>
#include <string>

namespace cachesim::reports::testing {

struct FixtureOptions {
  bool lin_failure = true;
  bool txn_failure = true;
  bool ring = true;
  int ops = 40;  // client operations in the history (over three processes)
};

// Writes the run directory (created fresh) and returns its path.
std::filesystem::path make_fixture(const std::string& name, const FixtureOptions& o = {});

std::string slurp(const std::filesystem::path& p);
// How many times `what` occurs in `s` (overlapping occurrences count).
std::size_t count(const std::string& s, const std::string& what);
std::filesystem::path test_tmp(const std::string& name);

}  // namespace cachesim::reports::testing
