#include "sim/shrink/shrink.hpp"

#include <map>
#include <optional>
#include <utility>

#include "sim/core/input_error.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/shrink/ddmin.hpp"
#include "sim/shrink/fault_units.hpp"

namespace cachesim {

namespace {

ShrinkSize size_of(const RunResult& r) { return {r.injected.size(), r.counts.ops, r.trace_events}; }

std::string text_of(const Scenario& sc) { return shrunk_scenario_json(sc).dump(); }

class Shrinker {
 public:
  Shrinker(const SystemRegistry& systems, std::uint64_t seed, const ShrinkOptions& o, ShrinkResult& out)
      : systems_(systems), seed_(seed), o_(o), out_(out) {}

  RunResult run(const Scenario& sc) {
    ++out_.runs;
    RunOptions ro;
    ro.seed = seed_;
    ro.keep_history = false;
    ro.make_deadline = o_.make_deadline;
    return run_scenario(sc, ro, systems_);
  }

  // Runs `cand` as its written file would load; true if it fails the check
  // first. Each distinct candidate runs once.
  bool fails(const Scenario& cand) {
    const std::string text = text_of(cand);
    if (auto it = tried_.find(text); it != tried_.end()) return it->second.has_value();
    if (out_.runs >= o_.max_runs || (o_.out_of_time && o_.out_of_time())) {
      out_.stopped_early = true;
      return false;  // not remembered: "cannot tell" is no answer
    }
    std::optional<Found> found;
    try {
      Scenario loaded = parse_scenario(text, cand.file);
      const RunResult r = run(loaded);
      if (r.failed_check() == out_.check) found = Found{std::move(loaded), size_of(r)};
    } catch (const InputError&) {
      // A candidate the loader refuses (e.g. a link naming a client that is
      // gone) is not a scenario anyone could run: it does not fail.
    }
    const bool failed = found.has_value();
    tried_.emplace(text, std::move(found));
    return failed;
  }

  // Makes `cand`, which fails(), the best so far.
  void adopt(const Scenario& cand) {
    const Found& f = *tried_.at(text_of(cand));
    best_ = f.scenario;
    out_.after = f.size;
    if (o_.progress) {
      o_.progress("shrink: " + std::to_string(f.size.faults) + " faults, " + std::to_string(f.size.operations) +
                  " operations, " + std::to_string(f.size.events) + " events (" + std::to_string(out_.runs) +
                  " runs)");
    }
  }

  bool try_adopt(const Scenario& cand) {
    if (!fails(cand)) return false;
    adopt(cand);
    return true;
  }

  void minimize_faults() {
    const Scenario base = best_;
    const std::vector<FaultUnit> units = group_fault_units(base.faults);
    auto with = [&](const std::vector<FaultUnit>& keep) {
      Scenario c = base;
      c.faults = faults_of(base.faults, keep);
      return c;
    };
    const std::vector<FaultUnit> kept = ddmin(units, [&](const std::vector<FaultUnit>& keep) { return fails(with(keep)); });
    if (kept.size() < units.size()) adopt(with(kept));
  }

  // The smallest value in [lo, hi) that still fails, by bisection, assuming
  // the current value hi does (failure need not be monotonic: this finds a
  // local minimum, which is what shrinking asks for).
  template <class Set>
  void bisect(std::uint64_t lo, std::uint64_t hi, Set set) {
    while (lo < hi && !out_.stopped_early) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      Scenario c = best_;
      set(c, mid);
      if (try_adopt(c)) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
  }

  void minimize_workload() {
    bisect(1, best_.workload.clients, [](Scenario& c, std::uint64_t v) { c.workload.clients = static_cast<std::uint32_t>(v); });
    // A cap of every operation the run made changes nothing; below it, fewer.
    const std::uint64_t cap = best_.workload.max_ops != 0 ? best_.workload.max_ops : out_.after.operations;
    bisect(1, cap, [](Scenario& c, std::uint64_t v) { c.workload.max_ops = v; });
    bisect(1, static_cast<std::uint64_t>(best_.duration / kMillisecond),
           [](Scenario& c, std::uint64_t v) { c.duration = static_cast<Duration>(v) * kMillisecond; });
  }

  Scenario best_;

 private:
  struct Found {
    Scenario scenario;
    ShrinkSize size;
  };

  const SystemRegistry& systems_;
  std::uint64_t seed_;
  const ShrinkOptions& o_;
  ShrinkResult& out_;
  std::map<std::string, std::optional<Found>> tried_;
};

}  // namespace

nlohmann::json shrunk_scenario_json(const Scenario& sc) {
  nlohmann::json j = scenario_to_json(sc);
  // Off, the nemesis is left to the loader's defaults, which follow the
  // duration (a shorter duration would otherwise leave its window outside).
  if (!sc.nemesis.enabled) j.erase("nemesis");
  return j;
}

ShrinkResult shrink_failure(const Scenario& scenario, std::uint64_t seed, const SystemRegistry& systems,
                            const ShrinkOptions& options) {
  ShrinkResult out;
  Shrinker s(systems, seed, options, out);
  Scenario original = scenario;
  original.seed = seed;
  const RunResult first = s.run(original);
  out.check = first.failed_check();
  out.before = out.after = size_of(first);
  if (out.check.empty()) return out;
  out.reproduced = true;

  original.name = scenario.name + "-shrunk";
  original.description = "Shrunk by cachesim shrink from " + scenario.file + " --seed " + std::to_string(seed) +
                         ": fails " + out.check + ". " + scenario.description;
  Scenario explicit_faults = original;
  explicit_faults.nemesis.enabled = false;
  explicit_faults.faults = first.injected;
  if (s.try_adopt(explicit_faults)) {
    out.explicit_faults = true;
  } else if (!s.try_adopt(original)) {
    // Written and loaded back, the scenario no longer fails as it did: the
    // loader's round trip lost something. Report the scenario unshrunk.
    s.best_ = original;
    out.minimal = original;
    return out;
  }
  if (out.explicit_faults) s.minimize_faults();
  const std::string before_workload = text_of(s.best_);
  s.minimize_workload();
  if (out.explicit_faults && text_of(s.best_) != before_workload) s.minimize_faults();
  out.minimal = s.best_;
  return out;
}

}  // namespace cachesim
