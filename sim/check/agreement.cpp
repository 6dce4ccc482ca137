#include "sim/check/agreement.hpp"

#include <cstdio>

#include "sim/core/check.hpp"

namespace cachesim {

namespace {
// A bound on what a report may claim, so a corrupt report cannot make us
// allocate without limit (TigerBeetle's habit: bound everything).
constexpr std::uint64_t kMaxGroups = 1 << 16;
constexpr std::uint64_t kMaxIndex = std::uint64_t{1} << 32;

std::string hex(std::uint64_t v) {
  char buf[20];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}
}  // namespace

bool AgreementChecker::agree(std::vector<std::vector<Seen>>& table, std::uint64_t group, std::uint64_t index,
                             std::uint64_t hash, NodeId node, Seen* earlier) {
  CACHESIM_CHECK(group < kMaxGroups && index < kMaxIndex, "agreement report out of bounds");
  if (table.size() <= group) table.resize(group + 1);
  std::vector<Seen>& slots = table[group];
  if (slots.size() <= index) slots.resize(std::max<std::size_t>(index + 1, slots.size() * 2));
  Seen& s = slots[index];
  if (!s.set) {
    s = Seen{hash, node, true};
    return true;
  }
  if (s.hash == hash) return true;
  *earlier = s;
  return false;
}

void AgreementChecker::report(NodeId node, std::string what) {
  if (breach_) return;
  const std::uint64_t events = sim_.stats().events;
  breach_ = AgreementBreach{std::move(what), events == 0 ? 0 : events - 1, sim_.now(), node};
  sim_.stop();
}

void AgreementChecker::on_observation(NodeId node, const Observation& fact) {
  Seen earlier;
  if (fact.kind == "paxos.chosen") {
    ++chosen_reports_;
    if (!agree(chosen_, fact.v[0], fact.v[1], fact.v[2], node, &earlier)) {
      report(node, "group " + std::to_string(fact.v[0]) + " slot " + std::to_string(fact.v[1]) +
                       " chosen with two commands: " + hex(earlier.hash) + " at " + sim_.name(earlier.node) +
                       ", " + hex(fact.v[2]) + " at " + sim_.name(node));
    }
  } else if (fact.kind == "cache.applied") {
    ++applied_reports_;
    if (!agree(applied_, fact.v[0], fact.v[1], fact.v[2], node, &earlier)) {
      report(node, "group " + std::to_string(fact.v[0]) + ": replicas differ after applying index " +
                       std::to_string(fact.v[1]) + ": state " + hex(earlier.hash) + " at " +
                       sim_.name(earlier.node) + ", " + hex(fact.v[2]) + " at " + sim_.name(node));
    }
  }
}

}  // namespace cachesim
