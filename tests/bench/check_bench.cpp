// Benchmark of the linearizability checker on generated histories.
//
// Prints one JSON object per line and shape: name, ops, verdict (and the
// verdict expected), seconds (the check, wall clock; cpu_seconds: its CPU
// time, which a busy machine does not inflate), parse_seconds (JSON
// Lines text back to a History), peak_rss_bytes (of a child process that
// runs only that shape), and the checker's own counters.
//
// Usage: check_bench [SHAPE...]   (no argument: every shape)
// Needs only cachesim_check (and cachesim_core through it).
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "sim/check/history.hpp"
#include "sim/check/history_gen.hpp"
#include "sim/check/linearizability.hpp"
#include "tests/bench/bench_util.hpp"

namespace {

using cachesim::Probability;
using cachesim::RegisterWorkload;
using cachesim::Verdict;
using cachesim::Violation;

struct Shape {
  const char* name;
  const char* about;
  RegisterWorkload w;
  const char* expected;
};

RegisterWorkload workload(std::uint64_t seed, int clients, int keys, std::size_t ops, double timeout, Violation v) {
  RegisterWorkload w;
  w.seed = seed;
  w.clients = clients;
  w.keys = keys;
  w.ops = ops;
  w.timeout = Probability::from_fraction(timeout);
  w.violation = v;
  return w;
}

RegisterWorkload writes_time_out(RegisterWorkload w) {
  w.only_writes_time_out = true;
  return w;
}

std::vector<Shape> shapes() {
  return {
      {"a_linearizable_100k", "100,000 ops, 10 clients, 5 keys, 0.1% timed out",
       workload(1, 10, 5, 100000, 0.001, Violation::kNone), "ok"},
      {"b_stale_read_10k_timeouts", "10,000 ops, 10 clients, 5 keys, 2% timed out, one stale read",
       workload(2, 10, 5, 10000, 0.02, Violation::kStaleRead), "illegal"},
      {"c_one_key_20_clients", "1,000 ops, 20 clients, 1 key", workload(3, 20, 1, 1000, 0.0, Violation::kNone), "ok"},
      {"d_linearizable_100k_timeouts", "100,000 ops, 10 clients, 5 keys, 2% timed out",
       workload(4, 10, 5, 100000, 0.02, Violation::kNone), "ok"},
      {"e_phantom_read_10k_timeouts", "10,000 ops, 10 clients, 5 keys, 2% timed out, one read of a value never written",
       workload(5, 10, 5, 10000, 0.02, Violation::kPhantomRead), "illegal"},
      {"f_one_key_20_clients_10k", "10,000 ops, 20 clients, 1 key, 1% timed out",
       workload(6, 20, 1, 10000, 0.01, Violation::kNone), "ok"},
      {"g_one_key_20_clients_stale", "1,000 ops, 20 clients, 1 key, 2% timed out, one stale read",
       workload(7, 20, 1, 1000, 0.02, Violation::kStaleRead), "illegal"},
      {"h_40_clients_20pct_timeouts", "10,000 ops, 40 clients, 2 keys, 20% timed out",
       workload(9, 40, 2, 10000, 0.2, Violation::kNone), "ok"},
      {"i_one_key_30_clients_stale", "5,000 ops, 30 clients, 1 key, 5% timed out, one stale read",
       workload(4, 30, 1, 5000, 0.05, Violation::kStaleRead), "illegal"},
      // Porcupine's hard shape exactly: timed-out writes only, 2% of all ops
      // (writes are 30% of the mix, so one write in 15 times out).
      {"j_stale_read_10k_timed_out_writes", "10,000 ops, 10 clients, 5 keys, 2% of ops timed-out writes, one stale read",
       writes_time_out(workload(10, 10, 5, 10000, 0.02 / 0.30, Violation::kStaleRead)), "illegal"},
      {"k_linearizable_10k_timed_out_writes", "10,000 ops, 10 clients, 5 keys, 10% of ops timed-out writes",
       writes_time_out(workload(11, 10, 5, 10000, 0.10 / 0.30, Violation::kNone)), "ok"},
  };
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

int run(const Shape& s) {
  const cachesim::GeneratedHistory g = cachesim::generate_register_history(s.w);
  std::string text;
  for (const cachesim::Event& e : g.history.events) cachesim::append_event_json(text, e);

  auto t0 = std::chrono::steady_clock::now();
  const cachesim::History h = cachesim::parse_history(text, s.name);
  const double parse_seconds = seconds_since(t0);

  cachesim::LinearizabilityBudget budget;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  budget.out_of_time = [deadline] { return std::chrono::steady_clock::now() > deadline; };
  budget.max_memory_bytes = std::size_t{1} << 30;
  t0 = std::chrono::steady_clock::now();
  const double cpu0 = cachesim::bench::cpu_seconds();
  const cachesim::LinearizabilityResult r = cachesim::check_linearizability(h, budget);
  const double check_seconds = seconds_since(t0);
  const double check_cpu = cachesim::bench::cpu_seconds() - cpu0;

  std::uint64_t steps = 0;
  std::size_t frontier = 0, memo = 0;
  for (const cachesim::KeyResult& k : r.keys) {
    steps += k.stats.steps;
    frontier = std::max(frontier, k.stats.peak_frontier);
    memo = std::max(memo, k.stats.peak_memory_bytes);
  }
  nlohmann::json j;
  j["name"] = std::string("checker-") + s.name;
  j["about"] = s.about;
  j["ops"] = s.w.ops;
  j["verdict"] = std::string(cachesim::to_string(r.verdict));
  j["expected"] = s.expected;
  j["seconds"] = check_seconds;
  // "Events" here are history events (an invoke and a completion per op).
  j["events_per_sec"] = check_seconds > 0 ? 2.0 * static_cast<double>(s.w.ops) / check_seconds : 0.0;
  j["ns_per_event"] = s.w.ops > 0 ? check_seconds * 1e9 / (2.0 * static_cast<double>(s.w.ops)) : 0.0;
  j["cpu_seconds"] = check_cpu;
  j["parse_seconds"] = parse_seconds;
  j["peak_rss_bytes"] = cachesim::bench::peak_rss_bytes();
  j["steps"] = steps;
  j["peak_frontier"] = frontier;
  j["peak_search_bytes"] = memo;
  if (r.verdict == Verdict::kIllegal) {
    for (const cachesim::KeyResult& k : r.keys)
      if (k.witness) {
        j["witness_key"] = k.key;
        j["witness_window"] = k.witness->window.size();
        break;
      }
  }
  if (r.verdict == Verdict::kUnknown) j["reason"] = r.reason;
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);
  return j["verdict"] == s.expected ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  int failures = 0;
  for (const Shape& s : shapes()) {
    bool wanted = argc == 1;
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
