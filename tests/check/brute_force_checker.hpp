// A linearizability checker for tiny single-key histories that is obviously
// right: it tries every order of every subset of the info operations with all
// completed ones, under real-time order and register semantics, memoizing only
// (placed set, state). It lives in tests, to judge the real checker.
#pragma once

#include <cstdint>
#include <set>
#include <utility>
#include <vector>

#include "sim/check/history.hpp"

namespace cachesim::testing {

class BruteForce {
 public:
  // ops: one key's operations (pair_operations order); at most 20 kept.
  explicit BruteForce(const std::vector<Operation>& ops) {
    for (const Operation& o : ops) {
      if (o.f == OpFunction::kTxn) continue;
      const bool info = !o.completed || o.outcome == Outcome::kInfo;
      Op b;
      b.invoke = o.invoke_event;
      b.complete = info ? SIZE_MAX : o.complete_event;
      b.required = !info;
      switch (o.f) {
        case OpFunction::kRead:
          if (info || o.outcome != Outcome::kOk) continue;
          b.kind = Kind::kRead;
          b.a = o.value;
          break;
        case OpFunction::kWrite:
        case OpFunction::kDelete:
          if (!info && o.outcome != Outcome::kOk) continue;
          b.kind = Kind::kWrite;
          b.a = o.f == OpFunction::kDelete ? Value::null() : o.value;
          break;
        case OpFunction::kCas:
          if (!info && o.outcome == Outcome::kFail && o.error) continue;
          b.kind = !info && o.outcome == Outcome::kFail ? Kind::kFailedCas : Kind::kCas;
          b.a = o.value.as_list()[0];
          b.b = o.value.as_list()[1];
          break;
        case OpFunction::kTxn: continue;
      }
      ops_.push_back(b);
    }
  }

  bool linearizable() {
    seen_.clear();
    return dfs(0, Value::null());
  }

 private:
  enum class Kind { kRead, kWrite, kCas, kFailedCas };
  struct Op {
    Kind kind;
    Value a, b;
    std::size_t invoke, complete;
    bool required;
  };

  bool dfs(std::uint32_t placed, const Value& state) {
    bool all = true;
    for (std::size_t i = 0; i < ops_.size(); ++i)
      if (ops_[i].required && !(placed >> i & 1)) all = false;
    if (all) return true;
    if (!seen_.insert({placed, state.to_json()}).second) return false;
    for (std::size_t i = 0; i < ops_.size(); ++i) {
      if (placed >> i & 1) continue;
      const Op& op = ops_[i];
      bool ready = true;  // every op that completed before this one's invoke is placed
      for (std::size_t j = 0; j < ops_.size(); ++j)
        if (!(placed >> j & 1) && ops_[j].complete < op.invoke) ready = false;
      if (!ready) continue;
      Value next = state;
      switch (op.kind) {
        case Kind::kRead:
          if (!(state == op.a)) continue;
          break;
        case Kind::kFailedCas:
          if (state == op.a) continue;
          break;
        case Kind::kWrite: next = op.a; break;
        case Kind::kCas:
          if (!(state == op.a)) continue;
          next = op.b;
          break;
      }
      if (dfs(placed | (1U << i), next)) return true;
    }
    return false;
  }

  std::vector<Op> ops_;
  std::set<std::pair<std::uint32_t, std::string>> seen_;
};

inline bool brute_force_linearizable(const std::vector<Operation>& ops) { return BruteForce(ops).linearizable(); }

}  // namespace cachesim::testing
