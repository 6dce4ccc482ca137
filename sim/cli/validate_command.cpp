// `cachesim validate`: load each scenario strictly; report every bad one.
#include <iostream>

#include "sim/cli/commands.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/system.hpp"
#include "sim/scenario/loader.hpp"

namespace cachesim::cli {

int validate_command(const std::vector<std::string>& scenarios) {
  const SystemRegistry systems = builtin_systems();
  int bad = 0;
  for (const std::string& path : scenarios) {
    try {
      const Scenario sc = load_scenario(path);
      systems.require(sc);
      std::cout << path << ": ok (" << sc.name << ", " << sc.servers() << " servers, " << sc.workload.clients
                << " clients, " << sc.faults.size() << " scheduled faults"
                << (sc.nemesis.enabled ? ", nemesis" : "") << ")\n";
    } catch (const InputError& e) {
      std::cerr << e.what() << "\n";
      ++bad;
    }
  }
  return bad == 0 ? 0 : 2;
}

}  // namespace cachesim::cli
