#include "sim/run/cache_system.hpp"
#include "sim/run/sharded_system.hpp"
#include "sim/core/input_error.hpp"
#include "sim/run/system.hpp"

namespace cachesim {

const SystemMaker& SystemRegistry::require(const Scenario& sc) const {
  if (const SystemMaker* m = find(sc.cluster.protocol)) return *m;
  std::string known;
  for (const std::string& n : names()) known += (known.empty() ? "" : ", ") + n;
  throw InputError(sc.file + ": /cluster/protocol: expected one of " + known + ", found \"" + sc.cluster.protocol +
                   "\"");
}

SystemRegistry builtin_systems() {
  SystemRegistry r;
  r.add("cache", [](const Scenario& sc) { return make_cache_system(sc); });
  r.add("sharded", [](const Scenario& sc) { return make_sharded_system(sc); });
  return r;
}

}  // namespace cachesim
