#include "reports/build_reports.hpp"

#include <cstdio>
#include <fstream>
#include <sstream>

#include "reports/html_report.hpp"
#include "reports/lamport_dot.hpp"
#include "reports/perfetto.hpp"
#include "reports/ring_dot.hpp"
#include "reports/run_dir.hpp"
#include "reports/run_stats.hpp"
#include "reports/witness_views.hpp"
#include "sim/core/input_error.hpp"
#include "sim/scenario/duration.hpp"

namespace cachesim::reports {

namespace {

// Writes through a temporary beside the target, renamed into place when complete.
class AtomicFile {
 public:
  explicit AtomicFile(std::string path) : path_(std::move(path)), tmp_(path_ + ".tmp") {
    out_.open(tmp_, std::ios::binary | std::ios::trunc);
    if (!out_) throw InputError(path_ + ": cannot write");
  }
  ~AtomicFile() {
    if (!done_) {
      out_.close();
      std::remove(tmp_.c_str());
    }
  }
  std::ostream& out() { return out_; }
  void commit() {
    out_.close();
    if (!out_ || std::rename(tmp_.c_str(), path_.c_str()) != 0) throw InputError(path_ + ": cannot write");
    done_ = true;
  }

 private:
  std::string path_, tmp_;
  std::ofstream out_;
  bool done_ = false;
};

void write_text(const RunDir& run, const std::string& name, const std::string& text) {
  AtomicFile f(run.path(name));
  f.out() << text;
  f.commit();
}

}  // namespace

void parse_window(const std::string& text, ReportOptions& opts) {
  const auto colon = text.find(':');
  std::optional<Duration> a, b;
  if (colon != std::string::npos) {
    a = parse_duration(text.substr(0, colon));
    b = parse_duration(text.substr(colon + 1));
  }
  if (!a || !b || *a < 0 || *b < *a)
    throw InputError("--window: expected FROM:TO with FROM <= TO (such as \"1.2s:1.3s\" or \"150ms:200ms\"), found \"" +
                     text + "\"");
  opts.window_from = *a;
  opts.window_to = *b;
}

std::vector<std::string> build_reports(const std::string& dir, const ReportOptions& opts) {
  const RunDir run = open_run_dir(dir);
  const nlohmann::json summary = load_summary(run);
  const RunStats st = collect_run_stats(run);
  std::vector<std::string> written;

  {
    AtomicFile f(run.path("trace.perfetto.json"));
    write_perfetto(run, f.out());
    f.commit();
  }
  written.push_back("trace.perfetto.json");

  LamportWindow w;
  w.max_events = opts.window_max_events;
  std::int64_t from = 0, to = 0;
  if (opts.window_from) {
    w.from = *opts.window_from;
    w.to = *opts.window_to;
    w.why = "chosen with --window";
  } else if (first_failure_window(summary, from, to)) {
    w.from = from;
    w.to = to;
    w.keep_last = true;  // the lead-up to the failure
    w.why = "the window of the first failure's witness";
  } else {
    w.from = 0;
    w.to = kDefaultWindowNs;
    w.why = "the first " + format_duration(kDefaultWindowNs) + "; no check failed";
  }
  write_text(run, "lamport.dot", lamport_dot(run, w));
  written.push_back("lamport.dot");

  const std::string ring = ring_dot(summary.contains("ring") ? summary["ring"] : nlohmann::json());
  if (!ring.empty()) {
    write_text(run, "ring.dot", ring);
    written.push_back("ring.dot");
  }
  const auto anomalies = txn_anomalies(summary);
  if (!anomalies.empty()) {
    write_text(run, "txn-cycle.dot", txn_cycle_dot(anomalies));
    written.push_back("txn-cycle.dot");
  }

  ReportFiles files;
  for (const char* f : {"scenario.json", "summary.json", "history.jsonl", "trace.jsonl"}) files.names.push_back(f);
  for (const std::string& f : written) files.names.push_back(f);
  write_text(run, "report.html", html_report(summary, st, files));
  written.insert(written.begin(), "report.html");
  return written;
}

}  // namespace cachesim::reports
