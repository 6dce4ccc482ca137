// Applies faults to a running simulator: the scenario's scheduled list and
// the random nemesis, and keeps the record of what was actually injected.
//
// Contract:
//   * schedule(faults) arranges each fault at its time; a fault with `lasts`
//     is undone that long after (heal after a partition, restart after a
//     crash, resume after a pause, the opposite jump after a clock jump, the
//     previous drift or link parameters after a change).
//   * start_nemesis(spec) draws faults from the "nemesis" stream of the seed
//     within spec's bounds: at most max_down servers crashed or paused at
//     once, at most one partition at a time, nothing lasting past spec.stop.
//     At spec.stop everything is healed: links, crashed and paused servers,
//     drift and network parameters; clock offsets stay where they were.
//   * injected() lists every fault applied (scheduled, nemesis and undo
//     alike) with the time it took effect, in order: an explicit schedule
//     that reproduces the run's faults.
//   * last_disruption() is the time the last fault that can block progress
//     ended: the start of the quiet phase, for the liveness check.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "sim/fault/fault.hpp"
#include "sim/host/simulator.hpp"

namespace cachesim {

class FaultInjector {
 public:
  explicit FaultInjector(Simulator& sim) : sim_(sim) {}

  void schedule(const std::vector<Fault>& faults);
  void start_nemesis(const NemesisSpec& spec);

  // Applies one fault now (and arranges its undo if it has `lasts`).
  void apply(const Fault& f);

  // Where faults aimed at "the leader" find it: the server that most
  // recently claimed leadership with the highest ballot, or none. A fault
  // aimed at the leader when there is none is skipped (and noted in the trace).
  void set_leader_source(std::function<std::optional<NodeId>()> source) { leader_source_ = std::move(source); }
  // Where faults aimed at a transaction role (FaultAim::coordinator,
  // participant) find a server in it, or none. Such roles come and go within
  // milliseconds, so a fault that finds none waits for one: it is tried
  // again every kAimPoll, and skipped (noted in the trace) if none turns up
  // within kAimPatience. Its undo counts from when it struck.
  void set_role_source(std::function<std::optional<NodeId>(FaultAim)> source) { role_source_ = std::move(source); }
  static constexpr Duration kAimPoll = kMillisecond;
  static constexpr Duration kAimPatience = kSecond;

  const std::vector<Fault>& injected() const { return injected_; }
  Time last_disruption() const { return last_disruption_; }
  // True while any fault that can block progress is in effect.
  bool disrupted() const;

 private:
  void apply_aimed(const Fault& f, Time give_up);
  void apply_now(const Fault& f);
  void undo_later(const Fault& f);
  void nemesis_step(const NemesisSpec& spec);
  bool draw_fault(const NemesisSpec& spec, Fault& f);
  void nemesis_stop(const NemesisSpec& spec);
  std::vector<NodeId> shuffled_servers();
  std::uint32_t servers_down() const;
  void note_quiet() { last_disruption_ = sim_.now(); }

  Simulator& sim_;
  std::function<std::optional<NodeId>()> leader_source_;
  std::function<std::optional<NodeId>(FaultAim)> role_source_;
  Rng rng_{0};
  std::vector<Fault> injected_;
  bool partition_active_ = false;
  bool network_changed_ = false;
  std::vector<std::int64_t> base_drift_;
  LinkParams base_network_;
  Time last_disruption_ = 0;
};

}  // namespace cachesim
