// The body every libFuzzer target shares: run one property on the input and
// abort, printing the broken property, if it did not hold. libFuzzer turns
// the abort (like a sanitizer report, an uncaught exception, a timeout or
// running out of memory) into a saved crash input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace cachesim::fuzz {

template <class Property>
int run_property(const std::uint8_t* data, std::size_t size, Property property) {
  const std::string violation = property(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!violation.empty()) {
    std::fprintf(stderr, "property violated: %s\n", violation.c_str());
    std::abort();
  }
  return 0;
}

}  // namespace cachesim::fuzz
