#include "sim/core/check.hpp"

#include <string_view>

namespace cachesim {

void invariant_failed(const char* expr, const std::string& what, const char* file, int line) {
  // Keep only the path from the repository root so messages are the same
  // whichever directory the build ran in.
  std::string_view f = file;
  for (std::string_view root : {"/sim/", "/protocols/", "/tests/", "/reports/"}) {
    if (auto p = f.rfind(root); p != std::string_view::npos) {
      f.remove_prefix(p + 1);
      break;
    }
  }
  throw InvariantViolation(what + " (" + expr + " at " + std::string(f) + ":" + std::to_string(line) + ")");
}

}  // namespace cachesim
