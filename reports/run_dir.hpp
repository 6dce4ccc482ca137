// A run directory, as `cachesim run --out DIR` writes it, read back in a
// streaming way: reports depend on these files only, never on a live run.
//
// Files: scenario.json (the scenario as run, seed included), summary.json
// (summary_json of sim/run/summary.hpp), history.jsonl, trace.jsonl.
//
// Contract: every reader throws InputError with one line naming the file
// (and the line or JSON path), what was expected and what was found; none
// reads a whole JSONL file into memory. for_each_trace_line() and
// for_each_operation() call back in file order.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "reports/trace_line.hpp"

namespace cachesim::reports {

struct RunDir {
  std::string dir;
  std::string path(const std::string& name) const { return dir + "/" + name; }
};

// The directory must exist and hold summary.json, history.jsonl, trace.jsonl.
RunDir open_run_dir(const std::string& dir);

// Parses summary.json; requires "scenario" (string), "seed" (integer),
// "sim_time_ns" (integer) and "checks" (array of objects with "name" and
// "verdict" strings).
nlohmann::json load_summary(const RunDir& run);

// Streams trace.jsonl; `fn` returns false to stop early.
void for_each_trace_line(const RunDir& run, const std::function<bool(const TraceLine&)>& fn);

// One client operation from history.jsonl: an invoke joined with its
// completion (process order; an invoke never completed is reported at the
// end with outcome "pending").
struct OpRecord {
  std::int64_t process = 0;
  std::string f;        // read, write, delete, cas, txn
  std::string key;      // "" for txn
  std::string outcome;  // ok, fail, info, pending
  std::optional<std::int64_t> invoke_time, complete_time;
  std::string value;    // the completion's (ok) or invoke's value as JSON text
};
// Streams history.jsonl; operations are reported when they complete.
void for_each_operation(const RunDir& run, const std::function<void(const OpRecord&)>& fn);

}  // namespace cachesim::reports
