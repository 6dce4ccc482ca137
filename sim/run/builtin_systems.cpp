#include "sim/run/cache_system.hpp"
#include "sim/run/system.hpp"

namespace cachesim {

SystemRegistry builtin_systems() {
  SystemRegistry r;
  r.add("cache", [](const Scenario& sc) { return make_cache_system(sc); });
  return r;
}

}  // namespace cachesim
