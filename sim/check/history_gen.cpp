#include "sim/check/history_gen.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

#include "sim/core/check.hpp"

namespace cachesim {
namespace {

// One simulated operation. Values are integers, 0 meaning null (absent).
struct GenOp {
  std::int64_t process = 0;
  int key = 0;
  OpFunction f = OpFunction::kRead;
  Time invoke = 0, complete = 0;
  bool timed_out = false;
  bool effect = false;  // takes effect at `lin`
  Time lin = 0;
  std::int64_t value = 0;     // write: value; cas: new value; read: value read
  std::int64_t expected = 0;  // cas
  bool cas_ok = false;
};

Value render(std::int64_t v, bool strings) {
  if (v == 0) return Value::null();
  return strings ? Value::string("v" + std::to_string(v)) : Value::integer(v);
}

OpFunction pick_function(Rng& rng, const RegisterWorkload& w) {
  const std::uint64_t total = std::uint64_t{w.reads} + w.writes + w.cases + w.deletes;
  CACHESIM_CHECK(total > 0, "RegisterWorkload: the operation mix is empty");
  std::uint64_t r = rng.below(total);
  if (r < w.reads) return OpFunction::kRead;
  r -= w.reads;
  if (r < w.writes) return OpFunction::kWrite;
  r -= w.writes;
  if (r < w.cases) return OpFunction::kCas;
  return OpFunction::kDelete;
}

// Replaces one read's result to make the history certainly non-linearizable
// (see the header). Returns the index of the mutated op, or -1.
std::ptrdiff_t inject(std::vector<GenOp>& ops, Violation v, std::int64_t fresh) {
  std::vector<std::size_t> key0;
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (ops[i].key == 0) key0.push_back(i);
  if (key0.empty()) return -1;
  std::sort(key0.begin(), key0.end(), [&](std::size_t a, std::size_t b) { return ops[a].invoke < ops[b].invoke; });
  const Time middle = ops[key0[key0.size() / 2]].invoke;
  auto is_ok_write = [&](const GenOp& o) { return o.f == OpFunction::kWrite && !o.timed_out; };
  for (std::size_t r : key0) {
    GenOp& read = ops[r];
    if (read.f != OpFunction::kRead || read.timed_out || read.invoke < middle) continue;
    if (v == Violation::kPhantomRead) {
      read.value = fresh;
      return static_cast<std::ptrdiff_t>(r);
    }
    // The latest write completed before the read, and the latest completed before that one.
    const GenOp* w2 = nullptr;
    for (std::size_t i : key0)
      if (is_ok_write(ops[i]) && ops[i].complete < read.invoke && (!w2 || ops[i].complete > w2->complete)) w2 = &ops[i];
    if (!w2) continue;
    const GenOp* w1 = nullptr;
    for (std::size_t i : key0)
      if (is_ok_write(ops[i]) && ops[i].complete < w2->invoke && (!w1 || ops[i].complete > w1->complete)) w1 = &ops[i];
    if (!w1 || w1->value == read.value) continue;
    read.value = w1->value;
    return static_cast<std::ptrdiff_t>(r);
  }
  return -1;
}

}  // namespace

GeneratedHistory generate_register_history(const RegisterWorkload& w) {
  CACHESIM_CHECK(w.clients > 0 && w.keys > 0, "RegisterWorkload: needs clients and keys");
  CACHESIM_CHECK(w.min_latency >= 2 && w.max_latency >= w.min_latency, "RegisterWorkload: bad latency range");
  Rng rng = Rng::stream(w.seed, "history_gen.register");

  // 1. Intervals, per client, in time order.
  std::vector<GenOp> ops;
  ops.reserve(w.ops);
  std::vector<Time> cursor(static_cast<std::size_t>(w.clients));
  std::vector<std::int64_t> process(static_cast<std::size_t>(w.clients));
  for (int c = 0; c < w.clients; ++c) {
    cursor[c] = rng.uniform(0, w.max_think);
    process[c] = c;
  }
  std::int64_t next_process = w.clients;
  std::vector<std::int64_t> counter(static_cast<std::size_t>(w.keys), 0);  // last value given out, per key
  while (ops.size() < w.ops) {
    const auto c = static_cast<std::size_t>(std::min_element(cursor.begin(), cursor.end()) - cursor.begin());
    GenOp op;
    op.process = process[c];
    op.key = static_cast<int>(rng.below(static_cast<std::uint64_t>(w.keys)));
    op.f = pick_function(rng, w);
    op.invoke = cursor[c];
    op.complete = op.invoke + rng.uniform(w.min_latency, w.max_latency);
    op.timed_out = (!w.only_writes_time_out || op.f == OpFunction::kWrite) && rng.chance(w.timeout);
    if (!op.timed_out) {
      op.effect = true;
      op.lin = rng.uniform(op.invoke + 1, op.complete - 1);
    } else {
      op.effect = rng.chance(Probability::from_fraction(0.5));
      op.lin = rng.uniform(op.invoke + 1, op.invoke + 4 * w.max_latency);
      process[c] = next_process++;
    }
    if (op.f == OpFunction::kWrite || op.f == OpFunction::kCas) op.value = ++counter[op.key];
    cursor[c] = op.complete + rng.uniform(0, w.max_think);
    ops.push_back(op);
  }

  // 2. A correct register: apply effects in linearization order.
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < ops.size(); ++i)
    if (ops[i].effect) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ops[a].lin < ops[b].lin; });
  std::vector<std::int64_t> state(static_cast<std::size_t>(w.keys), 0);
  std::vector<std::int64_t> previous(static_cast<std::size_t>(w.keys), 0);  // the state before the current one
  for (std::size_t i : order) {
    GenOp& op = ops[i];
    std::int64_t& s = state[op.key];
    const std::int64_t before = s;
    switch (op.f) {
      case OpFunction::kRead: op.value = s; break;
      case OpFunction::kWrite: s = op.value; break;
      case OpFunction::kDelete: s = 0; break;
      case OpFunction::kCas:
        op.expected = rng.chance(Probability::from_fraction(0.5)) ? s : previous[op.key];
        op.cas_ok = op.expected == s;
        if (op.cas_ok) s = op.value;
        break;
      case OpFunction::kTxn: break;
    }
    if (s != before) previous[op.key] = before;
  }
  for (GenOp& op : ops)
    if (op.f == OpFunction::kCas && !op.effect)
      op.expected = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(counter[op.key]) + 1));

  GeneratedHistory out;
  std::ptrdiff_t mutated = -1;
  if (w.violation != Violation::kNone) {
    mutated = inject(ops, w.violation, counter[0] + 1000);
    if (mutated >= 0) {
      out.injected = w.violation;
      out.key = "k0";
    }
  }

  // 3. Events in time order; an operation's effect lies strictly inside its
  // interval, so any order of events at equal times is consistent.
  struct Ev {
    Time t;
    std::size_t op;
    bool completion;
  };
  std::vector<Ev> evs;
  evs.reserve(ops.size() * 2);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    evs.push_back({ops[i].invoke, i, false});
    evs.push_back({ops[i].complete, i, true});
  }
  std::stable_sort(evs.begin(), evs.end(), [](const Ev& a, const Ev& b) { return a.t < b.t; });
  History& h = out.history;
  h.source = "<generated seed " + std::to_string(w.seed) + ">";
  h.events.reserve(evs.size());
  for (const Ev& ev : evs) {
    const GenOp& op = ops[ev.op];
    Event e;
    e.process = op.process;
    e.f = op.f;
    e.key = "k" + std::to_string(op.key);
    if (w.with_time) e.time = ev.t;
    if (op.f == OpFunction::kCas) {
      e.value = Value::list({render(op.expected, w.string_values), render(op.value, w.string_values)});
    } else if (op.f == OpFunction::kWrite || (op.f == OpFunction::kRead && ev.completion && !op.timed_out)) {
      e.value = render(op.value, w.string_values);
    }
    if (!ev.completion) e.type = EventType::kInvoke;
    else if (op.timed_out) e.type = EventType::kInfo;
    else if (op.f == OpFunction::kCas && !op.cas_ok) e.type = EventType::kFail;
    else e.type = EventType::kOk;
    if (ev.completion && static_cast<std::ptrdiff_t>(ev.op) == mutated) out.line = h.events.size() + 1;
    h.events.push_back(std::move(e));
  }
  return out;
}

History generate_fuzz_history(const FuzzWorkload& w) {
  Rng rng = Rng::stream(w.seed, "history_gen.fuzz");
  History h;
  h.source = "<fuzz seed " + std::to_string(w.seed) + ">";
  struct Busy {
    bool busy = false;
    std::int64_t process = 0;
    Event invoke;
  };
  std::vector<Busy> procs(static_cast<std::size_t>(w.processes));
  for (int p = 0; p < w.processes; ++p) procs[p].process = p;
  std::int64_t next_process = w.processes;
  auto value = [&]() { return Value::integer(1 + static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(w.values)))); };
  auto maybe_null = [&]() { return rng.below(static_cast<std::uint64_t>(w.values) + 1) == 0 ? Value::null() : value(); };
  int invoked = 0;
  Time t = 0;
  auto complete = [&](Busy& b) {
    Event e = b.invoke;
    e.time = t;
    const bool info = rng.chance(w.info);
    if (info) {
      e.type = EventType::kInfo;
      if (e.f == OpFunction::kRead) e.value = Value::null();
      b.process = next_process++;
    } else if (e.f == OpFunction::kRead) {
      e.type = rng.below(10) == 0 ? EventType::kFail : EventType::kOk;
      e.value = e.type == EventType::kOk ? maybe_null() : Value::null();
    } else if (e.f == OpFunction::kCas) {
      const std::uint64_t r = rng.below(8);
      e.type = r < 4 ? EventType::kOk : EventType::kFail;
      if (r == 7) e.error = "rejected";
    } else {
      e.type = rng.below(10) == 0 ? EventType::kFail : EventType::kOk;
    }
    h.events.push_back(e);
    b.busy = false;
  };
  for (;;) {
    bool any_busy = false;
    for (const Busy& b : procs) any_busy |= b.busy;
    if (invoked >= w.ops && !any_busy) break;
    t += 10;
    Busy& b = procs[rng.below(procs.size())];
    if (b.busy) {
      complete(b);
      continue;
    }
    if (invoked >= w.ops) {
      // Leave some operations pending at the end: they count as info.
      for (Busy& x : procs)
        if (x.busy && rng.chance(w.info)) x.busy = false;
      continue;
    }
    Event e;
    e.process = b.process;
    e.type = EventType::kInvoke;
    e.key = "x";
    e.time = t;
    std::uint64_t kinds = 2 + (w.cas ? 1 : 0) + (w.deletes ? 1 : 0);
    std::uint64_t k = rng.below(kinds);
    if (k == 0) e.f = OpFunction::kRead;
    else if (k == 1) { e.f = OpFunction::kWrite; e.value = value(); }
    else if (k == 2 && w.cas) { e.f = OpFunction::kCas; e.value = Value::list({maybe_null(), value()}); }
    else e.f = OpFunction::kDelete;
    h.events.push_back(e);
    b.invoke = e;
    b.busy = true;
    ++invoked;
  }
  return h;
}

}  // namespace cachesim
