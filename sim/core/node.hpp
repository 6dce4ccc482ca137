// The node API: everything protocol code may see of the world.
//
// A node is a sans-IO state machine. It reacts to three things (start, a
// message, a timer) and acts only through its Context: it never touches a
// socket, a clock, a thread or a global. The same node code could run on a
// real network behind another Context implementation.
//
// Lifecycle (guaranteed by the host):
//   * on_start() runs once when the node object is created: at the start of
//     the run, and after every restart. A restarted node is a new object that
//     sees only what its Storage had synced before the crash.
//   * A crashed node's object is destroyed; its timers are gone and messages
//     that arrive while it is down are dropped.
//   * A paused node runs no handler; what arrives for it (messages, timers
//     that come due) waits, in order, and is handled when it resumes.
//   * Handlers run one at a time; within a handler the node's clock is frozen.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "sim/core/message.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/storage.hpp"
#include "sim/core/time.hpp"

namespace cachesim {

using NodeId = std::uint32_t;
inline constexpr NodeId kNoNode = UINT32_MAX;

// Identifies one pending timer of one node; 0 is never a valid id.
using TimerId = std::uint64_t;

// A fact a node states for the harness's white-box invariant checkers, such
// as {"paxos.chosen", {group, slot, command_hash}}. The engine does not read
// it; observers registered by the harness do.
struct Observation {
  std::string_view kind;
  std::uint64_t v[4] = {0, 0, 0, 0};
};

class Context {
 public:
  virtual ~Context() = default;

  // This node's own clock: skewed, drifting, and it may jump. Two nodes'
  // now() values are not comparable.
  virtual Time now() const = 0;
  virtual NodeId self() const = 0;

  // Takes the message by rvalue: `ctx.send(to, Prepare{...})` builds it in
  // place; pass a Message you keep as `Message(m)` (a copy) or std::move(m).
  virtual void send(NodeId to, Message&& msg) = 0;

  // Fires on_timer(id, tag) after `after` has passed on this node's clock
  // (so a fast clock fires early in true time). after >= 0.
  virtual TimerId set_timer(Duration after, std::uint64_t tag) = 0;
  // Cancels a pending timer; a no-op if it already fired or was cancelled.
  virtual void cancel_timer(TimerId id) = 0;

  virtual Storage& storage() = 0;
  // This node's own random stream (survives restarts; derived from the seed).
  virtual Rng& rng() = 0;

  // A line in the trace, shown with the simulated time and node name.
  virtual void log(std::string_view text) = 0;
  // Counts a coverage mark ("paxos.leader_elected"): evidence that the run
  // exercised something. Scenarios can require marks.
  virtual void mark(std::string_view name) = 0;
  virtual void observe(const Observation& fact) = 0;
};

class Node {
 public:
  virtual ~Node() = default;
  virtual void on_start(Context& ctx) = 0;
  virtual void on_message(Context& ctx, NodeId from, const Message& m) = 0;
  virtual void on_timer(Context& ctx, TimerId id, std::uint64_t tag) = 0;
};

}  // namespace cachesim
