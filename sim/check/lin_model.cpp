#include "sim/check/lin_model.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <unordered_map>
#include <utility>

#include "sim/core/check.hpp"

namespace cachesim::lin {

std::size_t KeyHistory::observations() const {
  std::size_t n = 0;
  for (const KeyOp& op : ops)
    if (op.kind == OpKind::kRead || op.kind == OpKind::kFailedCas || op.kind == OpKind::kCas) ++n;
  return n;
}

namespace {

// Interns values per key. Looked up only; ids are given in order of first
// appearance, so they are the same run to run.
class ValueTable {
 public:
  explicit ValueTable(std::vector<Value>& values) : values_(values) { values_.push_back(Value::null()); }
  ValueId id(const Value& v) {
    switch (v.kind()) {
      case Value::Kind::kNull: return kAbsent;
      case Value::Kind::kInt: return intern(ints_, v.as_int(), v);
      case Value::Kind::kString: return intern(strings_, v.as_string(), v);
      case Value::Kind::kList: return intern(strings_, "\x01" + v.to_json(), v);  // never a plain string
    }
    return kAbsent;
  }

 private:
  template <typename Map, typename K>
  ValueId intern(Map& map, const K& k, const Value& v) {
    auto [it, fresh] = map.emplace(k, static_cast<ValueId>(values_.size()));
    if (fresh) {
      CACHESIM_CHECK(values_.size() < kUnobserved - 1, "too many distinct values on one key");
      values_.push_back(v);
    }
    return it->second;
  }

  std::vector<Value>& values_;
  std::unordered_map<std::int64_t, ValueId> ints_;  // determinism-ok: looked up, never iterated
  std::unordered_map<std::string, ValueId> strings_;  // determinism-ok: looked up, never iterated
};

struct Placed {
  KeyOp op;
  std::size_t invoke_pos;  // global event index
  std::size_t ret_pos;     // global event index; SIZE_MAX for info
};

// Builds events in real-time order from ops that know their global positions.
void build_events(KeyHistory& h, std::vector<Placed>& placed) {
  std::vector<std::pair<std::size_t, std::uint32_t>> order;  // (position, op<<1|ret)
  order.reserve(placed.size() * 2);
  for (std::size_t i = 0; i < placed.size(); ++i) {
    order.emplace_back(placed[i].invoke_pos, static_cast<std::uint32_t>(i << 1));
    if (placed[i].ret_pos != SIZE_MAX) order.emplace_back(placed[i].ret_pos, static_cast<std::uint32_t>(i << 1 | 1));
  }
  std::sort(order.begin(), order.end());
  h.ops.resize(placed.size());
  h.events.resize(order.size());
  for (std::size_t e = 0; e < order.size(); ++e) {
    const std::uint32_t code = order[e].second;
    h.events[e] = code;
    KeyOp& op = h.ops[code >> 1];
    op = placed[code >> 1].op;
    if (code & 1) op.ret = static_cast<std::uint32_t>(e);
  }
  for (std::size_t e = 0; e < order.size(); ++e)
    if (!(h.events[e] & 1)) h.ops[h.events[e] >> 1].invoke = static_cast<std::uint32_t>(e);
  for (std::size_t i = 0; i < placed.size(); ++i)
    if (placed[i].ret_pos == SIZE_MAX) h.ops[i].ret = kNever;
}

}  // namespace

std::vector<KeyHistory> split_by_key(const std::vector<Operation>& ops) {
  struct Pending {
    KeyHistory h;
    std::vector<Placed> placed;
    ValueTable table;
    explicit Pending(std::string key) : table(h.values) { h.key = std::move(key); }
  };
  std::map<std::string, std::unique_ptr<Pending>> by_key;
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Operation& o = ops[i];
    if (o.f == OpFunction::kTxn) continue;
    auto& slot = by_key[o.key];
    if (!slot) slot = std::make_unique<Pending>(o.key);
    Pending& p = *slot;
    const bool info = !o.completed || o.outcome == Outcome::kInfo;
    Placed pl;
    pl.op.source = static_cast<std::uint32_t>(i);
    pl.invoke_pos = o.invoke_event;
    pl.ret_pos = info ? SIZE_MAX : o.complete_event;
    bool keep = true;
    switch (o.f) {
      case OpFunction::kRead:
        keep = !info && o.outcome == Outcome::kOk;
        if (keep) {
          pl.op.kind = OpKind::kRead;
          pl.op.a = p.table.id(o.value);
        }
        break;
      case OpFunction::kWrite:
      case OpFunction::kDelete:
        keep = info || o.outcome == Outcome::kOk;
        if (keep) {
          pl.op.kind = info ? OpKind::kInfoWrite : OpKind::kWrite;
          pl.op.a = o.f == OpFunction::kDelete ? kAbsent : p.table.id(o.value);
        }
        break;
      case OpFunction::kCas: {
        const bool failed = !info && o.outcome == Outcome::kFail;
        keep = !(failed && o.error);
        if (keep) {
          pl.op.kind = info ? OpKind::kInfoCas : failed ? OpKind::kFailedCas : OpKind::kCas;
          pl.op.a = p.table.id(o.value.as_list()[0]);
          pl.op.b = failed ? 0 : p.table.id(o.value.as_list()[1]);
        }
        break;
      }
      case OpFunction::kTxn: break;
    }
    if (keep) p.placed.push_back(pl);
    else ++p.h.dropped;
  }
  std::vector<KeyHistory> out;
  out.reserve(by_key.size());
  for (auto& [key, p] : by_key) {
    CACHESIM_CHECK(p->placed.size() < (std::size_t{1} << 30), "too many operations on one key");
    build_events(p->h, p->placed);
    out.push_back(std::move(p->h));
  }
  return out;
}

KeyHistory weaken(const KeyHistory& h, const std::vector<bool>& strict, std::uint32_t last_event) {
  KeyHistory w;
  w.key = h.key;
  w.values = h.values;
  w.dropped = h.dropped;
  std::vector<Placed> placed;
  placed.reserve(h.ops.size());
  for (std::size_t i = 0; i < h.ops.size(); ++i) {
    const KeyOp& op = h.ops[i];
    if (op.invoke > last_event) continue;
    Placed pl{op, op.invoke, op.ret == kNever ? SIZE_MAX : op.ret};
    const bool completed = op.ret != kNever && op.ret <= last_event;
    if (completed && !strict[i]) {
      if (is_observer(op.kind)) continue;
      // A cas loses its precondition too: as an info cas it would be a chain
      // link (its expected value keeps earlier values alive), as an info
      // write it is not.
      if (op.kind == OpKind::kCas) pl.op.a = op.b;
      pl.op.b = 0;
      pl.op.kind = OpKind::kInfoWrite;
      pl.ret_pos = SIZE_MAX;
    } else if (!completed && op.ret != kNever) {  // pending at the cut: info, as it was then
      if (is_observer(op.kind)) continue;
      pl.op.kind = op.kind == OpKind::kWrite ? OpKind::kInfoWrite : OpKind::kInfoCas;
      pl.ret_pos = SIZE_MAX;
    }
    placed.push_back(pl);
  }
  build_events(w, placed);
  return w;
}

}  // namespace cachesim::lin
