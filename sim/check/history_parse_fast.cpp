// The fast path of the history line parser (history_parse.hpp): a scanner for
// the shape the writer produces, several times faster than building a JSON
// document per line. Whatever it is not sure about it leaves to the checked
// path, which also writes the error messages.
#include <cstdint>

#include "sim/check/history_parse.hpp"

namespace cachesim::detail {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}

  bool eat(char c) {
    ws();
    if (p_ < s_.size() && s_[p_] == c) {
      ++p_;
      return true;
    }
    return false;
  }

  bool at_end() {
    ws();
    return p_ == s_.size();
  }

  // A string of printable ASCII without escapes (anything else: checked path).
  bool str(std::string_view& out) {
    if (!eat('"')) return false;
    const std::size_t start = p_;
    for (; p_ < s_.size(); ++p_) {
      const auto c = static_cast<unsigned char>(s_[p_]);
      if (c == '"') {
        out = s_.substr(start, p_ - start);
        ++p_;
        return true;
      }
      if (c == '\\' || c < 0x20 || c >= 0x7f) return false;
    }
    return false;
  }

  // An integer of at most 18 digits (so it cannot overflow), not a float.
  bool integer(std::int64_t& out) {
    ws();
    const bool negative = p_ < s_.size() && s_[p_] == '-';
    if (negative) ++p_;
    const std::size_t start = p_;
    std::int64_t v = 0;
    while (p_ < s_.size() && s_[p_] >= '0' && s_[p_] <= '9') {
      // Accumulate only while it cannot overflow; longer numbers are refused below.
      if (p_ - start < 18) v = v * 10 + (s_[p_] - '0');
      ++p_;
    }
    const std::size_t digits = p_ - start;
    if (digits == 0 || digits > 18 || (s_[start] == '0' && digits > 1)) return false;
    if (p_ < s_.size() && (s_[p_] == '.' || s_[p_] == 'e' || s_[p_] == 'E')) return false;
    out = negative ? -v : v;
    return true;
  }

  bool scalar(Value& out) {
    ws();
    if (p_ >= s_.size()) return false;
    const char c = s_[p_];
    if (c == 'n') {
      if (s_.substr(p_, 4) != "null") return false;
      p_ += 4;
      out = Value::null();
      return true;
    }
    if (c == '"') {
      std::string_view sv;
      if (!str(sv)) return false;
      out = Value::string(std::string(sv));
      return true;
    }
    std::int64_t i = 0;
    if (!integer(i)) return false;
    out = Value::integer(i);
    return true;
  }

  // A txn's value: null (no micro-ops) or a list of [f, key, value] with f
  // one of r, w, append and value a scalar or a flat list of scalars.
  bool micro_ops(std::vector<MicroOp>& out) {
    out.clear();
    ws();
    if (s_.substr(p_, 4) == "null") {
      p_ += 4;
      return true;
    }
    if (!eat('[')) return false;
    if (eat(']')) return true;
    do {
      std::string_view f, key;
      Value v;
      if (!eat('[') || !str(f) || !eat(',') || !str(key) || !eat(',') || !value(v) || !eat(']')) return false;
      if (f != "r" && f != "w" && f != "append") return false;
      out.push_back(MicroOp{std::string(f), std::string(key), std::move(v)});
    } while (eat(','));
    return eat(']');
  }

  // A scalar or a flat list of scalars.
  bool value(Value& out) {
    if (!eat('[')) return scalar(out);
    std::vector<Value> items;
    if (!eat(']')) {
      do {
        Value v;
        if (!scalar(v)) return false;
        items.push_back(std::move(v));
      } while (eat(','));
      if (!eat(']')) return false;
    }
    out = Value::list(std::move(items));
    return true;
  }

 private:
  void ws() {
    while (p_ < s_.size() && (s_[p_] == ' ' || s_[p_] == '\t' || s_[p_] == '\r')) ++p_;
  }

  std::string_view s_;
  std::size_t p_ = 0;
};

bool is_scalar(const Value& v) { return v.kind() != Value::Kind::kList; }

}  // namespace

bool parse_event_fast(std::string_view text, Event& e) {
  Scanner sc(text);
  if (!sc.eat('{')) return false;
  bool has_process = false, has_type = false, has_f = false, has_key = false, has_value = false, has_time = false,
       has_error = false;
  std::int64_t process = 0, time = 0;
  std::string_view type, f, key, error;
  Value value;
  std::vector<MicroOp> txn;
  if (!sc.eat('}')) {
    do {
      std::string_view name;
      if (!sc.str(name) || !sc.eat(':')) return false;
      bool ok = false;
      if (name == "process") ok = !has_process && (has_process = sc.integer(process));
      else if (name == "type") ok = !has_type && (has_type = sc.str(type));
      else if (name == "f") ok = !has_f && (has_f = sc.str(f));
      else if (name == "key") ok = !has_key && (has_key = sc.str(key));
      else if (name == "value" && has_f && f == "txn") ok = !has_value && (has_value = sc.micro_ops(txn));
      else if (name == "value") ok = !has_value && (has_value = sc.value(value));  // "f" after "value": checked path
      else if (name == "time") ok = !has_time && (has_time = sc.integer(time));
      else if (name == "error") ok = !has_error && (has_error = sc.str(error));
      if (!ok) return false;  // unknown field, duplicate or ill-typed: checked path
    } while (sc.eat(','));
    if (!sc.eat('}')) return false;
  }
  if (!sc.at_end() || !has_process || !has_type || !has_f) return false;
  if (type == "invoke") e.type = EventType::kInvoke;
  else if (type == "ok") e.type = EventType::kOk;
  else if (type == "fail") e.type = EventType::kFail;
  else if (type == "info") e.type = EventType::kInfo;
  else return false;
  if (f == "read") e.f = OpFunction::kRead;
  else if (f == "write") e.f = OpFunction::kWrite;
  else if (f == "delete") e.f = OpFunction::kDelete;
  else if (f == "cas") e.f = OpFunction::kCas;
  else if (f == "txn") e.f = OpFunction::kTxn;
  else return false;
  if (has_time && time < 0) return false;
  // A txn has no key (the checked path ignores one; leave that rare line to it).
  if ((e.f == OpFunction::kTxn) == has_key) return false;
  // The same rules as the checked path, per f.
  switch (e.f) {
    case OpFunction::kRead:
      if (e.type == EventType::kOk && (!has_value || !is_scalar(value))) return false;
      break;
    case OpFunction::kWrite:
      if (e.type == EventType::kInvoke && (!has_value || value.is_null() || !is_scalar(value))) return false;
      break;
    case OpFunction::kCas:
      if (e.type == EventType::kInvoke || (has_value && !value.is_null())) {
        if (!value.is_list() || value.as_list().size() != 2) return false;
      }
      break;
    case OpFunction::kTxn:
      if ((e.type == EventType::kInvoke || e.type == EventType::kOk) && !has_value) return false;
      break;
    default: break;
  }
  e.process = process;
  e.key = std::string(key);
  e.value = std::move(value);
  e.txn = std::move(txn);
  e.time.reset();
  if (has_time) e.time = time;
  e.error.reset();
  if (has_error) e.error = std::string(error);
  return true;
}

}  // namespace cachesim::detail
