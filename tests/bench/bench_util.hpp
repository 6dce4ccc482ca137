// Shared helpers for benchmark mains: wall timing, peak memory, JSON output.
// Benchmarks live outside sim/ and protocols/, so a wall clock is allowed here.
#pragma once

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace cachesim::bench {

class Stopwatch {
 public:
  Stopwatch() : start_(std::chrono::steady_clock::now()) {}
  double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }

 private:
  std::chrono::steady_clock::time_point start_;
};

inline std::uint64_t peak_rss_bytes() {
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<std::uint64_t>(ru.ru_maxrss) * 1024;  // KiB on Linux
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
