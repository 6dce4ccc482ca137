// Benchmark of the transaction checker (sim/check/txn_check.hpp) on
// generated list-append histories of 100,000 transactions. Goal: the check
// of a 100,000-transaction history in under 2 seconds.
//
// Prints one JSON object per line and shape: name, txns, verdict (and the
// verdict expected), seconds (the check, wall clock), cpu_seconds (its CPU
// time, which a busy machine does not inflate), parse_seconds (JSON Lines
// text to operations), peak_rss_bytes (of a child process that runs only
// that shape), history_bytes, anomaly_count.
//
// Usage: txn_check_bench [--txns=100000] [SHAPE...]   (no shape: every shape)
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/check/history.hpp"
#include "sim/check/txn_check.hpp"
#include "sim/check/txn_history_gen.hpp"
#include "tests/bench/bench_util.hpp"

namespace {

using cachesim::Probability;
using cachesim::TxnInjection;
using cachesim::TxnWorkload;

struct Shape {
  const char* name;
  const char* about;
  TxnWorkload w;
  bool realtime;
  const char* expected;
};

TxnWorkload workload(std::uint64_t seed, std::size_t txns, int rotation, TxnInjection inject) {
  TxnWorkload w;
  w.seed = seed;
  w.clients = 10;
  w.txns = txns;
  w.max_ops = 4;
  w.active_keys = 8;
  w.rotation = rotation;
  w.fail = Probability::from_fraction(0.05);
  w.info = Probability::from_fraction(0.02);
  w.inject = inject;
  return w;
}

std::vector<Shape> shapes(std::size_t txns) {
  return {
      {"a_strict_valid", "10 clients, 1-4 micro-ops, 8 keys sliding every 8 txns, 5% fail, 2% info; strict",
       workload(1, txns, 8, TxnInjection::kNone), true, "ok"},
      {"b_serializable_valid", "as a, without real-time edges", workload(1, txns, 8, TxnInjection::kNone), false,
       "ok"},
      {"c_strict_g_single", "as a, with one lost update (G-single) in the middle",
       workload(2, txns, 8, TxnInjection::kGSingle), true, "illegal"},
      {"d_strict_stale_read", "as a, with one stale read (a G-single only with real-time edges)",
       workload(3, txns, 8, TxnInjection::kStaleRead), true, "illegal"},
      {"e_strict_long_lists", "as a, keys sliding every 64 txns (lists of a few hundred elements)",
       workload(4, txns, 64, TxnInjection::kNone), true, "ok"},
  };
}

int run(const Shape& s) {
  const cachesim::GeneratedTxnHistory g = cachesim::generate_txn_history(s.w);
  std::string text;
  for (const cachesim::Event& e : g.history.events) cachesim::append_event_json(text, e);

  cachesim::bench::Stopwatch parse;
  const std::vector<cachesim::Operation> ops = cachesim::pair_operations(cachesim::parse_history(text, s.name));
  const double parse_seconds = parse.seconds();

  cachesim::TxnCheckOptions options;
  options.realtime = s.realtime;
  const double cpu0 = cachesim::bench::cpu_seconds();
  cachesim::bench::Stopwatch sw;
  const cachesim::TxnCheckResult r = cachesim::check_transactions(ops, options, s.name);
  const double seconds = sw.seconds();
  const double cpu = cachesim::bench::cpu_seconds() - cpu0;

  nlohmann::json j;
  j["name"] = std::string("txncheck-") + s.name;
  j["about"] = s.about;
  j["txns"] = s.w.txns;
  j["verdict"] = std::string(cachesim::to_string(r.verdict));
  j["expected"] = s.expected;
  j["seconds"] = seconds;
  j["cpu_seconds"] = cpu;
  j["txns_per_sec"] = seconds > 0 ? static_cast<double>(s.w.txns) / seconds : 0.0;
  j["parse_seconds"] = parse_seconds;
  j["history_bytes"] = text.size();
  j["peak_rss_bytes"] = cachesim::bench::peak_rss_bytes();
  j["anomaly_count"] = r.anomaly_count;
  if (!r.anomalies.empty()) j["first_anomaly"] = std::string(cachesim::to_string(r.anomalies[0].kind));
  if (r.verdict == cachesim::Verdict::kUnknown) j["reason"] = r.reason;
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);
  return j["verdict"] == s.expected ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t txns = cachesim::bench::flag(argc, argv, "txns", 100000);
  int failures = 0;
  for (const Shape& s : shapes(txns)) {
    bool wanted = true;
    for (int i = 1; i < argc; ++i) wanted &= std::strncmp(argv[i], "--", 2) == 0;  // no shape named: all
    for (int i = 1; i < argc; ++i) wanted |= std::strcmp(argv[i], s.name) == 0;
    if (!wanted) continue;
    // One child per shape, so that peak_rss_bytes is that shape's own.
    const pid_t pid = fork();
    if (pid == 0) _exit(run(s));
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failures;
  }
  return failures == 0 ? 0 : 1;
}
