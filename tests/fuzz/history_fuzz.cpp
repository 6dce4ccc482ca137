// libFuzzer target: the history parser, fast and checked paths against each
// other, on arbitrary bytes (history_properties.hpp).
#include "tests/fuzz/fuzz_main.hpp"
#include "tests/fuzz/history_properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return cachesim::fuzz::run_property(data, size, cachesim::fuzz::history_violation);
}
