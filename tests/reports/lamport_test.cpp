// The Lamport diagram: windowed, capped, and valid Graphviz.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "fixture.hpp"
#include "reports/lamport_dot.hpp"
#include "reports/ring_dot.hpp"
#include "reports/witness_views.hpp"

namespace cachesim::reports {
namespace {

// Runs Graphviz on the text; graphviz is a project dependency (scripts/setup installs it).
int dot_exit(const std::string& dot_text, const std::string& name, const char* layout = "dot") {
  const auto dir = testing::test_tmp("dot-" + name);
  std::ofstream(dir / "in.dot") << dot_text;
  const std::string cmd = std::string("dot -K") + layout + " -Tsvg " + (dir / "in.dot").string() + " -o " +
                          (dir / "out.svg").string() + " 2>" + (dir / "err.txt").string();
  const int rc = std::system(cmd.c_str());
  if (rc != 0) ADD_FAILURE() << "dot failed: " << testing::slurp(dir / "err.txt");
  return rc;
}

TEST(Lamport, WholeFixtureWindowDrawsArrowsDropsAndFaults) {
  const auto run = open_run_dir(testing::make_fixture("lamport").string());
  LamportWindow w;
  w.from = 0;
  w.to = 1'000'000;
  w.why = "test";
  const std::string d = lamport_dot(run, w);
  EXPECT_NE(d.find("digraph lamport"), std::string::npos);
  for (const char* lane : {"label=\"c1\"", "label=\"n1\"", "label=\"n2\"", "label=\"n3\""})
    EXPECT_NE(d.find(lane), std::string::npos) << lane;
  EXPECT_NE(d.find("[label=\"ClientRequest\"]"), std::string::npos);
  EXPECT_EQ(testing::count(d, "[label=\"Commit\"]"), 2u);  // both copies of the duplicate
  EXPECT_NE(d.find("Accept \u2717 loss"), std::string::npos);
  EXPECT_NE(d.find("Prepare \u2717 partition"), std::string::npos);
  EXPECT_NE(d.find("Heartbeat \u2717 down"), std::string::npos);
  EXPECT_NE(d.find("label=\"crash\""), std::string::npos);
  EXPECT_NE(d.find("label=\"restart\""), std::string::npos);
  EXPECT_NE(d.find("partition: isolate n1"), std::string::npos);
  EXPECT_NE(d.find("Accept \u2192 n3 (arrives later)"), std::string::npos);
  EXPECT_NE(d.find("25 of the window's 25 events shown"), std::string::npos) << d.substr(0, 400);
  EXPECT_EQ(dot_exit(d, "whole"), 0);
}

TEST(Lamport, WindowAndCapBoundWhatIsKept) {
  const auto run = open_run_dir(testing::make_fixture("lamport-cap").string());
  LamportWindow w;
  w.from = 51000;
  w.to = 120000;
  w.max_events = 4;
  std::string first = lamport_dot(run, w);
  EXPECT_NE(first.find("4 of the window's 12 events shown (the first ones)"), std::string::npos) << first.substr(0, 300);
  EXPECT_EQ(first.find("ClientReply"), std::string::npos);  // sent at 120000: not among the first four
  w.keep_last = true;
  std::string last = lamport_dot(run, w);
  EXPECT_NE(last.find("(the last ones)"), std::string::npos);
  EXPECT_NE(last.find("ClientReply"), std::string::npos);
  EXPECT_EQ(dot_exit(first, "first"), 0);
  EXPECT_EQ(dot_exit(last, "last"), 0);
  w.from = 5'000'000;
  w.to = 6'000'000;
  const std::string empty = lamport_dot(run, w);
  EXPECT_NE(empty.find("no events in this window"), std::string::npos);
  EXPECT_EQ(dot_exit(empty, "empty"), 0);
}

TEST(Lamport, DefaultWindowIsTheFirstFailuresWitness) {
  const auto dir = testing::make_fixture("lamport-failure");
  std::int64_t from = 0, to = 0;
  const auto summary = load_summary(open_run_dir(dir.string()));
  ASSERT_TRUE(first_failure_window(summary, from, to));
  EXPECT_EQ(from, 10000);
  EXPECT_EQ(to, 90000);
  testing::FixtureOptions o;
  o.lin_failure = false;
  const auto dir2 = testing::make_fixture("lamport-txn", o);
  ASSERT_TRUE(first_failure_window(load_summary(open_run_dir(dir2.string())), from, to));
  EXPECT_EQ(from, 1000);  // the anomaly's transactions
  EXPECT_EQ(to, 6000);
  o.txn_failure = false;
  const auto dir3 = testing::make_fixture("lamport-none", o);
  EXPECT_FALSE(first_failure_window(load_summary(open_run_dir(dir3.string())), from, to));
}

TEST(RingDot, ArcsInTokenOrderWithLoads) {
  const auto summary = load_summary(open_run_dir(testing::make_fixture("ring").string()));
  const std::string d = ring_dot(summary["ring"]);
  EXPECT_NE(d.find("Ring: 3 servers, 6 virtual nodes"), std::string::npos);
  EXPECT_NE(d.find("keys 34"), std::string::npos);
  EXPECT_NE(d.find("v5 -- v0"), std::string::npos);  // the circle closes
  EXPECT_EQ(dot_exit(d, "ring", "circo"), 0);
  EXPECT_EQ(ring_dot(nlohmann::json()), "");
}

TEST(TxnCycleDot, EdgesCarryTypeKeyAndWhy) {
  const auto summary = load_summary(open_run_dir(testing::make_fixture("txn").string()));
  const auto anomalies = txn_anomalies(summary);
  ASSERT_EQ(anomalies.size(), 1u);
  const std::string d = txn_cycle_dot(anomalies);
  EXPECT_NE(d.find("\"a1_T1\" -> \"a1_T2\" [label=\"rw x3\\nT2 read x3 without T1's append of 7\"]"), std::string::npos) << d;
  EXPECT_NE(d.find("G-single"), std::string::npos);
  EXPECT_EQ(dot_exit(d, "txn"), 0);
}

}  // namespace
}  // namespace cachesim::reports
