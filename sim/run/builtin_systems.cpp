#include "sim/run/system.hpp"

namespace cachesim {

SystemRegistry builtin_systems() {
  SystemRegistry r;
  return r;
}

}  // namespace cachesim
