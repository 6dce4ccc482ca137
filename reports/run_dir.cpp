#include "reports/run_dir.hpp"

#include <sys/stat.h>

#include <fstream>
#include <map>

#include "sim/check/history.hpp"
#include "sim/check/history_parse.hpp"
#include "sim/core/input_error.hpp"

namespace cachesim::reports {

namespace {

bool is_dir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}
bool is_file(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string type_name(const nlohmann::json& j) {
  if (j.is_null()) return "null";
  if (j.is_string()) return "a string";
  if (j.is_number()) return "a number";
  if (j.is_boolean()) return "a boolean";
  if (j.is_array()) return "an array";
  return "an object";
}

void require(const nlohmann::json& j, const std::string& key, bool ok, const char* what, const std::string& file,
             const std::string& at = "") {
  if (ok) return;
  const auto it = j.find(key);
  throw InputError(file + ": " + at + "/" + key + ": expected " + what + ", found " +
                   (it == j.end() ? std::string("nothing") : type_name(*it)));
}

std::string outcome_name(EventType t) {
  switch (t) {
    case EventType::kOk: return "ok";
    case EventType::kFail: return "fail";
    case EventType::kInfo: return "info";
    default: return "pending";
  }
}

// The operation's value as JSON text; a txn's is its list of micro-ops.
std::string value_text(const Event& e) {
  if (e.f != OpFunction::kTxn) return e.value.to_json();
  std::string out = "[";
  for (std::size_t i = 0; i < e.txn.size(); ++i) {
    if (i) out += ',';
    out += '[';
    append_json_string(out, e.txn[i].f);
    out += ',';
    append_json_string(out, e.txn[i].key);
    out += ',';
    e.txn[i].value.append_json(out);
    out += ']';
  }
  return out + "]";
}

}  // namespace

RunDir open_run_dir(const std::string& dir) {
  if (!is_dir(dir)) throw InputError(dir + ": expected a run directory (cachesim run --out DIR), found none");
  RunDir run{dir};
  for (const char* f : {"summary.json", "history.jsonl", "trace.jsonl"}) {
    if (!is_file(run.path(f)))
      throw InputError(run.path(f) + ": expected a file written by cachesim run --out, found none");
  }
  return run;
}

nlohmann::json load_summary(const RunDir& run) {
  const std::string file = run.path("summary.json");
  std::ifstream in(file);
  if (!in) throw InputError(file + ": cannot read");
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    // nlohmann's text names the byte; keep it to one line.
    throw InputError(file + ": expected JSON, found a syntax error at byte " + std::to_string(e.byte));
  }
  if (!j.is_object()) throw InputError(file + ": expected a JSON object, found " + type_name(j));
  require(j, "scenario", j.contains("scenario") && j["scenario"].is_string(), "a string", file);
  require(j, "seed", j.contains("seed") && j["seed"].is_number_unsigned(), "an integer", file);
  require(j, "sim_time_ns", j.contains("sim_time_ns") && j["sim_time_ns"].is_number_integer(), "an integer", file);
  require(j, "checks", j.contains("checks") && j["checks"].is_array(), "an array", file);
  std::size_t i = 0;
  for (const auto& c : j["checks"]) {
    const std::string at = "/checks/" + std::to_string(i++);
    if (!c.is_object()) throw InputError(file + ": " + at + ": expected an object, found " + type_name(c));
    require(c, "name", c.contains("name") && c["name"].is_string(), "a string", file, at);
    require(c, "verdict", c.contains("verdict") && c["verdict"].is_string(), "a string", file, at);
  }
  return j;
}

void for_each_trace_line(const RunDir& run, const std::function<bool(const TraceLine&)>& fn) {
  const std::string file = run.path("trace.jsonl");
  std::ifstream in(file);
  if (!in) throw InputError(file + ": cannot read");
  std::string text;
  TraceLine line;
  std::uint64_t n = 0;
  std::int64_t last_t = 0;
  while (std::getline(in, text)) {
    ++n;
    if (text.empty()) continue;
    const std::string err = parse_trace_line(text, line);
    if (!err.empty()) throw InputError(file + ":" + std::to_string(n) + ": " + err);
    if (line.t < last_t)
      throw InputError(file + ":" + std::to_string(n) + ": expected a time >= " + std::to_string(last_t) +
                       " (times never decrease), found " + std::to_string(line.t));
    last_t = line.t;
    if (!fn(line)) return;
  }
}

void for_each_operation(const RunDir& run, const std::function<void(const OpRecord&)>& fn) {
  const std::string file = run.path("history.jsonl");
  std::ifstream in(file);
  if (!in) throw InputError(file + ": cannot read");
  // Open invokes by process: bounded by the number of concurrent clients.
  std::map<std::int64_t, OpRecord> open;
  std::string text;
  std::uint64_t n = 0;
  Event e;
  while (std::getline(in, text)) {
    ++n;
    if (text.empty()) continue;
    if (!detail::parse_event_fast(text, e)) e = detail::parse_event_checked(text, file, n);
    if (e.type == EventType::kInvoke) {
      if (open.count(e.process))
        throw InputError(file + ":" + std::to_string(n) + ": expected a completion for process " +
                         std::to_string(e.process) + ", found a second invoke");
      OpRecord op;
      op.process = e.process;
      op.f = std::string(to_string(e.f));
      op.key = e.key;
      op.outcome = "pending";
      op.invoke_time = e.time;
      op.value = value_text(e);
      open.emplace(e.process, std::move(op));
      continue;
    }
    auto it = open.find(e.process);
    if (it == open.end())
      throw InputError(file + ":" + std::to_string(n) + ": expected an invoke before this completion of process " +
                       std::to_string(e.process) + ", found none");
    OpRecord op = std::move(it->second);
    open.erase(it);
    op.outcome = outcome_name(e.type);
    op.complete_time = e.time;
    if (e.type == EventType::kOk && op.f != "write" && op.f != "delete") op.value = value_text(e);
    fn(op);
  }
  for (auto& [p, op] : open) fn(op);
}

}  // namespace cachesim::reports
