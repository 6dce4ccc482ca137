#include "protocols/twopc/config.hpp"

namespace cachesim::twopc {

const char* to_string(CoordinatorMode m) {
  switch (m) {
    case CoordinatorMode::replicated: return "replicated";
    case CoordinatorMode::classic: return "classic";
  }
  return "?";
}

}  // namespace cachesim::twopc
