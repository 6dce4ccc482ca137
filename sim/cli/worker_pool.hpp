// A pool of forked worker processes that run numbered items (a sweep's seeds)
// and send one line of text back for each.
//
// Why processes, not threads: each run stays single-threaded and keeps no
// state across runs that another could see, and a run that crashes the
// process (a segfault in a protocol) costs only its worker: the pool reports
// that item as crashed, forks a replacement and goes on.
//
// Contract:
//   * Items 0..count-1 are handed out in order, one at a time, to whichever
//     worker is idle; lines come back in completion order. `work` runs in a
//     child process: whatever it changes there is not seen by the parent or
//     by later items of other workers.
//   * on_line / on_crash run in the parent; returning false stops the pool.
//     A worker that dies (signal, or exit without answering) while on an
//     item gives on_crash(item, "signal SIGSEGV" / "exit status N").
//   * If `work` throws, its message (one line) is returned as `error` and the
//     pool stops: bad input found mid-sweep ends it.
//   * Stopping (by a callback, the time budget, SIGINT or SIGTERM) kills the
//     workers still running with SIGKILL and reaps them; items in flight are
//     not reported. Workers ignore SIGINT (the parent decides) and die with
//     the parent (PR_SET_PDEATHSIG). No worker outlives run_pool().
//   * on_tick runs in the parent at least every 100 ms of wall time.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace cachesim::cli {

struct PoolOptions {
  unsigned jobs = 1;
  double time_budget_s = 0;  // 0: none
};

struct PoolCallbacks {
  std::function<std::string(std::uint64_t item)> work;  // in a worker: the item's line, no newline
  std::function<bool(std::uint64_t item, const std::string& line)> on_line;
  std::function<bool(std::uint64_t item, const std::string& cause, double wall_s)> on_crash;
  std::function<void()> on_tick;
};

enum class PoolEnd { done, stopped, time_budget, interrupted, error };

struct PoolOutcome {
  PoolEnd end = PoolEnd::done;
  std::string error;  // PoolEnd::error: what `work` threw
};

PoolOutcome run_pool(std::uint64_t count, const PoolOptions& options, const PoolCallbacks& callbacks);

// The number of processors online (at least 1): the default for --jobs.
unsigned default_jobs();

}  // namespace cachesim::cli
