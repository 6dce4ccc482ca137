// A sweep's progress, for people, on stderr: on a terminal a bar redrawn in
// place (done/total, runs per second, ETA, failures so far); otherwise (a
// log, CI, a pipe) a plain line every `interval` seconds. Never on stdout,
// which carries only results.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/cli/wall_clock.hpp"

namespace cachesim::cli {

class Progress {
 public:
  Progress(std::FILE* out, std::uint64_t total, bool terminal, double interval_s);

  void update(std::uint64_t done, std::uint64_t failures);
  void tick();    // redraws (terminal) or prints a line when the interval has passed
  void finish();  // clears the bar
  double seconds() const { return clock_.seconds(); }

  // "523/10000 runs, 87.3 runs/s, ETA 1m48s, 2 failures" (exposed for tests).
  static std::string describe(std::uint64_t done, std::uint64_t total, std::uint64_t failures, double seconds);

 private:
  std::FILE* out_;
  std::uint64_t total_, done_ = 0, failures_ = 0;
  bool terminal_;
  double interval_s_, last_ = 0;
  bool drawn_ = false;
  Stopwatch clock_;
};

}  // namespace cachesim::cli
