// Report generation at scale: a synthetic run directory of --ops client
// operations (default 1M; each a request, a replication and a reply, so 6
// trace events per operation, with drops, duplicates and faults sprinkled
// in), then build_reports() on it, timed. Prints one JSON line: the sizes,
// seconds, and peak RSS (which includes writing the directory, itself
// streamed, so it bounds the report's own peak from above).
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>

#include "reports/build_reports.hpp"
#include "tests/bench/bench_util.hpp"

namespace {

namespace fs = std::filesystem;

void write_run(const fs::path& dir, std::uint64_t ops, std::uint64_t& trace_lines) {
  std::ofstream trace(dir / "trace.jsonl"), history(dir / "history.jsonl");
  std::uint64_t i = 0, id = 0;
  std::int64_t t = 0;
  const char* nodes[] = {"n1", "n2", "n3"};
  auto msg = [&](const char* ev, const std::string& from, const char* to, const char* type, std::uint64_t mid,
                 const char* extra = "") {
    trace << "{\"i\":" << i++ << ",\"t\":" << t << ",\"ev\":\"" << ev << "\",\"from\":\"" << from << "\",\"to\":\""
          << to << "\",\"msg\":\"" << type << "\",\"id\":" << mid << extra << "}\n";
  };
  for (std::uint64_t op = 0; op < ops; ++op) {
    const std::uint64_t process = op % 8;
    const std::string client = "c" + std::to_string(process + 1);
    const bool read = op % 3 != 0;
    const std::int64_t start = t;
    history << "{\"process\":" << process << ",\"type\":\"invoke\",\"f\":\"" << (read ? "read" : "write")
            << "\",\"key\":\"k" << op % 16 << "\",\"value\":" << (read ? "null" : std::to_string(op)) << ",\"time\":" << t
            << "}\n";
    if (op % 50000 == 10) trace << "{\"i\":" << i++ << ",\"t\":" << t << ",\"ev\":\"crash\",\"node\":\"n3\"}\n";
    if (op % 50000 == 900) trace << "{\"i\":" << i++ << ",\"t\":" << t << ",\"ev\":\"restart\",\"node\":\"n3\"}\n";
    const std::uint64_t req = ++id, rep = ++id, ack = ++id;
    msg("send", client, "n1", "cache.request", req);
    t += 40000 + static_cast<std::int64_t>(op * 7919 % 30000);
    msg("deliver", client, "n1", "cache.request", req);
    msg("send", "n1", nodes[1 + op % 2], "paxos.accept", rep);
    if (op % 100 == 7) {
      msg("drop", "n1", nodes[1 + op % 2], "paxos.accept", rep, ",\"reason\":\"loss\"");
    } else {
      t += 30000;
      msg("deliver", "n1", nodes[1 + op % 2], "paxos.accept", rep);
    }
    msg("send", "n1", client.c_str(), "cache.reply", ack);
    if (op % 97 == 3) msg("duplicate", "n1", client.c_str(), "cache.reply", ack);
    t += 40000;
    msg("deliver", "n1", client.c_str(), "cache.reply", ack);
    if (op % 97 == 3) msg("deliver", "n1", client.c_str(), "cache.reply", ack);
    history << "{\"process\":" << process << ",\"type\":\"ok\",\"f\":\"" << (read ? "read" : "write") << "\",\"key\":\"k"
            << op % 16 << "\",\"value\":" << (read ? std::to_string(op - 1) : std::to_string(op)) << ",\"time\":" << t
            << "}\n";
    (void)start;
  }
  trace_lines = i;
  std::ofstream(dir / "summary.json") << "{\"scenario\":\"report-bench\",\"seed\":1,\"sim_time_ns\":" << t
                                      << ",\"checks\":[{\"name\":\"linearizability\",\"verdict\":\"pass\"}]}\n";
}

}  // namespace

int main(int argc, char** argv) {
  using namespace cachesim;
  const std::uint64_t ops = bench::flag(argc, argv, "ops", 1'000'000);
  const fs::path dir = fs::temp_directory_path() / ("cachesim-report-bench-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::uint64_t trace_lines = 0;
  write_run(dir, ops, trace_lines);
  const std::uint64_t input_bytes = fs::file_size(dir / "trace.jsonl") + fs::file_size(dir / "history.jsonl");
  const std::uint64_t rss_before = bench::peak_rss_bytes();
  bench::Stopwatch sw;
  reports::build_reports(dir.string());
  const double secs = sw.seconds();
  const std::uint64_t out_bytes = fs::file_size(dir / "trace.perfetto.json") + fs::file_size(dir / "report.html");
  fs::remove_all(dir);
  std::printf(
      "{\"name\":\"report\",\"ops\":%llu,\"trace_events\":%llu,\"input_bytes\":%llu,\"output_bytes\":%llu,"
      "\"seconds\":%.3f,\"trace_events_per_sec\":%.0f,\"peak_rss_bytes\":%llu,\"peak_rss_before_report_bytes\":%llu}\n",
      static_cast<unsigned long long>(ops), static_cast<unsigned long long>(trace_lines),
      static_cast<unsigned long long>(input_bytes), static_cast<unsigned long long>(out_bytes), secs,
      static_cast<double>(trace_lines) / secs, static_cast<unsigned long long>(bench::peak_rss_bytes()),
      static_cast<unsigned long long>(rss_before));
  return 0;
}
