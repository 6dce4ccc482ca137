#include "sim/check/lin_witness.hpp"

#include <algorithm>

namespace cachesim::lin {

Window find_window(const KeyHistory& h, std::uint32_t fail_event, std::uint64_t search_steps,
                   const SearchLimits& limits) {
  Window w;
  bool out_of_budget = false;
  const std::uint64_t allowance = std::max<std::uint64_t>(std::uint64_t{1} << 20, 8 * search_steps);
  // True if the history with these strict operations is proven illegal. A
  // search that ran out of budget proves nothing: the operation stays strict.
  auto illegal = [&](const std::vector<bool>& strict) {
    if (out_of_budget || w.steps >= allowance) {
      out_of_budget = true;
      return false;
    }
    SearchLimits probe = limits;
    probe.max_steps = std::min(limits.max_steps, allowance - w.steps);
    const SearchResult r = search(weaken(h, strict, fail_event), probe);
    w.steps += r.steps;
    if (r.status != SearchStatus::kIllegal && r.status != SearchStatus::kLinearizable) out_of_budget = true;
    return r.status == SearchStatus::kIllegal;
  };

  // Completed operations up to the failure, by return event.
  std::vector<std::uint32_t> done;
  for (std::uint32_t o = 0; o < h.ops.size(); ++o)
    if (h.ops[o].ret != kNever && h.ops[o].ret <= fail_event) done.push_back(o);
  std::sort(done.begin(), done.end(), [&](std::uint32_t a, std::uint32_t b) { return h.ops[a].ret < h.ops[b].ret; });

  // strict = done[k..]: illegal for k = 0 (the search said so). Find the
  // largest such k; done.back() is the failing operation itself and must stay.
  auto strict_from = [&](std::size_t k) {
    std::vector<bool> s(h.ops.size(), false);
    for (std::size_t i = k; i < done.size(); ++i) s[done[i]] = true;
    return s;
  };
  std::size_t lo = 0, hi = done.empty() ? 0 : done.size() - 1;
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo + 1) / 2;
    if (illegal(strict_from(mid))) lo = mid;
    else hi = mid - 1;
  }
  std::vector<bool> strict = strict_from(lo);
  // Observers first: a window that keeps the writes and drops redundant
  // reads reads more naturally ("write 1, write 2, read 1").
  for (const bool observers : {true, false}) {
    for (std::size_t i = lo; i + 1 < done.size(); ++i) {
      if (is_observer(h.ops[done[i]].kind) != observers) continue;
      strict[done[i]] = false;
      if (!illegal(strict)) strict[done[i]] = true;
    }
  }
  if (out_of_budget) w.minimal = false;
  for (std::uint32_t o = 0; o < h.ops.size(); ++o)
    if (strict[o]) w.ops.push_back(o);
  std::sort(w.ops.begin(), w.ops.end(), [&](std::uint32_t a, std::uint32_t b) { return h.ops[a].invoke < h.ops[b].invoke; });
  return w;
}

}  // namespace cachesim::lin
