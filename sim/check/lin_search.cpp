#include "sim/check/lin_search.hpp"

#include <algorithm>
#include <array>
#include <bit>

#include "sim/check/lin_config_set.hpp"
#include "sim/check/lin_horizons.hpp"

namespace cachesim::lin {
namespace {

constexpr int kSlots = 64;
// Config::spare's top bit, inside one block only: the last step was a write
// (early, R3) or an info op (R2) that nothing has observed yet, so the next
// step must not be a write.
constexpr std::uint32_t kNeedObserver = 1U << 31;
constexpr std::uint64_t kPollEvery = 4096;   // steps between calls of out_of_time
constexpr std::uint64_t kMemoryEvery = 256;  // steps between memory checks (a step adds at most ~130 configs)

inline std::uint64_t bit(int s) { return std::uint64_t{1} << s; }

class Search {
 public:
  Search(const KeyHistory& h, const SearchLimits& limits) : h_(h), limits_(limits) {}

  SearchResult run() {
    precompute();
    Config init;
    init.state = kAbsent;
    canon(init, -1);
    cur_.insert(init);
    const auto n_events = static_cast<std::uint32_t>(h_.events.size());
    for (std::uint32_t i = 0; i < n_events && !stopped_; ++i) {
      const std::uint32_t code = h_.events[i];
      if (code & 1) on_return(i, code >> 1);
      else on_invoke(i, code >> 1);
      if (stopped_) break;
      if (cur_.empty()) {
        res_.status = SearchStatus::kIllegal;
        res_.fail_event = i;
        break;
      }
      res_.peak_frontier = std::max(res_.peak_frontier, cur_.size());
    }
    res_.steps = steps_;
    res_.peak_bytes = std::max(res_.peak_bytes, bytes());
    return res_;
  }

 private:
  void precompute() {
    z_ = compute_horizons(h_);
    fixed_bytes_ = h_.values.size() * 8 + h_.ops.size() * 8 + h_.events.size() * 28 + sizeof(*this);
  }

  // ---- slots
  int take_slot(std::uint64_t used) {
    if (used == ~std::uint64_t{0}) return -1;
    return std::countr_one(used);
  }

  void on_invoke(std::uint32_t i, std::uint32_t o) {
    const KeyOp& op = h_.ops[o];
    std::uint32_t born_spare = 0;
    if (op.ret != kNever) {
      const int s = take_slot(pend_);
      if (s < 0) return too_concurrent();
      slot_op_[s] = o;
      slot_a_[s] = op.a;
      slot_b_[s] = op.b;
      pend_ |= bit(s);
      switch (op.kind) {
        case OpKind::kRead: pend_obs_ |= bit(s); pend_read_ |= bit(s); break;
        case OpKind::kFailedCas: pend_obs_ |= bit(s); pend_fcas_ |= bit(s); break;
        case OpKind::kWrite: pend_write_ |= bit(s); break;
        case OpKind::kCas: pend_cas_ |= bit(s); break;
        default: break;
      }
      if (is_observer(op.kind)) {
        // R1: linearize the new observer wherever the state satisfies it.
        // Injective on the frontier (all configs gain the same bit or differ
        // in state), so no deduplication is needed.
        const bool read = op.kind == OpKind::kRead;
        for (Config& c : cur_.items())
          if (read ? c.state == op.a : c.state != op.a) c.lin |= bit(s);
        cur_.rehash();
      }
    } else if (z_.release[o] <= i) {
      born_spare = op.kind == OpKind::kInfoWrite ? 1 : 0;  // R5: can matter only as a spare
    } else {
      // R6: identical pooled info operations form a class; count its members.
      old_classes_ = classes_;
      auto it = std::find_if(classes_.begin(), classes_.end(), [&](const InfoClass& k) {
        return k.kind == op.kind && k.a == op.a && k.b == op.b;
      });
      if (it == classes_.end()) {
        classes_.push_back({op.kind, op.a, op.b, 0, z_.release[o], next_class_id_++, 0, 0});
        it = classes_.end() - 1;
      }
      ++it->members;
      if (static_cast<int>(std::bit_width(it->members)) > it->width) {
        it->width = static_cast<int>(std::bit_width(it->members));
        if (!pack()) return too_concurrent();
        return recode(i, 0);
      }
    }
    if (born_spare) {
      old_classes_ = classes_;
      recode(i, born_spare);
    } else {
      step(cur_.size());
    }
  }

  void on_return(std::uint32_t i, std::uint32_t o) {
    const KeyOp& op = h_.ops[o];
    int x = -1;
    for (std::uint64_t m = pend_; m; m &= m - 1)
      if (slot_op_[std::countr_zero(m)] == o) x = std::countr_zero(m);
    if (x < 0) return;  // its invoke overflowed the slots: already stopped
    const std::uint64_t bx = bit(x);
    emitted_.clear();
    visited_.clear();
    states_.clear();
    for (const Config& c : cur_.items()) {
      states_.push_back(c.state);
      if (c.lin & bx) {
        Config d = c;
        d.lin &= ~bx;
        d.mask &= ~bx;
        emitted_.insert(d);
        step(1);
      } else {
        if (op.kind == OpKind::kWrite && (c.mask & bx)) {
          // R3: retire a masked write as if placed right before the write that masked it.
          Config d = c;
          d.mask &= ~bx;
          emitted_.insert(d);
        }
        close(c, x, op);
      }
      if (stopped_) return;
    }
    pend_ &= ~bx;
    pend_obs_ &= ~bx;
    pend_read_ &= ~bx;
    pend_fcas_ &= ~bx;
    pend_write_ &= ~bx;
    pend_cas_ &= ~bx;
    if (emitted_.empty()) {
      std::sort(states_.begin(), states_.end());
      states_.erase(std::unique(states_.begin(), states_.end()), states_.end());
      res_.states_before = states_;
      cur_.clear();
      return;
    }
    cur_.swap(emitted_);
    old_classes_ = classes_;
    std::erase_if(classes_, [&](const InfoClass& k) { return k.release <= i; });
    if (classes_.size() != old_classes_.size()) pack();
    recode(i, 0);
  }

  // Lays the pooled classes' counters out in Config::used, in class order.
  // False if they do not fit in 64 bits.
  bool pack() {
    int shift = 0;
    for (InfoClass& k : classes_) {
      k.shift = shift;
      shift += k.width;
    }
    return shift <= 64;
  }

  // Moves every configuration from old_classes_' layout to classes_' one
  // (a released class's unused writes become spares, R5), applies R4/R5 for
  // event i, and merges the configurations that become equal.
  void recode(std::uint32_t i, std::uint32_t born_spare) {
    next_.clear();
    for (const Config& c : cur_.items()) {
      Config d = c;
      d.used = 0;
      d.spare += born_spare;
      std::size_t n = 0;
      for (const InfoClass& old : old_classes_) {
        const std::uint64_t used = old.count(c);
        while (n < classes_.size() && classes_[n].id < old.id) ++n;
        if (n < classes_.size() && classes_[n].id == old.id) d.used |= used << classes_[n].shift;
        else if (old.kind == OpKind::kInfoWrite) d.spare += static_cast<std::uint32_t>(old.members - used);
      }
      canon(d, i);
      next_.insert(d);
    }
    step(cur_.size());
    cur_.swap(next_);
    if (cur_.size() > 1) prune_dominated();
  }

  // R7: drops every configuration another one dominates: same linearized
  // pending ops and state, no more info ops consumed in any class, at least the same
  // masked writes and at least as many spares. The search only ever uses
  // those as resources, so whatever the dominated one can still do, the
  // dominating one can too.
  void prune_dominated() {
    std::vector<Config>& items = cur_.items();
    order_.resize(items.size());
    for (std::uint32_t k = 0; k < items.size(); ++k) order_[k] = k;
    std::sort(order_.begin(), order_.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Config& x = items[a];
      const Config& y = items[b];
      if (x.lin != y.lin) return x.lin < y.lin;
      if (x.state != y.state) return x.state < y.state;
      return a < b;
    });
    dead_.assign(items.size(), 0);
    bool any = false;
    for (std::size_t g = 0; g < order_.size();) {
      std::size_t e = g + 1;
      while (e < order_.size() && items[order_[e]].lin == items[order_[g]].lin &&
             items[order_[e]].state == items[order_[g]].state)
        ++e;
      for (std::size_t p = g; p < e; ++p)
        for (std::size_t q = g; q < e; ++q) {
          if (p == q || dead_[order_[q]] || dead_[order_[p]]) continue;
          const Config& a = items[order_[p]];
          const Config& b = items[order_[q]];
          if ((b.mask & ~a.mask) == 0 && a.spare >= b.spare && fewer_used(a, b)) {
            dead_[order_[q]] = 1;
            any = true;
          }
        }
      step(e - g);
      g = e;
    }
    if (!any) return;
    next_.clear();
    for (std::size_t k = 0; k < items.size(); ++k)
      if (!dead_[k]) next_.insert(items[k]);
    cur_.swap(next_);
  }

  // Every class has at least as many unused members in a as in b.
  bool fewer_used(const Config& a, const Config& b) const {
    if (a.used == b.used) return true;
    for (const InfoClass& k : classes_)
      if (k.count(a) > k.count(b)) return false;
    return true;
  }

  void canon(Config& c, std::int64_t i) const {
    const std::uint32_t cap = i < 0 ? kNever : z_.fcas_after[i];
    if (c.spare > cap) c.spare = cap;
    if (c.state != kUnobserved && z_.value[c.state] <= i && !limits_.concrete_states) c.state = kUnobserved;
    c.mask &= pend_write_ & ~c.lin;
  }

  // R1 at one configuration: linearize every pending observer it satisfies.
  bool eager(Config& c) const {
    bool fired = false;
    for (std::uint64_t m = pend_obs_ & ~c.lin; m; m &= m - 1) {
      const int s = std::countr_zero(m);
      const bool read = (pend_read_ >> s) & 1;
      if (read ? slot_a_[s] == c.state : slot_a_[s] != c.state) {
        c.lin |= bit(s);
        fired = true;
      }
    }
    return fired;
  }

  // A write (completed, or info when s < 0) takes effect: pending writes that
  // are not yet linearized are now masked (R3).
  void write(Config& c, int s, ValueId v) const {
    if (s >= 0) {
      c.lin |= bit(s);
      c.mask &= ~bit(s);
    }
    c.state = v;
    c.mask |= pend_write_ & ~c.lin;
  }

  // All blocks that end by linearizing the returning op X (slot x), from c.
  void close(const Config& start, int x, const KeyOp& X) {
    const std::uint64_t bx = bit(x);
    const bool x_observer = is_observer(X.kind);
    auto emit = [&](Config c) {
      c.lin &= ~bx;
      c.mask &= ~bx;
      c.spare &= ~kNeedObserver;
      emitted_.insert(c);
    };
    auto after = [&](Config c, bool need) {
      if (x_observer && (c.lin & bx)) return emit(c);
      if (need) c.spare |= kNeedObserver;
      if (visited_.insert(c)) stack_.push_back(c);
    };
    if (visited_.insert(start)) stack_.push_back(start);
    while (!stack_.empty() && !stopped_) {
      const Config n = stack_.back();
      stack_.pop_back();
      step(1);
      const bool need = n.spare & kNeedObserver;
      Config base = n;
      base.spare &= ~kNeedObserver;
      if (X.kind == OpKind::kWrite && !need) {
        Config c = base;
        write(c, x, X.a);
        eager(c);
        emit(c);
      } else if (X.kind == OpKind::kCas && base.state == X.a) {
        Config c = base;
        c.lin |= bx;
        c.state = X.b;
        eager(c);
        emit(c);
      }
      std::uint64_t cand = (pend_cas_ | (need ? 0 : pend_write_)) & ~base.lin & ~bx;
      for (; cand; cand &= cand - 1) {
        const int s = std::countr_zero(cand);
        Config c = base;
        bool fired;
        if ((pend_cas_ >> s) & 1) {
          if (base.state != slot_a_[s]) continue;
          c.lin |= bit(s);
          c.state = slot_b_[s];
          eager(c);
          fired = true;  // a cas is not subject to R3
        } else {
          write(c, s, slot_a_[s]);
          fired = eager(c);
        }
        after(c, !fired);
      }
      for (const InfoClass& k : classes_) {
        if (need && k.kind == OpKind::kInfoWrite) continue;
        if (k.count(base) >= k.members) continue;
        if (k.kind == OpKind::kInfoCas && base.state != k.a) continue;
        Config c = base;
        c.used += std::uint64_t{1} << k.shift;  // one more member took effect (R6: any one)
        if (k.kind == OpKind::kInfoCas) c.state = k.b;
        else write(c, -1, k.a);
        const bool fired = eager(c);  // (not inside after()'s arguments: their order is unspecified)
        after(c, !fired);             // R2: must be observed next
      }
      if (!need && base.spare > 0 && (pend_fcas_ & ~base.lin)) {
        Config c = base;
        --c.spare;
        write(c, -1, kUnobserved);
        const bool fired = eager(c);
        after(c, !fired);
      }
    }
    stack_.clear();
  }

  void step(std::uint64_t n) {
    steps_ += n;
    if ((steps_ & (kMemoryEvery - 1)) < n || n >= kMemoryEvery) poll();
  }

  void poll() {
    if (stopped_) return;
    const std::size_t b = bytes();
    res_.peak_bytes = std::max(res_.peak_bytes, b);
    if (b > limits_.max_memory_bytes) return stop(SearchStatus::kOutOfMemory);
    if (steps_ > limits_.max_steps) return stop(SearchStatus::kOutOfSteps);
    if (steps_ - last_time_poll_ < kPollEvery) return;
    last_time_poll_ = steps_;
    if (limits_.out_of_time && *limits_.out_of_time && (*limits_.out_of_time)()) return stop(SearchStatus::kOutOfTime);
  }

  std::size_t bytes() const {
    return fixed_bytes_ + cur_.bytes() + next_.bytes() + emitted_.bytes() + visited_.bytes() +
           stack_.capacity() * sizeof(Config) + states_.capacity() * sizeof(ValueId);
  }

  void stop(SearchStatus s) {
    stopped_ = true;
    res_.status = s;
  }
  void too_concurrent() { stop(SearchStatus::kTooConcurrent); }

  const KeyHistory& h_;
  const SearchLimits& limits_;
  SearchResult res_;
  bool stopped_ = false;
  std::uint64_t steps_ = 0;
  std::uint64_t last_time_poll_ = 0;
  std::size_t fixed_bytes_ = 0;

  Horizons z_;

  // Completed operations pending now, by slot.
  std::array<std::uint32_t, kSlots> slot_op_{};
  std::array<ValueId, kSlots> slot_a_{}, slot_b_{};
  std::uint64_t pend_ = 0, pend_obs_ = 0, pend_read_ = 0, pend_fcas_ = 0, pend_write_ = 0, pend_cas_ = 0;
  // Info operations that can still matter, by class (R6): identical ones,
  // each class's count of members that took effect packed in Config::used.
  struct InfoClass {
    OpKind kind;
    ValueId a, b;
    std::uint32_t members;  // invoked so far
    std::uint32_t release;  // event after which the class no longer matters (lin_horizons.hpp)
    std::uint32_t id;       // creation order
    int shift, width;
    std::uint64_t count(const Config& c) const { return (c.used >> shift) & ((std::uint64_t{1} << width) - 1); }
  };
  std::vector<InfoClass> classes_, old_classes_;
  std::uint32_t next_class_id_ = 0;
  std::vector<std::uint32_t> order_;
  std::vector<std::uint8_t> dead_;

  ConfigSet cur_, next_, emitted_, visited_;
  std::vector<Config> stack_;
  std::vector<ValueId> states_;
};

}  // namespace

SearchResult search(const KeyHistory& h, const SearchLimits& limits) { return Search(h, limits).run(); }

}  // namespace cachesim::lin
