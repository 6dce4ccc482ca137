// Shared helpers for benchmark mains: wall timing, peak memory, JSON output.
// Benchmarks time themselves with the CLI's stopwatch (sim/cli may read a wall clock).
#pragma once

#include <sys/resource.h>
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "sim/cli/wall_clock.hpp"

namespace cachesim::bench {

using cli::Stopwatch;

inline std::uint64_t peak_rss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;  // KiB on Linux
}

// CPU time of this process: tells a benchmark's own cost apart from waiting
// for a busy machine.
inline double cpu_seconds() {
  timespec t{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

// Reads "--name=value" as an unsigned integer, or returns `fallback`.
inline std::uint64_t flag(int argc, char** argv, const std::string& name, std::uint64_t fallback) {
  const std::string prefix = "--" + name + "=";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a.rfind(prefix, 0) == 0) return std::stoull(a.substr(prefix.size()));
  }
  return fallback;
}

}  // namespace cachesim::bench
