#include "sim/shrink/fault_units.hpp"

#include <algorithm>
#include <optional>

namespace cachesim {

namespace {

// The kind of fault that undoes `k` on the same target, if any.
std::optional<FaultKind> undo_kind(FaultKind k) {
  switch (k) {
    case FaultKind::crash: return FaultKind::restart;
    case FaultKind::pause: return FaultKind::resume;
    case FaultKind::partition: return FaultKind::heal;
    default: return std::nullopt;
  }
}

}  // namespace

std::vector<FaultUnit> group_fault_units(const std::vector<Fault>& injected) {
  std::vector<bool> taken(injected.size(), false);
  std::vector<FaultUnit> units;
  for (std::size_t i = 0; i < injected.size(); ++i) {
    if (taken[i]) continue;
    taken[i] = true;
    FaultUnit unit{i};
    const Fault& f = injected[i];
    if (const auto undo = undo_kind(f.kind)) {
      for (std::size_t j = i + 1; j < injected.size(); ++j) {
        const Fault& g = injected[j];
        // A heal heals every partition; a restart or resume names its server.
        if (!taken[j] && g.kind == *undo && (g.kind == FaultKind::heal || g.nodes == f.nodes)) {
          taken[j] = true;
          unit.push_back(j);
          break;
        }
      }
    }
    units.push_back(std::move(unit));
  }
  return units;
}

std::vector<Fault> faults_of(const std::vector<Fault>& injected, const std::vector<FaultUnit>& units) {
  std::vector<std::size_t> idx;
  for (const FaultUnit& u : units) idx.insert(idx.end(), u.begin(), u.end());
  std::sort(idx.begin(), idx.end());
  std::vector<Fault> out;
  out.reserve(idx.size());
  for (std::size_t i : idx) out.push_back(injected[i]);
  return out;
}

}  // namespace cachesim
