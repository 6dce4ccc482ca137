// Terse construction of small histories for tests, one event per call, in
// real-time order:
//   HistoryBuilder b;
//   b.invoke(1, "write", 5).ok(1);
//   b.invoke(2, "read").ok(2, 5);
// Completions repeat the f and key of the process's pending invoke.
#pragma once

#include <map>
#include <string>
#include <utility>

#include "sim/check/history.hpp"

namespace cachesim::testing {

inline Value I(std::int64_t v) { return Value::integer(v); }
inline Value S(std::string v) { return Value::string(std::move(v)); }
inline Value Null() { return Value::null(); }
inline Value Cas(Value expected, Value next) { return Value::list({std::move(expected), std::move(next)}); }

class HistoryBuilder {
 public:
  explicit HistoryBuilder(std::string key = "x") : key_(std::move(key)) {}

  HistoryBuilder& key(std::string k) {
    key_ = std::move(k);
    return *this;
  }
  HistoryBuilder& invoke(std::int64_t p, const std::string& f, Value v = Value::null()) {
    Event e;
    e.process = p;
    e.type = EventType::kInvoke;
    e.f = function(f);
    e.key = e.f == OpFunction::kTxn ? "" : key_;
    e.value = std::move(v);
    last_[p] = e;
    return push(std::move(e));
  }
  HistoryBuilder& invoke(std::int64_t p, const std::string& f, std::int64_t v) { return invoke(p, f, I(v)); }
  HistoryBuilder& cas(std::int64_t p, Value expected, Value next) {
    return invoke(p, "cas", Cas(std::move(expected), std::move(next)));
  }
  HistoryBuilder& cas(std::int64_t p, std::int64_t expected, std::int64_t next) { return cas(p, I(expected), I(next)); }
  HistoryBuilder& ok(std::int64_t p) { return complete(p, EventType::kOk, std::nullopt); }
  HistoryBuilder& ok(std::int64_t p, Value read) { return complete(p, EventType::kOk, std::move(read)); }
  HistoryBuilder& ok(std::int64_t p, std::int64_t read) { return ok(p, I(read)); }
  HistoryBuilder& fail(std::int64_t p) { return complete(p, EventType::kFail, std::nullopt); }
  HistoryBuilder& rejected(std::int64_t p) {
    complete(p, EventType::kFail, std::nullopt);
    h_.events.back().error = "rejected";
    return *this;
  }
  HistoryBuilder& info(std::int64_t p) { return complete(p, EventType::kInfo, std::nullopt); }

  const History& history() const { return h_; }
  operator const History&() const { return h_; }  // NOLINT: terse tests

 private:
  static OpFunction function(const std::string& f) {
    if (f == "read") return OpFunction::kRead;
    if (f == "write") return OpFunction::kWrite;
    if (f == "delete") return OpFunction::kDelete;
    if (f == "cas") return OpFunction::kCas;
    return OpFunction::kTxn;
  }
  HistoryBuilder& complete(std::int64_t p, EventType t, std::optional<Value> read) {
    Event e = last_.at(p);
    e.type = t;
    if (e.f == OpFunction::kRead) e.value = read ? *read : Value::null();
    return push(std::move(e));
  }
  HistoryBuilder& push(Event e) {
    e.time = static_cast<Time>(h_.events.size()) * 10;
    e.line = h_.events.size() + 1;
    h_.events.push_back(std::move(e));
    return *this;
  }

  std::string key_;
  History h_;
  std::map<std::int64_t, Event> last_;
};

}  // namespace cachesim::testing
