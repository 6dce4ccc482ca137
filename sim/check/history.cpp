#include "sim/check/history.hpp"

#include <ostream>
#include <unordered_map>
#include <utility>

#include "sim/core/input_error.hpp"

namespace cachesim {

// ---------------------------------------------------------------- Value

Value Value::integer(std::int64_t v) {
  Value x;
  x.kind_ = Kind::kInt;
  x.int_ = v;
  return x;
}

Value Value::string(std::string v) {
  Value x;
  x.kind_ = Kind::kString;
  x.str_ = std::move(v);
  return x;
}

Value Value::list(std::vector<Value> v) {
  Value x;
  x.kind_ = Kind::kList;
  x.list_ = std::move(v);
  return x;
}

bool operator==(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  switch (a.kind_) {
    case Value::Kind::kNull: return true;
    case Value::Kind::kInt: return a.int_ == b.int_;
    case Value::Kind::kString: return a.str_ == b.str_;
    case Value::Kind::kList: return a.list_ == b.list_;
  }
  return false;
}

void Value::append_json(std::string& out) const {
  switch (kind_) {
    case Kind::kNull: out += "null"; break;
    case Kind::kInt: out += std::to_string(int_); break;
    case Kind::kString: append_json_string(out, str_); break;
    case Kind::kList:
      out.push_back('[');
      for (std::size_t i = 0; i < list_.size(); ++i) {
        if (i) out.push_back(',');
        list_[i].append_json(out);
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
      out.push_back('[');
      append_json_string(out, e.txn[i].f);
      out.push_back(',');
      append_json_string(out, e.txn[i].key);
      out.push_back(',');
      e.txn[i].value.append_json(out);
      out.push_back(']');
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

std::vector<Operation> pair_operations(const History& history) {
  std::vector<Operation> ops;
  // process -> index into ops of its pending operation. Only looked up, never
  // iterated, so its order cannot leak into the result.
  std::unordered_map<std::int64_t, std::size_t> pending;  // determinism-ok: looked up, never iterated
  ops.reserve(history.events.size() / 2 + 1);  // an invoke and a completion each, mostly
  auto where = [&](const Event& e, std::size_t i) {
    return history.source + ":" + std::to_string(e.line ? e.line : i + 1) + ": ";
  };
  auto line_of = [](const Event& e, std::size_t i) { return e.line ? e.line : i + 1; };
  for (std::size_t i = 0; i < history.events.size(); ++i) {
    const Event& e = history.events[i];
    auto it = pending.find(e.process);
    if (e.type == EventType::kInvoke) {
      if (it != pending.end()) {
        const Operation& p = ops[it->second];
        throw InputError(where(e, i) + "expected process " + std::to_string(e.process) +
                         " to have no pending operation (its invoke on line " + std::to_string(p.invoke_line) +
                         " has not completed), found another invoke");
      }
      Operation op;
      op.process = e.process;
      op.f = e.f;
      op.key = e.key;
      op.value = e.value;
      op.txn = e.txn;
      op.invoke_event = i;
      op.invoke_time = e.time;
      op.invoke_line = line_of(e, i);
      pending.emplace(e.process, ops.size());
      ops.push_back(std::move(op));
      continue;
    }
    if (it == pending.end())
      throw InputError(where(e, i) + "expected an invoke pending for process " + std::to_string(e.process) +
                       " before this " + std::string(to_string(e.type)) + ", found none");
    Operation& op = ops[it->second];
    pending.erase(it);
    if (e.f != op.f)
      throw InputError(where(e, i) + "expected \"f\" to be \"" + std::string(to_string(op.f)) +
                       "\" as in the invoke on line " + std::to_string(op.invoke_line) + ", found \"" +
                       std::string(to_string(e.f)) + "\"");
    if (e.f != OpFunction::kTxn && e.key != op.key) {
      std::string found;
      append_json_string(found, e.key);
      std::string expected;
      append_json_string(expected, op.key);
      throw InputError(where(e, i) + "expected \"key\" to be " + expected + " as in the invoke on line " +
                       std::to_string(op.invoke_line) + ", found " + found);
    }
    op.completed = true;
    op.complete_event = i;
    op.complete_time = e.time;
    op.complete_line = line_of(e, i);
    op.error = e.error;
    op.outcome = e.type == EventType::kOk ? Outcome::kOk : e.type == EventType::kFail ? Outcome::kFail : Outcome::kInfo;
    if (op.f == OpFunction::kRead) op.value = op.outcome == Outcome::kOk ? e.value : Value::null();
    if (op.f == OpFunction::kTxn && op.outcome == Outcome::kOk) op.txn = e.txn;
  }
  return ops;
}

}  // namespace cachesim
