#include "sim/check/history_parse.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/input_error.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

// What a JSON value looks like, for "found ..." (short: a message is one line).
std::string describe(const json& j) {
  std::string s = j.dump();
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

class LineParser {
 public:
  LineParser(const std::string& source, std::uint64_t line) : source_(source), line_(line) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(source_ + ":" + std::to_string(line_) + ": " + what);
  }

  // A value: null, an integer in int64 range, a string, or a list of those.
  Value value(const json& j, std::string_view field) const {
    if (j.is_null()) return Value::null();
    if (j.is_number_unsigned()) {
      const auto u = j.get<std::uint64_t>();
      if (u > static_cast<std::uint64_t>(INT64_MAX))
        fail("expected \"" + std::string(field) + "\" to be an integer in 64-bit range, found " + describe(j));
      return Value::integer(static_cast<std::int64_t>(u));
    }
    if (j.is_number_integer()) return Value::integer(j.get<std::int64_t>());
    if (j.is_string()) return Value::string(j.get<std::string>());
    if (j.is_array()) {
      std::vector<Value> items;
      items.reserve(j.size());
      for (const json& x : j) items.push_back(value(x, field));
      return Value::list(std::move(items));
    }
    fail("expected \"" + std::string(field) + "\" to be null, an integer, a string or a list, found " + describe(j));
  }

  std::int64_t integer(const json& obj, const char* field) const {
    auto it = obj.find(field);
    if (it == obj.end()) fail(std::string("expected an integer \"") + field + "\", found no \"" + field + "\" field");
    if (!it->is_number_integer() ||
        (it->is_number_unsigned() && it->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)))
      fail(std::string("expected \"") + field + "\" to be an integer, found " + describe(*it));
    return it->get<std::int64_t>();
  }

  std::string string(const json& obj, const char* field) const {
    auto it = obj.find(field);
    if (it == obj.end()) fail(std::string("expected a string \"") + field + "\", found no \"" + field + "\" field");
    if (!it->is_string()) fail(std::string("expected \"") + field + "\" to be a string, found " + describe(*it));
    return it->get<std::string>();
  }

  Event event(std::string_view text) const {
    json obj;
    try {
      obj = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
      fail("expected a JSON object, found malformed JSON at column " + std::to_string(e.byte));
    } catch (const json::out_of_range&) {
      // A number beyond a double (1e309): the parser reports no position.
      fail("expected a JSON object, found malformed JSON: a number out of range");
    }
    if (!obj.is_object()) fail("expected a JSON object, found " + describe(obj));

    Event e;
    e.line = line_;
    e.process = integer(obj, "process");

    const std::string type = string(obj, "type");
    if (type == "invoke") e.type = EventType::kInvoke;
    else if (type == "ok") e.type = EventType::kOk;
    else if (type == "fail") e.type = EventType::kFail;
    else if (type == "info") e.type = EventType::kInfo;
    else fail("expected \"type\" to be one of invoke, ok, fail, info, found " + describe(json(type)));

    const std::string f = string(obj, "f");
    if (f == "read") e.f = OpFunction::kRead;
    else if (f == "write") e.f = OpFunction::kWrite;
    else if (f == "delete") e.f = OpFunction::kDelete;
    else if (f == "cas") e.f = OpFunction::kCas;
    else if (f == "txn") e.f = OpFunction::kTxn;
    else fail("expected \"f\" to be one of read, write, delete, cas, txn, found " + describe(json(f)));

    if (e.f != OpFunction::kTxn) e.key = string(obj, "key");

    if (auto it = obj.find("time"); it != obj.end()) {
      const std::int64_t t = integer(obj, "time");
      if (t < 0) fail("expected \"time\" to be a non-negative integer (nanoseconds), found " + describe(*it));
      e.time = t;
    }
    if (auto it = obj.find("error"); it != obj.end()) e.error = it->is_string() ? it->get<std::string>() : it->dump();

    auto vit = obj.find("value");
    const bool has_value = vit != obj.end();
    if (e.f == OpFunction::kTxn) {
      const bool needed = e.type == EventType::kInvoke || e.type == EventType::kOk;
      if (needed && !has_value) fail("expected a \"value\" (list of micro-ops) for a txn " + type + ", found none");
      if (has_value && !vit->is_null()) e.txn = micro_ops(*vit);
      return e;
    }
    if (has_value) e.value = value(*vit, "value");
    const bool scalar = e.value.kind() != Value::Kind::kList;
    switch (e.f) {
      case OpFunction::kRead:
        if (e.type == EventType::kOk && !has_value)
          fail("expected a \"value\" (what was read; null if absent) for a read ok, found none");
        if (e.type == EventType::kOk && !scalar)
          fail("expected \"value\" to be null, an integer or a string, found " + describe(*vit));
        break;
      case OpFunction::kWrite:
        if (e.type == EventType::kInvoke && (!has_value || e.value.is_null() || !scalar))
          fail("expected \"value\" to be an integer or a string for a write, found " +
               (has_value ? describe(*vit) : std::string("none")));
        break;
      case OpFunction::kDelete: break;
      case OpFunction::kCas:
        if (e.type == EventType::kInvoke || (has_value && !e.value.is_null())) {
          const bool ok = e.value.is_list() && e.value.as_list().size() == 2 &&
                          e.value.as_list()[0].kind() != Value::Kind::kList &&
                          e.value.as_list()[1].kind() != Value::Kind::kList;
          if (!ok)
            fail("expected \"value\" to be [expected, new] for a cas, found " +
                 (has_value ? describe(*vit) : std::string("none")));
        }
        break;
      case OpFunction::kTxn: break;
    }
    return e;
  }

 private:
  std::vector<MicroOp> micro_ops(const json& j) const {
    if (!j.is_array()) fail("expected \"value\" to be a list of micro-ops for a txn, found " + describe(j));
    std::vector<MicroOp> ops;
    ops.reserve(j.size());
    for (const json& m : j) {
      if (!m.is_array() || m.size() != 3 || !m[0].is_string() || !m[1].is_string())
        fail("expected a txn micro-op [f, key, value], found " + describe(m));
      MicroOp op{m[0].get<std::string>(), m[1].get<std::string>(), value(m[2], "value")};
      if (op.f != "r" && op.f != "w" && op.f != "append")
        fail("expected a txn micro-op f to be one of r, w, append, found " + describe(m[0]));
      ops.push_back(std::move(op));
    }
    return ops;
  }

  const std::string& source_;
  std::uint64_t line_;
};

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

}  // namespace

namespace detail {

Event parse_event_checked(std::string_view text, const std::string& source, std::uint64_t line) {
  return LineParser(source, line).event(text);
}

}  // namespace detail

History parse_history(std::string_view text, std::string source) {
  History h;
  h.source = std::move(source);
  std::uint64_t line = 0;
  std::size_t pos = 0;
  bool timed = false;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view row = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    if (blank(row)) continue;
    LineParser p(h.source, line);
    Event e;
    if (detail::parse_event_fast(row, e)) e.line = line;
    else e = p.event(row);
    if (h.events.empty()) {
      timed = e.time.has_value();
    } else if (timed != e.time.has_value()) {
      p.fail(timed ? "expected a \"time\" as on every earlier line, found none"
                   : "expected no \"time\" (line " + std::to_string(h.events.front().line) +
                         " has none, so event order is real-time order), found one");
    } else if (timed && *e.time < *h.events.back().time) {
      p.fail("expected \"time\" to be at least " + std::to_string(*h.events.back().time) + " (the time on line " +
             std::to_string(h.events.back().line) + "), found " + std::to_string(*e.time));
    }
    h.events.push_back(std::move(e));
  }
  validate_pairing(h);  // errors name the line
  return h;
}

History read_history_file(const std::string& path) {
  // stdio rather than a stream: it reports why a read failed (a directory, an
  // I/O error), and a bound keeps an endless file (/dev/zero) from eating
  // all memory before anything is parsed.
  constexpr std::size_t kMaxBytes = std::size_t{1} << 30;
  const auto cannot_read = [&](int err) { return InputError(path + ": cannot read: " + std::strerror(err)); };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw cannot_read(errno);
  std::string text;
  std::vector<char> buf(1 << 16);
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    text.append(buf.data(), n);
    if (text.size() > kMaxBytes)
      throw InputError(path + ": expected a history file of at most " + std::to_string(kMaxBytes) + " bytes, found more");
    if (n < buf.size()) break;
  }
  if (std::ferror(f.get())) throw cannot_read(errno != 0 ? errno : EIO);
  // An empty file is far more often a run that never wrote its history than
  // a history of nothing, and checking nothing would only say "unknown".
  if (text.find_first_not_of(" \t\r\n") == std::string::npos)
    throw InputError(path + ": expected a history (JSON Lines, one event per line), found an empty file");
  return parse_history(text, path);
}


}  // namespace cachesim
