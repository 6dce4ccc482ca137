#include "sim/core/time.hpp"

#include <cstdio>

namespace cachesim {

std::string format_duration(Duration d) {
  const char* sign = d < 0 ? "-" : "";
  // Work on the magnitude as unsigned so INT64_MIN cannot overflow.
  std::uint64_t m = d < 0 ? 0 - static_cast<std::uint64_t>(d) : static_cast<std::uint64_t>(d);
  struct Unit { std::uint64_t ns; const char* name; };
  static constexpr Unit kUnits[] = {{3600'000'000'000ULL, "h"}, {60'000'000'000ULL, "m"}, {1'000'000'000ULL, "s"},
                                    {1'000'000ULL, "ms"},       {1'000ULL, "us"},          {1ULL, "ns"}};
  if (m == 0) return "0s";
  for (const Unit& u : kUnits) {
    if (m % u.ns == 0) return sign + std::to_string(m / u.ns) + u.name;
  }
  return sign + std::to_string(m) + "ns";
}

std::string format_time(Time t) {
  char buf[48];
  const char* sign = t < 0 ? "-" : "";
  std::uint64_t m = t < 0 ? 0 - static_cast<std::uint64_t>(t) : static_cast<std::uint64_t>(t);
  std::snprintf(buf, sizeof buf, "%s%llu.%09llus", sign, static_cast<unsigned long long>(m / 1'000'000'000ULL),
                static_cast<unsigned long long>(m % 1'000'000'000ULL));
  return buf;
}

}  // namespace cachesim
