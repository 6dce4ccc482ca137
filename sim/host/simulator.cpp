#include "sim/host/simulator.hpp"

#include <exception>
#include <utility>

#include "sim/core/check.hpp"

namespace cachesim {

// The Context a node sees: a thin view onto its host inside the simulator.
class Simulator::HostContext final : public Context {
 public:
  HostContext(Simulator* sim, NodeId self) : sim_(sim), self_(self) {}
  Time now() const override { return sim_->hosts_[self_].clock.local(sim_->now_); }
  NodeId self() const override { return self_; }
  void send(NodeId to, Message&& msg) override { sim_->send(self_, to, std::move(msg)); }
  TimerId set_timer(Duration after, std::uint64_t tag) override { return sim_->set_timer(self_, after, tag); }
  void cancel_timer(TimerId id) override { sim_->cancel_timer(self_, id); }
  Storage& storage() override { return sim_->hosts_[self_].storage; }
  Rng& rng() override { return sim_->hosts_[self_].rng; }
  void log(std::string_view text) override { sim_->record(TraceKind::log, self_, text); }
  void mark(std::string_view name) override {
    auto it = sim_->marks_.find(name);
    if (it == sim_->marks_.end()) it = sim_->marks_.emplace(std::string(name), 0).first;
    ++it->second;
    sim_->record(TraceKind::mark, self_, name);
    if (sim_->observer_) sim_->observer_->on_mark(self_, name);
  }
  void observe(const Observation& fact) override {
    if (sim_->observer_) sim_->observer_->on_observation(self_, fact);
  }

 private:
  Simulator* sim_;
  NodeId self_;
};

Simulator::Simulator(std::uint64_t seed, std::vector<EndpointSpec> endpoints, std::uint32_t servers,
                     LinkParams network)
    : seed_(seed),
      servers_(servers),
      network_(static_cast<std::uint32_t>(endpoints.size()), servers, std::move(network),
               Rng::stream(seed, "network")) {
  CACHESIM_CHECK(servers <= endpoints.size(), "more servers than endpoints");
  hosts_.resize(endpoints.size());
  for (NodeId id = 0; id < endpoints.size(); ++id) {
    Host& h = hosts_[id];
    names_.push_back(std::move(endpoints[id].name));
    h.factory = std::move(endpoints[id].factory);
    h.clock = endpoints[id].clock;
    h.rng = Rng::stream(seed, "node", id);
    h.ctx = std::make_unique<HostContext>(this, id);
  }
}

Simulator::~Simulator() = default;

void Simulator::start() {
  CACHESIM_CHECK(!started_, "Simulator::start called twice");
  started_ = true;
  for (NodeId id = 0; id < hosts_.size() && !stopped_; ++id) {
    Host& h = hosts_[id];
    run_handler(id, [&] {
      h.node = h.factory(id);
      CACHESIM_CHECK(h.node != nullptr, "node factory returned null");
      h.node->on_start(*h.ctx);
    });
  }
}

void Simulator::grow_slab() {
  CACHESIM_CHECK(chunks_.size() < (std::size_t{EventQueue::kMaxSlots} >> kChunkBits),
                 "event slab exhausted: 16M events pending or waiting at paused nodes (message storm?)");
  const auto base = static_cast<std::uint32_t>(chunks_.size() << kChunkBits);
  chunks_.push_back(std::make_unique<Event[]>(std::size_t{1} << kChunkBits));
  // Free slots are taken from the back: push in reverse so low slots go first.
  for (std::uint32_t i = (1u << kChunkBits); i > 0; --i) free_.push_back(base + i - 1);
}

void Simulator::schedule(Time at, std::uint32_t slot) {
  CACHESIM_CHECK(at >= now_ && at <= kMaxRunTime, "event scheduled in the past or beyond the time bound");
  CACHESIM_CHECK(queue_.size() < queue_bound_, "event queue bound exceeded (message storm?)");
  queue_.push(at, slot);
  if (queue_.size() > stats_.max_pending) stats_.max_pending = queue_.size();
}

void Simulator::at(Time when, std::function<void()> fn) {
  std::uint64_t index;
  if (!free_actions_.empty()) {
    index = free_actions_.back();
    free_actions_.pop_back();
    actions_[index] = std::move(fn);
  } else {
    index = actions_.size();
    actions_.push_back(std::move(fn));
  }
  const std::uint32_t s = alloc_slot();
  Event& e = slot_ref(s);
  e.kind = Event::Kind::action;
  e.id = index;
  schedule(when, s);
}

std::optional<Time> Simulator::next_event_time() const {
  if (queue_.empty()) return std::nullopt;
  return queue_.top().time();
}

bool Simulator::run_until(Time until) {
  while (!stopped_ && !queue_.empty() && queue_.top().time() <= until) {
    const EventQueue::Entry en = queue_.take();
    now_ = en.time();
    dispatch(en.slot());
    queue_.settle();
  }
  if (!stopped_ && until > now_) now_ = until;
  return !failure_;
}

bool Simulator::step() {
  if (stopped_ || queue_.empty()) return false;
  const EventQueue::Entry en = queue_.take();
  now_ = en.time();
  dispatch(en.slot());
  queue_.settle();
  return true;
}

template <class Fn>
void Simulator::run_handler(NodeId node, Fn&& fn) {
  try {
    fn();
  } catch (const InvariantViolation& v) {
    fail(std::string("invariant violated: ") + v.what(), node);
  } catch (const std::exception& ex) {
    fail(std::string("unexpected exception: ") + ex.what(), node);
  }
}

void Simulator::fail(std::string what, NodeId node) {
  if (failure_) return;
  // stats_.events already counts the event being handled: its index is one less.
  failure_ = SimFailure{std::move(what), stats_.events == 0 ? 0 : stats_.events - 1, now_, node};
  stopped_ = true;
}

void Simulator::dispatch(std::uint32_t slot) {
  Event& e = slot_ref(slot);
  switch (e.kind) {
    case Event::Kind::deliver: {
      Host& h = hosts_[e.to];
      if (!h.node) {
        --in_flight_;
        ++stats_.dropped_down;
        trace_.record(TraceEvent{TraceKind::drop, now_, e.from, e.to, e.id, 0, &e.msg, "down"});
        free_slot(slot);
        return;
      }
      if (h.paused) {
        h.stalled.push_back(slot);
        return;
      }
      --in_flight_;
      ++stats_.events;
      ++stats_.delivered;
      trace_.record(TraceEvent{TraceKind::deliver, now_, e.from, e.to, e.id, 0, &e.msg, {}});
      // Events never move (chunked slab), so the handler reads the message in place.
      run_handler(e.to, [&] { h.node->on_message(*h.ctx, e.from, e.msg); });
      free_slot(slot);
      return;
    }
    case Event::Kind::timer: {
      Host& h = hosts_[e.to];
      if (e.cancelled || e.incarnation != h.incarnation || !h.node) {
        free_slot(slot);  // a cancelled timer, or one of a crashed incarnation: never happened
        return;
      }
      if (h.paused) {
        h.stalled.push_back(slot);
        return;
      }
      ++stats_.events;
      ++stats_.timers;
      const NodeId to = e.to;
      const TimerId id = (static_cast<TimerId>(e.gen) << 32) | slot;
      const std::uint64_t tag = e.tag;
      // The trace names a timer by its serial number, not by its id, which
      // holds a slot number: how slots are reused (purge_dead_timers) is
      // memory management and must not reach the trace.
      trace_.record(TraceEvent{TraceKind::timer, now_, to, kNoNode, e.id, tag, nullptr, {}});
      free_slot(slot);
      run_handler(to, [&] { h.node->on_timer(*h.ctx, id, tag); });
      return;
    }
    case Event::Kind::action: {
      ++stats_.events;
      const std::size_t index = e.id;
      std::function<void()> fn = std::move(actions_[index]);
      actions_[index] = nullptr;
      free_actions_.push_back(static_cast<std::uint32_t>(index));
      free_slot(slot);
      run_handler(kNoNode, fn);
      return;
    }
    case Event::Kind::free:
      break;
  }
  fail("engine: a free event slot was scheduled", kNoNode);
}

void Simulator::send(NodeId from, NodeId to, Message&& msg) {
  CACHESIM_CHECK(to < hosts_.size(), "send to an endpoint that does not exist");
  CACHESIM_CHECK(!msg.empty(), "send of an empty message");
  ++stats_.sent;
  const std::uint64_t id = ++next_message_id_;
  trace_.record(TraceEvent{TraceKind::send, now_, from, to, id, 0, &msg, {}});
  Route r;
  if (from == to) {  // a node talking to itself: local, instant, never lost
    r.copies = 1;
  } else {
    r = network_.route(from, to);
  }
  if (r.drop != DropReason::none) {
    if (r.drop == DropReason::loss) {
      ++stats_.dropped_loss;
    } else {
      ++stats_.dropped_partition;
    }
    trace_.record(TraceEvent{TraceKind::drop, now_, from, to, id, 0, &msg, to_string(r.drop)});
    return;
  }
  if (r.copies == 2) {
    ++stats_.duplicated;
    trace_.record(TraceEvent{TraceKind::duplicate, now_, from, to, id, 0, &msg, {}});
    const std::uint32_t s2 = alloc_slot();
    Event& copy = slot_ref(s2);
    copy.kind = Event::Kind::deliver;
    copy.from = from;
    copy.to = to;
    copy.id = id;
    copy.msg = msg;
    ++in_flight_;
    schedule(now_ + r.delay[1], s2);
  }
  const std::uint32_t s = alloc_slot();
  Event& e = slot_ref(s);
  e.kind = Event::Kind::deliver;
  e.from = from;
  e.to = to;
  e.id = id;
  e.msg = std::move(msg);
  ++in_flight_;
  schedule(now_ + r.delay[0], s);
}

TimerId Simulator::set_timer(NodeId node, Duration after, std::uint64_t tag) {
  CACHESIM_CHECK(after >= 0, "timer set with a negative delay");
  Host& h = hosts_[node];
  const std::uint32_t s = alloc_slot();
  Event& e = slot_ref(s);
  e.kind = Event::Kind::timer;
  e.to = node;
  e.incarnation = h.incarnation;
  e.tag = tag;
  e.id = ++timers_set_;
  const TimerId id = (static_cast<TimerId>(e.gen) << 32) | s;
  schedule(now_ + h.clock.true_span(after), s);
  return id;
}

void Simulator::cancel_timer(NodeId node, TimerId id) {
  const auto slot = static_cast<std::uint32_t>(id & 0xffffffffu);
  const auto gen = static_cast<std::uint32_t>(id >> 32);
  if ((slot >> kChunkBits) >= chunks_.size()) return;
  Event& e = slot_ref(slot);
  if (e.kind != Event::Kind::timer || e.gen != gen || e.to != node || e.cancelled) return;
  e.cancelled = true;
  // A cancelled timer stays in the queue until its time comes, and protocols
  // cancel most of theirs (a client's attempt timer, each operation): purge
  // once they could make up half the queue, so it holds live events mostly.
  if (purge_ && ++cancelled_since_purge_ >= kPurgeAtLeast && 2 * cancelled_since_purge_ >= queue_.size())
    purge_dead_timers();
}

void Simulator::purge_dead_timers() {
  cancelled_since_purge_ = 0;
  dead_.clear();
  queue_.remove_if([this](std::uint32_t slot) {
    const Event& e = slot_ref(slot);
    const bool dead = e.kind == Event::Kind::timer && (e.cancelled || e.incarnation != hosts_[e.to].incarnation);
    if (dead) dead_.push_back(slot);
    return dead;
  });
  // As when they come due (dispatch): a dead timer leaves no trace.
  for (std::uint32_t slot : dead_) free_slot(slot);
}

void Simulator::record(TraceKind kind, NodeId node, std::string_view text) {
  trace_.record(TraceEvent{kind, now_, node, kNoNode, 0, 0, nullptr, text});
}

void Simulator::drop_stalled(Host& h) {
  for (std::uint32_t slot : h.stalled) {
    Event& e = slot_ref(slot);
    if (e.kind == Event::Kind::deliver) {
      --in_flight_;
      ++stats_.dropped_down;
      trace_.record(TraceEvent{TraceKind::drop, now_, e.from, e.to, e.id, 0, &e.msg, "down"});
    }
    free_slot(slot);
  }
  h.stalled.clear();
}

void Simulator::crash(NodeId id) {
  Host& h = hosts_[id];
  if (!h.node) return;
  ++stats_.faults;
  record(TraceKind::crash, id);
  h.node.reset();
  ++h.incarnation;  // every pending timer of the old object is now void
  h.paused = false;
  drop_stalled(h);
  h.storage.lose_unsynced();
}

void Simulator::restart(NodeId id) {
  Host& h = hosts_[id];
  if (h.node) return;
  ++stats_.faults;
  record(TraceKind::restart, id);
  run_handler(id, [&] {
    h.node = h.factory(id);
    CACHESIM_CHECK(h.node != nullptr, "node factory returned null");
    h.node->on_start(*h.ctx);
  });
}

void Simulator::pause(NodeId id) {
  Host& h = hosts_[id];
  if (!h.node || h.paused) return;
  ++stats_.faults;
  record(TraceKind::pause, id);
  h.paused = true;
}

void Simulator::resume(NodeId id) {
  Host& h = hosts_[id];
  if (!h.paused) return;
  record(TraceKind::resume, id);
  h.paused = false;
  // What waited runs now, in the order it arrived.
  std::deque<std::uint32_t> waiting;
  waiting.swap(h.stalled);
  for (std::uint32_t slot : waiting) schedule(now_, slot);
}

void Simulator::clock_jump(NodeId id, Duration by) {
  ++stats_.faults;
  hosts_[id].clock.jump(now_, by);
  record(TraceKind::clock, id, "jump " + format_duration(by));
}

void Simulator::clock_drift(NodeId id, std::int64_t ppm) {
  ++stats_.faults;
  hosts_[id].clock.set_drift(now_, ppm);
  record(TraceKind::clock, id, "drift " + std::to_string(ppm) + "ppm");
}

static std::string list_names(const std::vector<NodeId>& ids, const std::vector<std::string>& names) {
  std::string s = "[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) s += ",";
    s += names[ids[i]];
  }
  return s + "]";
}

void Simulator::isolate(NodeId id) {
  ++stats_.faults;
  network_.isolate(id);
  record(TraceKind::partition, id, "isolate " + names_[id]);
}

void Simulator::split(const std::vector<std::vector<NodeId>>& groups) {
  ++stats_.faults;
  network_.split(groups);
  std::string text = "split";
  for (const auto& g : groups) text += " " + list_names(g, names_);
  record(TraceKind::partition, kNoNode, text);
}

void Simulator::one_way(const std::vector<NodeId>& from, const std::vector<NodeId>& to) {
  ++stats_.faults;
  network_.one_way(from, to);
  record(TraceKind::partition, kNoNode, "one-way " + list_names(from, names_) + " -/-> " + list_names(to, names_));
}

void Simulator::bridge(NodeId b, const std::vector<NodeId>& half_a, const std::vector<NodeId>& half_b) {
  ++stats_.faults;
  network_.bridge(b, half_a, half_b);
  record(TraceKind::partition, b,
         "bridge " + list_names(half_a, names_) + " <" + names_[b] + "> " + list_names(half_b, names_));
}

void Simulator::heal() {
  network_.heal();
  record(TraceKind::heal, kNoNode);
}

void Simulator::set_network_defaults(const LinkParams& p, std::string_view what) {
  ++stats_.faults;
  network_.set_defaults(p);
  record(TraceKind::network, kNoNode, what);
}

void Simulator::set_link(NodeId from, NodeId to, const LinkParams& p, std::string_view what) {
  ++stats_.faults;
  network_.set_link(from, to, p);
  trace_.record(TraceEvent{TraceKind::network, now_, from, to, 0, 0, nullptr, what});
}

void Simulator::note(std::string_view text) { record(TraceKind::note, kNoNode, text); }

}  // namespace cachesim
