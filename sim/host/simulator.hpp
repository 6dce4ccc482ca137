// The simulator: one event loop in virtual time hosting sans-IO nodes.
//
// Contract:
//   * Single-threaded and deterministic: a run is a pure function of the seed,
//     the endpoints' factories and clocks, the network settings and the calls
//     made on the simulator (faults, actions) at given virtual times.
//   * Events at the same instant run in the order they were scheduled.
//   * Each endpoint owns a clock, a durable Storage and a random stream
//     ("node", id) split from the seed; the network draws from ("network").
//   * crash(): the node object is destroyed, its timers vanish, its unsynced
//     storage writes are lost, and messages arriving while it is down are
//     dropped. restart(): a new object from the factory, then on_start().
//   * pause(): the node runs no handler; deliveries and due timers wait, in
//     the order they came due, and run at resume(), after whatever else was
//     already scheduled for that instant.
//   * An exception escaping a handler (an InvariantViolation from a protocol
//     check, or any other) stops the run and is kept in failure() with the
//     event index, time and node: a bug found, not a crash of the tool.
//   * Memory is bounded by what is in flight, not by the run's length.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/event_queue.hpp"
#include "sim/core/node.hpp"
#include "sim/core/trace.hpp"
#include "sim/host/clock.hpp"
#include "sim/net/network.hpp"

namespace cachesim {

using NodeFactory = std::function<std::unique_ptr<Node>(NodeId self)>;

struct EndpointSpec {
  std::string name;
  NodeFactory factory;
  Clock clock;
};

// Harness hooks into what nodes report (white-box checkers, coverage).
class SimObserver {
 public:
  virtual ~SimObserver() = default;
  virtual void on_mark(NodeId /*node*/, std::string_view /*name*/) {}
  virtual void on_observation(NodeId /*node*/, const Observation& /*fact*/) {}
};

struct SimStats {
  std::uint64_t events = 0;  // deliveries, timers and actions handled
  std::uint64_t sent = 0;
  std::uint64_t delivered = 0;
  std::uint64_t dropped_loss = 0;
  std::uint64_t dropped_partition = 0;
  std::uint64_t dropped_down = 0;  // arrived at a crashed node
  std::uint64_t duplicated = 0;
  std::uint64_t timers = 0;
  std::uint64_t faults = 0;
  std::uint64_t max_pending = 0;  // high-water mark of the event queue
  std::uint64_t dropped() const { return dropped_loss + dropped_partition + dropped_down; }
};

struct SimFailure {
  std::string what;
  std::uint64_t event = 0;  // index of the event being handled
  Time time = 0;
  NodeId node = kNoNode;
};

class Simulator {
 public:
  // Endpoints 0..servers-1 are servers; the rest (clients) are never targets
  // of server partitions. The defaults: queue bound of 16M pending events.
  Simulator(std::uint64_t seed, std::vector<EndpointSpec> endpoints, std::uint32_t servers, LinkParams network);
  ~Simulator();
  Simulator(const Simulator&) = delete;
  Simulator& operator=(const Simulator&) = delete;

  // Creates every node and runs its on_start() at time 0, in id order.
  void start();
  // Handles events up to and including time `until`, then sets now() to
  // `until`; stops early when the queue empties, stop() is called or a
  // handler fails. Returns false if the run failed.
  bool run_until(Time until);
  // Handles one event; false when there is none (or the run has stopped).
  bool step();
  void stop() { stopped_ = true; }
  bool stopped() const { return stopped_; }

  Time now() const { return now_; }
  std::uint64_t seed() const { return seed_; }
  // The time of the next event. Not to be called from inside a handler.
  std::optional<Time> next_event_time() const;

  // Runs fn at time `at` (>= now()), in order with every other event.
  void at(Time at, std::function<void()> fn);

  // ---- faults (take effect now, and are traced)
  void crash(NodeId id);
  void restart(NodeId id);
  void pause(NodeId id);
  void resume(NodeId id);
  void clock_jump(NodeId id, Duration by);
  void clock_drift(NodeId id, std::int64_t ppm);
  void isolate(NodeId id);
  void split(const std::vector<std::vector<NodeId>>& groups);
  void one_way(const std::vector<NodeId>& from, const std::vector<NodeId>& to);
  void bridge(NodeId bridge, const std::vector<NodeId>& half_a, const std::vector<NodeId>& half_b);
  void heal();
  void set_network_defaults(const LinkParams& p, std::string_view what);
  void set_link(NodeId from, NodeId to, const LinkParams& p, std::string_view what);
  // A harness note in the trace ("nemesis stopped", "quiet phase").
  void note(std::string_view text);

  // ---- inspection (tests, white-box checkers, reports)
  std::uint32_t endpoints() const { return static_cast<std::uint32_t>(hosts_.size()); }
  std::uint32_t servers() const { return servers_; }
  const std::string& name(NodeId id) const { return names_[id]; }
  const std::vector<std::string>& names() const { return names_; }
  bool up(NodeId id) const { return hosts_[id].node != nullptr; }
  bool paused(NodeId id) const { return hosts_[id].paused; }
  // Counts crashes: a restarted node is a new incarnation.
  std::uint32_t incarnation(NodeId id) const { return hosts_[id].incarnation; }
  Node* node(NodeId id) { return hosts_[id].node.get(); }
  const Storage& storage(NodeId id) const { return hosts_[id].storage; }
  Time local_time(NodeId id) const { return hosts_[id].clock.local(now_); }
  const Clock& clock(NodeId id) const { return hosts_[id].clock; }
  Network& network() { return network_; }
  const SimStats& stats() const { return stats_; }
  const std::map<std::string, std::uint64_t, std::less<>>& marks() const { return marks_; }
  const std::optional<SimFailure>& failure() const { return failure_; }
  std::size_t pending() const { return queue_.size(); }
  // Message copies scheduled for delivery and not yet delivered or dropped
  // (including those waiting at a paused node):
  //   sent + duplicated == delivered + dropped() + in_flight().
  std::uint64_t in_flight() const { return in_flight_; }

  Trace& trace() { return trace_; }
  void set_observer(SimObserver* o) { observer_ = o; }
  void set_queue_bound(std::size_t bound) { queue_bound_ = bound; }
  // Off: cancelled timers stay queued until due, as if never purged. Runs
  // are the same either way (tests compare them); purging only saves time.
  void set_timer_purge(bool on) { purge_ = on; }

 private:
  class HostContext;
  friend class HostContext;

  struct Event {
    enum class Kind : std::uint8_t { free, deliver, timer, action };
    Kind kind = Kind::free;
    bool cancelled = false;
    NodeId from = kNoNode, to = kNoNode;
    std::uint32_t incarnation = 0;  // timer: the node incarnation that set it
    std::uint32_t gen = 0;          // bumped at each reuse of the slot: makes timer ids unique
    std::uint64_t id = 0;           // message id, timer serial number, or action index
    std::uint64_t tag = 0;          // timer tag
    Message msg;
  };

  struct Host {
    std::unique_ptr<Node> node;  // null while crashed
    std::unique_ptr<HostContext> ctx;
    NodeFactory factory;
    Clock clock;
    Storage storage;
    Rng rng;
    std::uint32_t incarnation = 0;
    bool paused = false;
    std::deque<std::uint32_t> stalled;  // event slots waiting for resume
  };

  // The slab is chunked so that events never move: a handler can read its
  // message in place while it schedules new events.
  static constexpr std::uint32_t kChunkBits = 12;
  Event& slot_ref(std::uint32_t slot) { return chunks_[slot >> kChunkBits][slot & ((1u << kChunkBits) - 1)]; }
  std::uint32_t alloc_slot() {
    if (free_.empty()) [[unlikely]] grow_slab();
    const std::uint32_t s = free_.back();
    free_.pop_back();
    ++slot_ref(s).gen;
    return s;
  }
  void free_slot(std::uint32_t slot) {
    Event& e = slot_ref(slot);
    e.kind = Event::Kind::free;
    e.cancelled = false;
    e.msg.reset();
    free_.push_back(slot);
  }
  void grow_slab();
  void schedule(Time at, std::uint32_t slot);
  void dispatch(std::uint32_t slot);
  template <class Fn>
  void run_handler(NodeId node, Fn&& fn);
  void send(NodeId from, NodeId to, Message&& msg);
  TimerId set_timer(NodeId node, Duration after, std::uint64_t tag);
  void cancel_timer(NodeId node, TimerId id);
  // Takes cancelled timers and timers of crashed incarnations out of the
  // queue (they would be dropped unseen when due) and frees their slots.
  void purge_dead_timers();
  static constexpr std::size_t kPurgeAtLeast = 128;
  void record(TraceKind kind, NodeId node, std::string_view text = {});
  void drop_stalled(Host& h);
  void fail(std::string what, NodeId node);

  std::uint64_t seed_;
  std::uint32_t servers_;
  std::vector<std::string> names_;
  std::vector<Host> hosts_;
  Network network_;
  EventQueue queue_;
  std::vector<std::unique_ptr<Event[]>> chunks_;
  std::vector<std::uint32_t> free_;
  std::size_t cancelled_since_purge_ = 0;
  bool purge_ = true;
  std::uint64_t timers_set_ = 0;
  std::vector<std::uint32_t> dead_;  // purge_dead_timers' scratch
  std::vector<std::function<void()>> actions_;
  std::vector<std::uint32_t> free_actions_;
  Time now_ = 0;
  std::uint64_t next_message_id_ = 0;
  std::uint64_t in_flight_ = 0;
  bool started_ = false;
  bool stopped_ = false;
  std::size_t queue_bound_ = 16u << 20;
  Trace trace_;
  SimStats stats_;
  std::map<std::string, std::uint64_t, std::less<>> marks_;
  SimObserver* observer_ = nullptr;
  std::optional<SimFailure> failure_;
};

}  // namespace cachesim
