// libFuzzer target: the scenario loader on arbitrary bytes (scenario_properties.hpp).
#include "tests/fuzz/fuzz_main.hpp"
#include "tests/fuzz/scenario_properties.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return cachesim::fuzz::run_property(data, size, cachesim::fuzz::scenario_violation);
}
