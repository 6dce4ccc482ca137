// report.html: the charts users look at are there, say when data is absent
// or downsampled, and `build_reports` is a pure function of the run directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fixture.hpp"
#include "reports/build_reports.hpp"
#include "reports/charts.hpp"
#include "reports/html_report.hpp"
#include "reports/run_stats.hpp"
#include "sim/core/input_error.hpp"

namespace cachesim::reports {
namespace {

namespace fs = std::filesystem;

TEST(RunStats, GathersLatencyMessagesAndFaultWindows) {
  const RunStats st = collect_run_stats(open_run_dir(testing::make_fixture("stats").string()));
  EXPECT_EQ(st.timed_ops, 40u);
  EXPECT_FALSE(st.downsampled());
  std::uint64_t n = 0;
  for (const auto& [name, h] : st.latency) n += h.count();
  EXPECT_EQ(n, 40u);
  EXPECT_TRUE(st.latency.count("read ok") && st.latency.count("write fail") && st.latency.count("write info"));
  ASSERT_TRUE(st.messages.count("Commit"));
  EXPECT_EQ(st.messages.at("Commit").sent, 1u);
  EXPECT_EQ(st.messages.at("Commit").duplicated, 1u);
  EXPECT_EQ(st.messages.at("Commit").delivered, 2u);
  EXPECT_EQ(st.messages.at("Accept").dropped, 1u);
  ASSERT_EQ(st.faults.size(), 3u);
  EXPECT_EQ(st.faults[0].label, "crash n3");
  EXPECT_EQ(st.faults[0].start, 150000);
  EXPECT_EQ(st.faults[0].end, 550000);
  EXPECT_EQ(st.faults[1].label, "partition: isolate n1");
  EXPECT_EQ(st.faults[1].end, 500000);
  EXPECT_TRUE(st.faults[2].instant);
  EXPECT_EQ(st.faults[2].label, "clock n2: jump 5ms");
}

TEST(HtmlReport, EverySectionRendersFromAFailedRun) {
  const auto dir = testing::make_fixture("html");
  const auto files = build_reports(dir.string());
  const std::vector<std::string> want = {"report.html", "trace.perfetto.json", "lamport.dot", "ring.dot", "txn-cycle.dot"};
  EXPECT_EQ(files, want);
  const std::string h = testing::slurp(dir / "report.html");
  EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart latency-scatter"), 1u);
  EXPECT_EQ(testing::count(h, "<circle class=\"mark\""), 40u);  // one point per operation, below the point budget
  EXPECT_EQ(testing::count(h, "<rect class=\"fault\""), 4u);    // crash and partition windows, on latency and throughput
  EXPECT_EQ(testing::count(h, "<line class=\"fault\""), 2u);    // the clock jump, on both
  EXPECT_NE(h.find("class=\"fault-label\" x="), std::string::npos);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart throughput"), 1u);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart messages"), 1u);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart ring-load"), 1u);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart lin-timeline"), 1u);
  EXPECT_EQ(testing::count(h, "<g class=\"op mark failing\""), 1u);
  EXPECT_EQ(testing::count(h, "<g class=\"op mark\""), 2u);
  EXPECT_NE(h.find("read \u2192 1"), std::string::npos);  // the value read is on its bar
  EXPECT_NE(h.find("could only hold: <b>2</b>"), std::string::npos);
  EXPECT_EQ(testing::count(h, "<svg class=\"chart txn-cycle"), 1u);
  EXPECT_NE(h.find("T1 read T2&#39;s append of 4 to x1"), std::string::npos);
  EXPECT_NE(h.find("<table class=\"percentiles\">"), std::string::npos);
  for (const char* q : {"<th>p50</th>", "<th>p90</th>", "<th>p99</th>", "<th>p99.9</th>", "<th>max</th>"})
    EXPECT_NE(h.find(q), std::string::npos) << q;
  EXPECT_NE(h.find("<td class=\"fail\">fail</td>"), std::string::npos);  // the checks table
  EXPECT_EQ(h.find("http://"), h.find("http://www.w3.org/2000/svg"));   // no network: only the SVG namespace
  EXPECT_EQ(h.find("https://"), std::string::npos);
  EXPECT_EQ(h.find("not in this run"), std::string::npos);
}

TEST(HtmlReport, AbsentDataIsNamed) {
  testing::FixtureOptions o;
  o.lin_failure = o.txn_failure = o.ring = false;
  const auto dir = testing::make_fixture("html-absent", o);
  const auto files = build_reports(dir.string());
  EXPECT_EQ(files.size(), 3u);  // no ring.dot, no txn-cycle.dot
  EXPECT_FALSE(fs::exists(dir / "ring.dot"));
  const std::string h = testing::slurp(dir / "report.html");
  EXPECT_NE(h.find("Ring load: not in this run."), std::string::npos);
  EXPECT_NE(h.find("Transaction check: not in this run."), std::string::npos);
  EXPECT_EQ(h.find("lin-timeline"), std::string::npos);
}

TEST(HtmlReport, ManyOperationsAreDownsampledAndSaySo) {
  testing::FixtureOptions o;
  o.ops = 9000;
  const auto dir = testing::make_fixture("html-many", o);
  const RunStats st = collect_run_stats(open_run_dir(dir.string()));
  EXPECT_TRUE(st.downsampled());
  const std::string svg = latency_scatter_svg(st);
  EXPECT_NE(svg.find("downsampled: 9000 operations drawn as the min and max"), std::string::npos);
  EXPECT_LE(testing::count(svg, "<circle class=\"mark\""), 2 * st.scatter.capacity() * st.series.size());
  EXPECT_LT(testing::count(svg, "<circle class=\"mark\""), 9000u);
}

TEST(BuildReports, RebuildIsByteIdentical) {
  const auto dir = testing::make_fixture("rebuild");
  build_reports(dir.string());
  std::map<std::string, std::string> first;
  for (const char* f : {"report.html", "trace.perfetto.json", "lamport.dot", "ring.dot", "txn-cycle.dot"})
    first[f] = testing::slurp(dir / f);
  build_reports(dir.string());
  for (const auto& [f, text] : first) EXPECT_EQ(testing::slurp(dir / f), text) << f;
  for (const auto& e : fs::directory_iterator(dir)) EXPECT_NE(e.path().extension(), ".tmp") << e.path();
}

std::string error_of(const std::string& dir, const ReportOptions& o = {}) {
  try {
    build_reports(dir, o);
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(BuildReports, BadRunDirectoriesGiveOneLineErrors) {
  EXPECT_EQ(error_of("/nonexistent-run"),
            "/nonexistent-run: expected a run directory (cachesim run --out DIR), found none");
  const auto dir = testing::make_fixture("bad");
  fs::remove(dir / "trace.jsonl");
  EXPECT_NE(error_of(dir.string()).find("trace.jsonl: expected a file written by cachesim run --out, found none"),
            std::string::npos);
  const auto d2 = testing::make_fixture("bad2");
  std::ofstream(d2 / "summary.json") << "{\"scenario\": 3}";
  EXPECT_NE(error_of(d2.string()).find("summary.json: /scenario: expected a string, found a number"), std::string::npos);
  std::ofstream(d2 / "summary.json") << "{\"scenario\": ";
  EXPECT_NE(error_of(d2.string()).find("summary.json: expected JSON, found a syntax error"), std::string::npos);
  const auto d3 = testing::make_fixture("bad3");
  std::ofstream(d3 / "history.jsonl") << "{\"process\":0,\"type\":\"ok\",\"f\":\"read\",\"key\":\"k\",\"value\":1}\n";
  EXPECT_NE(error_of(d3.string()).find("history.jsonl:1: expected an invoke before this completion"), std::string::npos);
  for (const std::string& m : {error_of(d2.string()), error_of(d3.string())}) EXPECT_EQ(m.find('\n'), std::string::npos);
}

TEST(BuildReports, WindowOptionParses) {
  ReportOptions o;
  parse_window("50us:120us", o);
  EXPECT_EQ(*o.window_from, 50000);
  EXPECT_EQ(*o.window_to, 120000);
  EXPECT_THROW(parse_window("2s:1s", o), InputError);
  EXPECT_THROW(parse_window("soon", o), InputError);
  const auto dir = testing::make_fixture("window");
  parse_window("50us:120us", o);
  build_reports(dir.string(), o);
  EXPECT_NE(testing::slurp(dir / "lamport.dot").find("(chosen with --window)"), std::string::npos);
}

}  // namespace
}  // namespace cachesim::reports
