// The sweep's process pool: every item answered once, a crashing item
// reported as a crash while the rest go on, stopping early, and errors.
#include <gtest/gtest.h>

#include <csignal>
#include <map>
#include <stdexcept>

#include "sim/cli/worker_pool.hpp"

namespace cachesim::cli {
namespace {

PoolCallbacks collecting(std::map<std::uint64_t, std::string>& got) {
  PoolCallbacks cb;
  cb.work = [](std::uint64_t item) { return "item " + std::to_string(item * item); };
  cb.on_line = [&got](std::uint64_t item, const std::string& line) {
    EXPECT_TRUE(got.emplace(item, line).second) << "item " << item << " answered twice";
    return true;
  };
  cb.on_crash = [&got](std::uint64_t item, const std::string& cause, double) {
    got.emplace(item, "crash " + cause);
    return true;
  };
  return cb;
}

TEST(WorkerPool, EveryItemIsAnsweredOnceByAnyNumberOfWorkers) {
  for (unsigned jobs : {1u, 2u, 5u}) {
    std::map<std::uint64_t, std::string> got;
    const PoolOutcome o = run_pool(40, {jobs, 0}, collecting(got));
    EXPECT_EQ(o.end, PoolEnd::done);
    ASSERT_EQ(got.size(), 40u);
    for (std::uint64_t i = 0; i < 40; ++i) EXPECT_EQ(got[i], "item " + std::to_string(i * i));
  }
}

TEST(WorkerPool, ACrashingItemIsReportedAndTheOthersStillRun) {
  std::map<std::uint64_t, std::string> got;
  PoolCallbacks cb = collecting(got);
  cb.work = [](std::uint64_t item) -> std::string {
    // SIGKILL: no handler can turn it into another signal (AddressSanitizer
    // catches SIGSEGV and ends the process with SIGABRT instead).
    if (item == 3) std::raise(SIGKILL);
    if (item == 5) std::_Exit(7);
    return "ok";
  };
  const PoolOutcome o = run_pool(12, {2, 0}, cb);
  EXPECT_EQ(o.end, PoolEnd::done);
  ASSERT_EQ(got.size(), 12u);
  EXPECT_EQ(got[3], "crash signal SIGKILL");
  EXPECT_EQ(got[5], "crash exit status 7");
  EXPECT_EQ(got[11], "ok");
}

TEST(WorkerPool, ACallbackStopsThePoolEarly) {
  std::map<std::uint64_t, std::string> got;
  PoolCallbacks cb = collecting(got);
  cb.on_line = [&got](std::uint64_t item, const std::string& line) {
    got.emplace(item, line);
    return item != 2;
  };
  const PoolOutcome o = run_pool(1000, {2, 0}, cb);
  EXPECT_EQ(o.end, PoolEnd::stopped);
  EXPECT_LT(got.size(), 1000u);
  EXPECT_TRUE(got.count(2));
}

TEST(WorkerPool, AnExceptionInWorkEndsThePoolWithItsMessage) {
  std::map<std::uint64_t, std::string> got;
  PoolCallbacks cb = collecting(got);
  cb.work = [](std::uint64_t item) -> std::string {
    if (item == 4) throw std::runtime_error("bad input\nsecond line");
    return "ok";
  };
  const PoolOutcome o = run_pool(50, {1, 0}, cb);
  EXPECT_EQ(o.end, PoolEnd::error);
  EXPECT_EQ(o.error, "bad input second line");
  EXPECT_EQ(got.size(), 4u);
}

TEST(WorkerPool, ZeroItemsIsDoneAtOnce) {
  std::map<std::uint64_t, std::string> got;
  EXPECT_EQ(run_pool(0, {4, 0}, collecting(got)).end, PoolEnd::done);
  EXPECT_TRUE(got.empty());
}

TEST(WorkerPool, DefaultJobsIsAtLeastOne) { EXPECT_GE(default_jobs(), 1u); }

}  // namespace
}  // namespace cachesim::cli
