#include "sim/fault/injector.hpp"

#include <algorithm>
#include <string>

#include "sim/core/check.hpp"

namespace cachesim {

namespace {

std::string describe_params(const LinkParams& p) {
  return "loss " + std::to_string(p.loss.fraction()) + " duplicate " + std::to_string(p.duplicate.fraction()) +
         " latency " + p.latency.describe();
}

Fault undo_of(const Fault& f, Time at) {
  Fault u;
  u.at = at;
  u.nodes = f.nodes;
  switch (f.kind) {
    case FaultKind::partition: u.kind = FaultKind::heal; break;
    case FaultKind::crash: u.kind = FaultKind::restart; break;
    case FaultKind::pause: u.kind = FaultKind::resume; break;
    case FaultKind::clock:
      u.kind = FaultKind::clock;
      if (f.jump) u.jump = -*f.jump;
      break;
    default: CACHESIM_CHECK(false, std::string("a fault of kind ") + to_string(f.kind) + " cannot be undone");
  }
  return u;
}

}  // namespace

void FaultInjector::schedule(const std::vector<Fault>& faults) {
  for (const Fault& f : faults) {
    sim_.at(f.at, [this, f] { apply(f); });
  }
}

std::uint32_t FaultInjector::servers_down() const {
  std::uint32_t n = 0;
  for (NodeId i = 0; i < sim_.servers(); ++i) n += !sim_.up(i) || sim_.paused(i);
  return n;
}

bool FaultInjector::disrupted() const { return partition_active_ || network_changed_ || servers_down() > 0; }

void FaultInjector::apply(const Fault& aimed) { apply_aimed(aimed, sim_.now() + kAimPatience); }

void FaultInjector::apply_aimed(const Fault& aimed, Time give_up) {
  Fault f = aimed;
  if (f.aim != FaultAim::nodes) {
    const bool role = f.aim != FaultAim::leader;
    std::optional<NodeId> target;
    if (!role && leader_source_) target = leader_source_();
    if (role && role_source_) target = role_source_(f.aim);
    if (!target) {
      if (role && role_source_ && sim_.now() + kAimPoll <= give_up) {
        sim_.at(sim_.now() + kAimPoll, [this, aimed, give_up] { apply_aimed(aimed, give_up); });
        return;
      }
      sim_.note(std::string("no ") + to_string(f.aim) + " to aim a " + to_string(f.kind) + " fault at: skipped");
      return;
    }
    f.aim = FaultAim::nodes;
    f.nodes = {*target};
  }
  // Network changes and drift changes are undone by restoring what was there
  // before, so capture it now.
  if (f.lasts && f.kind == FaultKind::network) {
    const bool link = !f.from.empty() && !f.to.empty();
    const LinkParams before = link ? sim_.network().link(f.from[0], f.to[0]) : sim_.network().defaults();
    const Time undo_at = sim_.now() + *f.lasts;
    sim_.at(undo_at, [this, f, before, link] {
      Fault u;
      u.at = sim_.now();
      u.kind = FaultKind::network;
      u.from = f.from;
      u.to = f.to;
      u.loss = before.loss;
      u.duplicate = before.duplicate;
      u.latency = before.latency;
      apply_now(u);
      if (!link) network_changed_ = false;
      note_quiet();
    });
  } else if (f.lasts && f.kind == FaultKind::clock && f.drift_ppm) {
    std::vector<std::int64_t> before;
    for (NodeId n : f.nodes) before.push_back(sim_.clock(n).drift_ppm());
    sim_.at(sim_.now() + *f.lasts, [this, f, before] {
      for (std::size_t i = 0; i < f.nodes.size(); ++i) {
        Fault u;
        u.at = sim_.now();
        u.kind = FaultKind::clock;
        u.nodes = {f.nodes[i]};
        u.drift_ppm = before[i];
        if (f.jump) u.jump = -*f.jump;
        apply_now(u);
      }
    });
  } else if (f.lasts) {
    undo_later(f);
  }
  apply_now(f);
}

void FaultInjector::undo_later(const Fault& f) {
  sim_.at(sim_.now() + *f.lasts, [this, f] { apply_now(undo_of(f, sim_.now())); });
}

void FaultInjector::apply_now(const Fault& f) {
  Fault rec = f;
  rec.at = sim_.now();
  rec.lasts.reset();  // its undo is recorded as a fault of its own
  injected_.push_back(rec);
  switch (f.kind) {
    case FaultKind::partition:
      partition_active_ = true;
      switch (f.partition) {
        case PartitionKind::isolate:
          for (NodeId n : f.nodes) sim_.isolate(n);
          break;
        case PartitionKind::split: sim_.split(f.groups); break;
        case PartitionKind::one_way: sim_.one_way(f.from, f.to); break;
        case PartitionKind::bridge: {
          const NodeId b = f.nodes.at(0);
          auto halves = f.groups.size() == 2 ? f.groups : sim_.network().halves(b);
          // A bridge aimed at the leader learns its node only now: it may
          // sit in a half the scenario named. It belongs to neither.
          for (auto& half : halves) half.erase(std::remove(half.begin(), half.end(), b), half.end());
          sim_.bridge(b, halves[0], halves[1]);
          break;
        }
      }
      break;
    case FaultKind::heal:
      sim_.heal();
      partition_active_ = false;
      note_quiet();
      break;
    case FaultKind::crash:
      for (NodeId n : f.nodes) sim_.crash(n);
      break;
    case FaultKind::restart:
      for (NodeId n : f.nodes) sim_.restart(n);
      note_quiet();
      break;
    case FaultKind::pause:
      for (NodeId n : f.nodes) sim_.pause(n);
      break;
    case FaultKind::resume:
      for (NodeId n : f.nodes) sim_.resume(n);
      note_quiet();
      break;
    case FaultKind::clock:
      for (NodeId n : f.nodes) {
        if (f.jump) sim_.clock_jump(n, *f.jump);
        if (f.drift_ppm) sim_.clock_drift(n, *f.drift_ppm);
      }
      break;
    case FaultKind::network: {
      const bool link = !f.from.empty() && !f.to.empty();
      LinkParams p = link ? sim_.network().link(f.from[0], f.to[0]) : sim_.network().defaults();
      if (f.loss) p.loss = *f.loss;
      if (f.duplicate) p.duplicate = *f.duplicate;
      if (f.latency) p.latency = *f.latency;
      if (link) {
        sim_.set_link(f.from[0], f.to[0], p, describe_params(p));
      } else {
        sim_.set_network_defaults(p, describe_params(p));
        network_changed_ = true;
      }
      break;
    }
  }
}

// ---- the nemesis

std::vector<NodeId> FaultInjector::shuffled_servers() {
  std::vector<NodeId> v;
  for (NodeId i = 0; i < sim_.servers(); ++i) v.push_back(i);
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng_.below(i)]);  // Fisher-Yates
  return v;
}

void FaultInjector::start_nemesis(const NemesisSpec& spec) {
  if (!spec.enabled || spec.kinds.empty() || spec.start >= spec.stop) return;
  rng_ = Rng::stream(sim_.seed(), "nemesis");
  base_network_ = sim_.network().defaults();
  for (NodeId i = 0; i < sim_.servers(); ++i) base_drift_.push_back(sim_.clock(i).drift_ppm());
  const Time first = spec.start + rng_.uniform(spec.interval_min, spec.interval_max);
  if (first < spec.stop) sim_.at(first, [this, spec] { nemesis_step(spec); });
  sim_.at(spec.stop, [this, spec] { nemesis_stop(spec); });
}

void FaultInjector::nemesis_step(const NemesisSpec& spec) {
  Fault f;
  if (draw_fault(spec, f)) {
    f.at = sim_.now();
    // Undo strictly before the stop, so that nothing undone after the final
    // heal can bring a fault back (an undo restores what was there before).
    const Duration room = spec.stop - sim_.now() - 1;
    f.lasts = std::min<Duration>(rng_.uniform(spec.lasts_min, spec.lasts_max), room);
    if (*f.lasts <= 0) f.lasts.reset();
    apply(f);
  }
  const Time next = sim_.now() + rng_.uniform(spec.interval_min, spec.interval_max);
  if (next < spec.stop) sim_.at(next, [this, spec] { nemesis_step(spec); });
}

bool FaultInjector::draw_fault(const NemesisSpec& spec, Fault& f) {
  const std::uint32_t n = sim_.servers();
  // A few tries: a kind may be impossible right now (the down budget is
  // spent, a partition is already in place).
  for (int attempt = 0; attempt < 8; ++attempt) {
    f = Fault{};
    f.kind = spec.kinds[rng_.below(spec.kinds.size())];
    switch (f.kind) {
      case FaultKind::partition: {
        if (partition_active_ || n < 2) continue;
        static constexpr PartitionKind kAll[] = {PartitionKind::isolate, PartitionKind::split, PartitionKind::one_way,
                                                 PartitionKind::bridge};
        f.partition = spec.partitions.empty() ? kAll[rng_.below(4)] : spec.partitions[rng_.below(spec.partitions.size())];
        std::vector<NodeId> order = shuffled_servers();
        const auto cut = static_cast<std::ptrdiff_t>(1 + rng_.below(n - 1));
        switch (f.partition) {
          case PartitionKind::isolate: f.nodes = {order[0]}; break;
          case PartitionKind::split:
            f.groups = {std::vector<NodeId>(order.begin(), order.begin() + cut),
                        std::vector<NodeId>(order.begin() + cut, order.end())};
            break;
          case PartitionKind::one_way:
            f.from.assign(order.begin(), order.begin() + cut);
            f.to.assign(order.begin() + cut, order.end());
            break;
          case PartitionKind::bridge: {
            if (n < 3) continue;
            f.nodes = {order[0]};
            const auto mid = static_cast<std::ptrdiff_t>(1 + (n - 1) / 2);
            f.groups = {std::vector<NodeId>(order.begin() + 1, order.begin() + mid),
                        std::vector<NodeId>(order.begin() + mid, order.end())};
            break;
          }
        }
        return true;
      }
      case FaultKind::crash:
      case FaultKind::pause: {
        if (servers_down() >= spec.max_down) continue;
        for (NodeId cand : shuffled_servers()) {
          if (sim_.up(cand) && !sim_.paused(cand)) {
            f.nodes = {cand};
            return true;
          }
        }
        continue;
      }
      case FaultKind::clock: {
        if (spec.clock_jump_max == 0 && spec.drift_ppm_max == 0) continue;
        f.nodes = {static_cast<NodeId>(rng_.below(n))};
        if (spec.clock_jump_max > 0) f.jump = rng_.uniform(-spec.clock_jump_max, spec.clock_jump_max);
        if (spec.drift_ppm_max > 0) f.drift_ppm = rng_.uniform(-spec.drift_ppm_max, spec.drift_ppm_max);
        return true;
      }
      case FaultKind::network: {
        if (network_changed_) continue;
        f.loss = Probability{static_cast<std::uint32_t>(rng_.uniform(0, spec.loss_max.ppb))};
        f.duplicate = Probability{static_cast<std::uint32_t>(rng_.uniform(0, spec.duplicate_max.ppb))};
        return true;
      }
      default:
        continue;  // heal, restart, resume are not faults the nemesis starts
    }
  }
  return false;
}

void FaultInjector::nemesis_stop(const NemesisSpec& spec) {
  (void)spec;
  sim_.note("nemesis stopped: healing everything");
  Fault f;
  f.at = sim_.now();
  if (partition_active_) {
    f.kind = FaultKind::heal;
    apply_now(f);
  }
  for (NodeId i = 0; i < sim_.servers(); ++i) {
    Fault g;
    g.at = sim_.now();
    g.nodes = {i};
    if (!sim_.up(i)) {
      g.kind = FaultKind::restart;
      apply_now(g);
    } else if (sim_.paused(i)) {
      g.kind = FaultKind::resume;
      apply_now(g);
    }
    if (i < base_drift_.size() && sim_.clock(i).drift_ppm() != base_drift_[i]) {
      Fault c;
      c.at = sim_.now();
      c.kind = FaultKind::clock;
      c.nodes = {i};
      c.drift_ppm = base_drift_[i];
      apply_now(c);
    }
  }
  if (network_changed_) {
    Fault net;
    net.at = sim_.now();
    net.kind = FaultKind::network;
    net.loss = base_network_.loss;
    net.duplicate = base_network_.duplicate;
    net.latency = base_network_.latency;
    apply_now(net);
    network_changed_ = false;
  }
  note_quiet();
}

}  // namespace cachesim
