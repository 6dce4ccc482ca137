#include "sim/check/history.hpp"

#include <ostream>
#include <unordered_map>
#include <utility>

#include "sim/core/input_error.hpp"

namespace cachesim {

// ---------------------------------------------------------------- Value

Value::Value(const Value& other) : int_(0) {
  switch (other.kind_) {
    case Kind::kNull: break;
    case Kind::kInt: int_ = other.int_; break;
    case Kind::kString: str_ = new std::string(*other.str_); break;
    case Kind::kList: list_ = new std::vector<Value>(*other.list_); break;
  }
  kind_ = other.kind_;
}

Value& Value::operator=(const Value& other) {
  if (this != &other) *this = Value(other);
  return *this;
}

Value& Value::operator=(Value&& other) noexcept {
  if (this != &other) {
    release();
    take(other);
  }
  return *this;
}

void Value::take(Value& other) noexcept {
  switch (other.kind_) {
    case Kind::kNull: break;
    case Kind::kInt: int_ = other.int_; break;
    case Kind::kString: str_ = other.str_; break;
    case Kind::kList: list_ = other.list_; break;
  }
  kind_ = other.kind_;
  other.kind_ = Kind::kNull;
}

void Value::release() noexcept {
  if (kind_ == Kind::kString) delete str_;
  else if (kind_ == Kind::kList) delete list_;
  kind_ = Kind::kNull;
}

const std::string& Value::as_string() const {
  static const std::string kEmpty;
  return kind_ == Kind::kString ? *str_ : kEmpty;
}

const std::vector<Value>& Value::as_list() const {
  static const std::vector<Value> kEmpty;
  return kind_ == Kind::kList ? *list_ : kEmpty;
}

Value Value::integer(std::int64_t v) {
  Value x;
  x.kind_ = Kind::kInt;
  x.int_ = v;
  return x;
}

Value Value::string(std::string v) {
  Value x;
  x.str_ = new std::string(std::move(v));
  x.kind_ = Kind::kString;
  return x;
}

Value Value::list(std::vector<Value> v) {
  Value x;
  x.list_ = new std::vector<Value>(std::move(v));
  x.kind_ = Kind::kList;
  return x;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kInt: return a.int_ == b.int_;
    case Value::Kind::kString: return *a.str_ == *b.str_;
    case Value::Kind::kList: return *a.list_ == *b.list_;
  }
  return false;
}

void Value::append_json(std::string& out) const {
  switch (kind_) {
    case Kind::kNull: out += "null"; break;
    case Kind::kInt: out += std::to_string(int_); break;
    case Kind::kString: append_json_string(out, *str_); break;
    case Kind::kList:
      out.push_back('[');
      for (std::size_t i = 0; i < list_->size(); ++i) {
        if (i) out.push_back(',');
        (*list_)[i].append_json(out);
      }
      out.push_back(']');
      break;
  }
}

std::string Value::to_json() const {
  std::string s;
  append_json(s);
  return s;
}

std::string_view to_string(EventType t) {
  switch (t) {
    case EventType::kInvoke: return "invoke";
    case EventType::kOk: return "ok";
    case EventType::kFail: return "fail";
    case EventType::kInfo: return "info";
  }
  return "?";
}

std::string_view to_string(OpFunction f) {
  switch (f) {
    case OpFunction::kRead: return "read";
    case OpFunction::kWrite: return "write";
    case OpFunction::kDelete: return "delete";
    case OpFunction::kCas: return "cas";
    case OpFunction::kTxn: return "txn";
  }
  return "?";
}

// ---------------------------------------------------------------- writer

void append_json(std::string& out, const MicroOp& m) {
  out.push_back('[');
  append_json_string(out, m.f);
  out.push_back(',');
  append_json_string(out, m.key);
  out.push_back(',');
  m.value.append_json(out);
  out.push_back(']');
}

std::string micro_op_json(const MicroOp& m) {
  std::string out;
  append_json(out, m);
  return out;
}

void append_event_json(std::string& out, const Event& e) {
  out += "{\"process\":";
  out += std::to_string(e.process);
  out += ",\"type\":\"";
  out += to_string(e.type);
  out += "\",\"f\":\"";
  out += to_string(e.f);
  out += '"';
  if (e.f == OpFunction::kTxn) {
    out += ",\"value\":[";
    for (std::size_t i = 0; i < e.txn.size(); ++i) {
      if (i) out.push_back(',');
      append_json(out, e.txn[i]);
    }
    out.push_back(']');
  } else {
    out += ",\"key\":";
    append_json_string(out, e.key);
    out += ",\"value\":";
    e.value.append_json(out);
  }
  if (e.time) {
    out += ",\"time\":";
    out += std::to_string(*e.time);
  }
  if (e.error) {
    out += ",\"error\":";
    append_json_string(out, *e.error);
  }
  out += "}\n";
}

std::string event_to_json_line(const Event& e) {
  std::string s;
  append_event_json(s, e);
  return s;
}

std::string history_text(const History& history) {
  std::string s;
  for (const Event& e : history.events) append_event_json(s, e);
  return s;
}

void write_history(std::ostream& out, const History& history) {
  std::string buf;
  for (const Event& e : history.events) {
    append_event_json(buf, e);
    if (buf.size() > (1u << 16)) {
      out << buf;
      buf.clear();
    }
  }
  out << buf;
}

// ---------------------------------------------------------------- pairing

namespace {

// A txn's completion repeats its invoke's micro-ops, reads filled in: the
// same count, and each with the same f and key, and (but for a read) the same
// value. A completion that says it did something else is not this txn's.
void check_same_micro_ops(const Event& invoke, const Event& e, const std::string& where,
                          std::uint64_t invoke_line) {
  if (e.txn.empty() && e.type != EventType::kOk) return;  // fail and info may leave the value out
  const std::string invoke_at = " as in the invoke on line " + std::to_string(invoke_line);
  if (e.txn.size() != invoke.txn.size())
    throw InputError(where + "expected " + std::to_string(invoke.txn.size()) + " micro-ops" + invoke_at + ", found " +
                     std::to_string(e.txn.size()));
  for (std::size_t k = 0; k < e.txn.size(); ++k) {
    const MicroOp& a = invoke.txn[k];
    const MicroOp& b = e.txn[k];
    if (a.f != b.f || a.key != b.key || (a.f != "r" && !(a.value == b.value)))
      throw InputError(where + "expected micro-op " + std::to_string(k + 1) + " to be " +
                       (a.f == "r" ? "a read of " + json_quoted(a.key) : micro_op_json(a)) + invoke_at +
                       ", found " + micro_op_json(b));
  }
}

void take_payload(Operation& op, Event& invoke) {
  op.key = std::move(invoke.key);
  op.value = std::move(invoke.value);
  op.txn = std::move(invoke.txn);
}

// Pairs every completion with its process's pending invoke, and refuses what
// cannot be paired. With `out`, also builds the operations; without, it only
// validates (parse_history), copying no payload. With `steal` (the same
// history, given up by its owner), payloads are moved out of the events
// instead of copied: an invoke's once its completion has been checked
// against it (or at the end, for an operation never completed).
void pair_events(const History& history, std::vector<Operation>* out, History* steal) {
  struct Pending {
    std::size_t invoke_event;
    std::size_t op;  // index into *out (when building)
  };
  // process -> its pending invoke. Only looked up, never iterated, so its
  // order cannot leak into the result.
  std::unordered_map<std::int64_t, Pending> pending;  // determinism-ok: looked up, never iterated
  if (out) out->reserve(history.events.size() / 2 + 1);  // an invoke and a completion each, mostly
  auto line_of = [](const Event& e, std::size_t i) { return e.line ? e.line : i + 1; };
  auto where = [&](const Event& e, std::size_t i) { return history.source + ":" + std::to_string(line_of(e, i)) + ": "; };
  for (std::size_t i = 0; i < history.events.size(); ++i) {
    const Event& e = history.events[i];
    auto it = pending.find(e.process);
    if (e.type == EventType::kInvoke) {
      if (it != pending.end()) {
        const std::size_t j = it->second.invoke_event;
        throw InputError(where(e, i) + "expected process " + std::to_string(e.process) +
                         " to have no pending operation (its invoke on line " +
                         std::to_string(line_of(history.events[j], j)) + " has not completed), found another invoke");
      }
      pending.emplace(e.process, Pending{i, out ? out->size() : 0});
      if (!out) continue;
      Operation op;
      op.process = e.process;
      op.f = e.f;
      if (!steal) {
        op.key = e.key;
        op.value = e.value;
        op.txn = e.txn;
      }
      op.invoke_event = i;
      op.invoke_time = e.time;
      op.invoke_line = line_of(e, i);
      out->push_back(std::move(op));
      continue;
    }
    if (it == pending.end())
      throw InputError(where(e, i) + "expected an invoke pending for process " + std::to_string(e.process) +
                       " before this " + std::string(to_string(e.type)) + ", found none");
    const Pending p = it->second;
    pending.erase(it);
    const Event& invoke = history.events[p.invoke_event];
    const std::uint64_t invoke_line = line_of(invoke, p.invoke_event);
    if (e.f != invoke.f)
      throw InputError(where(e, i) + "expected \"f\" to be \"" + std::string(to_string(invoke.f)) +
                       "\" as in the invoke on line " + std::to_string(invoke_line) + ", found \"" +
                       std::string(to_string(e.f)) + "\"");
    if (e.f != OpFunction::kTxn && e.key != invoke.key)
      throw InputError(where(e, i) + "expected \"key\" to be " + json_quoted(invoke.key) +
                       " as in the invoke on line " + std::to_string(invoke_line) + ", found " + json_quoted(e.key));
    if (e.f == OpFunction::kTxn) check_same_micro_ops(invoke, e, where(e, i), invoke_line);
    if (!out) continue;
    Operation& op = (*out)[p.op];
    op.completed = true;
    op.complete_event = i;
    op.complete_time = e.time;
    op.complete_line = line_of(e, i);
    op.error = e.error;
    op.outcome = e.type == EventType::kOk ? Outcome::kOk : e.type == EventType::kFail ? Outcome::kFail : Outcome::kInfo;
    Event* m = steal ? &steal->events[i] : nullptr;
    if (steal) take_payload(op, steal->events[p.invoke_event]);
    if (op.f == OpFunction::kRead) op.value = op.outcome != Outcome::kOk ? Value::null() : m ? std::move(m->value) : e.value;
    if (op.f == OpFunction::kTxn && op.outcome == Outcome::kOk) op.txn = m ? std::move(m->txn) : e.txn;
  }
  if (steal && out)
    for (Operation& op : *out)
      if (!op.completed) take_payload(op, steal->events[op.invoke_event]);
}

}  // namespace

std::vector<Operation> pair_operations(const History& history) {
  std::vector<Operation> ops;
  pair_events(history, &ops, nullptr);
  return ops;
}

std::vector<Operation> pair_operations(History&& history) {
  std::vector<Operation> ops;
  pair_events(history, &ops, &history);
  return ops;
}

void validate_pairing(const History& history) { pair_events(history, nullptr, nullptr); }

}  // namespace cachesim
