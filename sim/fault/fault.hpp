// What a fault is, as data: the scheduled faults of a scenario and the
// faults the nemesis draws have this one shape, so a nemesis run can be
// written back out as an explicit schedule.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/core/node.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/time.hpp"
#include "sim/net/latency.hpp"

namespace cachesim {

enum class FaultKind {
  partition,  // see PartitionKind
  heal,       // every link restored (per-link parameter overrides stay)
  crash,      // node destroyed; unsynced writes lost
  restart,    // a crashed node comes back from its durable storage
  pause,      // node stalls; what arrives waits
  resume,
  clock,      // clock jump and/or new drift on one node
  network,    // new default loss / duplication / latency, or for one link
};

enum class PartitionKind {
  isolate,  // `nodes[0]` cut from every other server, both ways
  split,    // `groups`: links between different groups cut, both ways
  one_way,  // messages from `from` to `to` dropped; the reverse still flows
  bridge,   // two halves that cannot talk, except through `nodes[0]`
};

// What a fault strikes when it names no node: a role, resolved to the
// server that holds it when the fault is applied (FaultInjector's sources).
enum class FaultAim : std::uint8_t {
  nodes,        // `nodes`, as given
  leader,       // whichever server leads (group 0's leader in a sharded cluster)
  // Sharded clusters, replicated 2PC: roles in a cross-group transaction,
  // each with its counterpart on another server (so the counterpart is left
  // waiting, and recovery has to happen):
  coordinator,  // leads a coordinator group holding a txn between prepare and
                // decision: a participant led from another server holds it
                // PREPARED, and no decision is proposed yet
  participant,  // leads a group holding a txn PREPARED for a coordinator
                // group led from another server, with no outcome proposed yet
};

struct Fault {
  Time at = 0;
  FaultKind kind = FaultKind::heal;
  // Undo the fault this long after `at` (restart after crash, resume after
  // pause, heal after partition, jump back after a clock jump).
  std::optional<Duration> lasts;

  PartitionKind partition = PartitionKind::isolate;
  // Not `nodes`: the server in that role when the fault is applied (see
  // FaultInjector::set_leader_source, set_role_source); `nodes` is then
  // ignored. The injected record names the node it resolved to.
  FaultAim aim = FaultAim::nodes;
  std::vector<NodeId> nodes;                // crash/restart/pause/resume/clock/isolate/bridge: the node(s)
  std::vector<std::vector<NodeId>> groups;  // split, bridge (optional explicit halves)
  std::vector<NodeId> from, to;             // one_way

  // clock
  std::optional<Duration> jump;
  std::optional<std::int64_t> drift_ppm;

  // network: applies to the link from -> to when both set, else the default
  std::optional<Probability> loss;
  std::optional<Probability> duplicate;
  std::optional<LatencyDist> latency;
};

// The names scenario files use ("partition", "one-way", ...).
const char* to_string(FaultKind k);
const char* to_string(PartitionKind k);
const char* to_string(FaultAim a);  // "leader", "coordinator", "participant" ("nodes" for nodes)

// The random nemesis. Draws faults from its own stream, one at a time: wait
// `interval`, inject one fault of an enabled kind, undo it after `lasts`.
// It never takes more than `max_down` servers down (crashed or paused) at
// once, and never leaves a partition in which a majority of servers cannot
// reach each other for longer than `lasts`.
struct NemesisSpec {
  bool enabled = false;
  std::vector<FaultKind> kinds;          // of partition, crash, pause, clock, network
  std::vector<PartitionKind> partitions;  // which partition shapes (default all)
  Time start = 0;                        // the fault window
  Time stop = 0;                         // everything is healed at stop
  Duration interval_min = 0, interval_max = 0;
  Duration lasts_min = 0, lasts_max = 0;
  std::uint32_t max_down = 0;            // servers crashed or paused at once
  Duration clock_jump_max = 0;           // |jump| drawn uniformly up to this
  std::int64_t drift_ppm_max = 0;        // |drift| drawn uniformly up to this
  Probability loss_max = Probability::never();
  Probability duplicate_max = Probability::never();
};

}  // namespace cachesim
