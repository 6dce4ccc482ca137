// Zeller and Hildebrandt's delta debugging (ddmin, "Simplifying and
// Isolating Failure-Inducing Input", 2002), over a list of items.
//
// Contract: given `fails(items)` true, returns a subsequence S of `items`
// (order kept) with fails(S) true that is 1-minimal as far as `fails` said:
// removing any single item of S made `fails` return false. It first tries
// the empty list. `fails` must be deterministic for the result to be; it is
// never called twice with the same subsequence (answers are memoised), and it
// may return false to mean "cannot tell" (e.g. out of budget), which keeps
// the current list. Calls: O(|items|^2) in the worst case, O(k log n) when k
// items matter.
#pragma once

#include <algorithm>
#include <cstddef>
#include <map>
#include <vector>

namespace cachesim {

template <class Pred>
std::vector<std::size_t> ddmin_indices(std::size_t count, Pred fails_indices) {
  std::map<std::vector<std::size_t>, bool> seen;
  auto fails = [&](const std::vector<std::size_t>& s) {
    auto it = seen.find(s);
    if (it != seen.end()) return it->second;
    const bool f = fails_indices(s);
    seen.emplace(s, f);
    return f;
  };
  std::vector<std::size_t> cur(count);
  for (std::size_t i = 0; i < count; ++i) cur[i] = i;
  if (cur.empty() || fails({})) return {};
  std::size_t n = 2;
  while (cur.size() >= 2) {
    n = std::min(n, cur.size());
    // n chunks of (nearly) equal size, in order.
    std::vector<std::vector<std::size_t>> chunks(n);
    for (std::size_t i = 0; i < cur.size(); ++i) chunks[i * n / cur.size()].push_back(cur[i]);
    bool reduced = false;
    for (const auto& chunk : chunks) {  // reduce to a subset
      if (fails(chunk)) {
        cur = chunk;
        n = 2;
        reduced = true;
        break;
      }
    }
    if (!reduced && n > 2) {  // reduce to a complement (with n == 2 these are the subsets)
      for (std::size_t c = 0; c < n && !reduced; ++c) {
        std::vector<std::size_t> rest;
        for (std::size_t k = 0; k < n; ++k)
          if (k != c) rest.insert(rest.end(), chunks[k].begin(), chunks[k].end());
        std::sort(rest.begin(), rest.end());
        if (fails(rest)) {
          cur = rest;
          n = std::max<std::size_t>(n - 1, 2);
          reduced = true;
        }
      }
    }
    if (!reduced) {
      if (n >= cur.size()) break;  // every single item is needed
      n = std::min(n * 2, cur.size());
    }
  }
  return cur;
}

// ddmin over the items themselves.
template <class T, class Pred>
std::vector<T> ddmin(const std::vector<T>& items, Pred fails) {
  auto pick = [&](const std::vector<std::size_t>& idx) {
    std::vector<T> s;
    s.reserve(idx.size());
    for (std::size_t i : idx) s.push_back(items[i]);
    return s;
  };
  return pick(ddmin_indices(items.size(), [&](const std::vector<std::size_t>& idx) { return fails(pick(idx)); }));
}

}  // namespace cachesim
