#include "sim/check/linearizability.hpp"

#include <algorithm>

#include "sim/check/lin_model.hpp"
#include "sim/check/lin_search.hpp"
#include "sim/check/lin_witness.hpp"

namespace cachesim {

std::string_view to_string(Verdict v) {
  switch (v) {
    case Verdict::kOk: return "ok";
    case Verdict::kIllegal: return "illegal";
    case Verdict::kUnknown: return "unknown";
  }
  return "?";
}

namespace {

constexpr std::string_view kNothingToCheck = "no reads: nothing to check";

std::string human_bytes(std::size_t b) {
  auto tenths = [](std::size_t x, int shift) {
    return std::to_string(x >> shift) + "." + std::to_string(((x & ((std::size_t{1} << shift) - 1)) * 10) >> shift);
  };
  if (b >= std::size_t{1} << 30) return tenths(b, 30) + " GiB";
  if (b >= std::size_t{1} << 20) return tenths(b, 20) + " MiB";
  if (b >= 1024) return std::to_string(b >> 10) + " KiB";
  return std::to_string(b) + " bytes";
}

std::string unknown_reason(lin::SearchStatus s, const lin::SearchResult& r, const LinearizabilityBudget& budget) {
  const std::string where = " (" + std::to_string(r.steps) + " steps, frontier of " + std::to_string(r.peak_frontier) +
                            " configurations)";
  switch (s) {
    case lin::SearchStatus::kOutOfTime: return "out of time" + where;
    case lin::SearchStatus::kOutOfMemory:
      return "out of memory: the search needed more than " + human_bytes(budget.max_memory_bytes) + where;
    case lin::SearchStatus::kTooConcurrent:
      return "more than 64 operations pending at once, or too many different timed-out operations still able "
             "to matter (about 64): beyond this checker";
    default: return "not decided" + where;
  }
}

void fill_stats(KeyStats& st, const lin::KeyHistory& h) {
  st.ops = h.ops.size();
  st.info_ops = static_cast<std::size_t>(
      std::count_if(h.ops.begin(), h.ops.end(), [](const lin::KeyOp& o) { return lin::is_info(o.kind); }));
  st.observations = h.observations();
  st.dropped = h.dropped;
  st.events = h.events.size();
}

std::string render_state(const lin::KeyHistory& h, lin::ValueId v) {
  return v == lin::kUnobserved ? std::string("(unobserved)") : h.values[v].to_json();
}

Witness make_witness(const lin::KeyHistory& h, const lin::SearchResult& r, const lin::Window& w,
                     const std::vector<Operation>& ops) {
  Witness wit;
  const std::uint32_t x = h.events[r.fail_event] >> 1;
  wit.failing = {h.ops[x].source, ops[h.ops[x].source]};
  for (lin::ValueId v : r.states_before) wit.states_before.push_back(render_state(h, v));
  for (const lin::KeyOp& op : h.ops)
    if (op.ret != lin::kNever && op.ret < r.fail_event) ++wit.prefix_ops;
  for (std::uint32_t o : w.ops) wit.window.push_back({h.ops[o].source, ops[h.ops[o].source]});
  wit.window_minimal = w.minimal;
  return wit;
}

}  // namespace

LinearizabilityResult check_linearizability(const History& history, const LinearizabilityBudget& budget) {
  return check_linearizability(pair_operations(history), budget);
}

LinearizabilityResult check_linearizability(const std::vector<Operation>& ops, const LinearizabilityBudget& budget) {
  LinearizabilityResult result;
  result.operations = ops.size();
  result.txn_ops_ignored = static_cast<std::size_t>(
      std::count_if(ops.begin(), ops.end(), [](const Operation& o) { return o.f == OpFunction::kTxn; }));
  std::vector<lin::KeyHistory> keys = lin::split_by_key(ops);

  lin::SearchLimits limits;
  limits.out_of_time = &budget.out_of_time;
  limits.max_memory_bytes = budget.max_memory_bytes;

  // Pass 1 gives every key a step allowance proportional to its size, so that
  // one hard key cannot keep the others (maybe illegal) from being decided;
  // pass 2 gives the keys that used it up everything that is left.
  std::vector<lin::SearchResult> found(keys.size());
  std::vector<bool> decided(keys.size(), false);
  bool out_of_time = false;
  result.keys.resize(keys.size());
  for (int pass = 0; pass < 2 && !out_of_time; ++pass) {
    for (std::size_t k = 0; k < keys.size() && !out_of_time; ++k) {
      if (decided[k]) continue;
      KeyResult& kr = result.keys[k];
      kr.key = keys[k].key;
      fill_stats(kr.stats, keys[k]);
      if (kr.stats.observations == 0) {
        kr.verdict = Verdict::kOk;
        kr.vacuous = true;
        kr.reason = std::string(kNothingToCheck);
        decided[k] = true;
        continue;
      }
      limits.max_steps = pass == 0 ? budget.fair_share_steps : UINT64_MAX;
      const lin::SearchResult r = lin::search(keys[k], limits);
      kr.stats.steps += r.steps;
      kr.stats.peak_frontier = std::max(kr.stats.peak_frontier, r.peak_frontier);
      kr.stats.peak_memory_bytes = std::max(kr.stats.peak_memory_bytes, r.peak_bytes);
      found[k] = r;
      if (r.status == lin::SearchStatus::kOutOfSteps) continue;  // pass 2
      decided[k] = true;
      if (r.status == lin::SearchStatus::kOutOfTime) out_of_time = true;
    }
  }

  for (std::size_t k = 0; k < keys.size(); ++k) {
    KeyResult& kr = result.keys[k];
    kr.key = keys[k].key;
    if (kr.vacuous) continue;
    const lin::SearchResult& r = found[k];
    if (!decided[k] && r.status != lin::SearchStatus::kOutOfSteps) {
      fill_stats(kr.stats, keys[k]);
      kr.verdict = Verdict::kUnknown;
      kr.reason = "not checked: out of time before this key";
      continue;
    }
    switch (r.status) {
      case lin::SearchStatus::kLinearizable: kr.verdict = Verdict::kOk; break;
      case lin::SearchStatus::kIllegal: {
        kr.verdict = Verdict::kIllegal;
        lin::SearchLimits unlimited = limits;
        unlimited.max_steps = UINT64_MAX;
        const lin::Window w = lin::find_window(keys[k], r.fail_event, r.steps, unlimited);
        kr.stats.steps += w.steps;
        kr.witness = make_witness(keys[k], r, w, ops);
        // Name the values the register could hold, not "(unobserved)".
        lin::SearchLimits exact = unlimited;
        exact.concrete_states = true;
        exact.max_steps = 4 * r.steps + (std::uint64_t{1} << 20);
        const lin::SearchResult named = lin::search(keys[k], exact);
        kr.stats.steps += named.steps;
        if (named.status == lin::SearchStatus::kIllegal && named.fail_event == r.fail_event) {
          kr.witness->states_before.clear();
          for (lin::ValueId v : named.states_before) kr.witness->states_before.push_back(render_state(keys[k], v));
        }
        kr.reason = "cannot linearize " + describe_operation(kr.witness->failing.op);
        break;
      }
      case lin::SearchStatus::kOutOfSteps: kr.verdict = Verdict::kUnknown; kr.reason = "out of time"; break;
      default:
        kr.verdict = Verdict::kUnknown;
        kr.reason = unknown_reason(r.status, r, budget);
        break;
    }
  }

  bool any_illegal = false, any_unknown = false, any_observed = false;
  for (const KeyResult& kr : result.keys) {
    any_illegal |= kr.verdict == Verdict::kIllegal;
    any_unknown |= kr.verdict == Verdict::kUnknown;
    any_observed |= !kr.vacuous;
  }
  if (any_illegal) {
    result.verdict = Verdict::kIllegal;
    std::size_t n = 0;
    for (const KeyResult& kr : result.keys) n += kr.verdict == Verdict::kIllegal;
    for (const KeyResult& kr : result.keys)
      if (kr.verdict == Verdict::kIllegal) {
        result.reason = "key \"" + kr.key + "\" is not linearizable" +
                        (n > 1 ? " (and " + std::to_string(n - 1) + " more keys)" : std::string());
        break;
      }
  } else if (any_unknown) {
    result.verdict = Verdict::kUnknown;
    for (const KeyResult& kr : result.keys)
      if (kr.verdict == Verdict::kUnknown) {
        result.reason = "key \"" + kr.key + "\": " + kr.reason;
        break;
      }
  } else if (!any_observed) {
    result.verdict = Verdict::kUnknown;
    result.reason = result.txn_ops_ignored > 0 && result.txn_ops_ignored == ops.size()
                        ? "only txn operations: the linearizability checker checks single-key read, write, delete "
                          "and cas (use the transaction checker)"
                        : std::string(kNothingToCheck);
  } else {
    result.verdict = Verdict::kOk;
  }
  return result;
}

}  // namespace cachesim
