#include "fixture.hpp"

#include <unistd.h>

#include <fstream>
#include <nlohmann/json.hpp>

namespace cachesim::reports::testing {

namespace fs = std::filesystem;

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

fs::path test_tmp(const std::string& name) {
  fs::path d = fs::temp_directory_path() / ("cachesim-reports-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(d);
  fs::create_directories(d);
  return d;
}

namespace {

const char* kTrace = R"({"i":0,"t":0,"ev":"note","text":"start"}
{"i":1,"t":1000,"ev":"send","from":"c1","to":"n1","msg":"ClientRequest","id":1,"detail":"write k1 5"}
{"i":2,"t":51000,"ev":"deliver","from":"c1","to":"n1","msg":"ClientRequest","id":1}
{"i":3,"t":51000,"ev":"send","from":"n1","to":"n2","msg":"Accept","id":2}
{"i":4,"t":51000,"ev":"send","from":"n1","to":"n3","msg":"Accept","id":3}
{"i":5,"t":51000,"ev":"drop","from":"n1","to":"n3","msg":"Accept","id":3,"reason":"loss"}
{"i":6,"t":51000,"ev":"send","from":"n1","to":"n2","msg":"Commit","id":4}
{"i":7,"t":51000,"ev":"duplicate","from":"n1","to":"n2","msg":"Commit","id":4}
{"i":8,"t":90000,"ev":"deliver","from":"n1","to":"n2","msg":"Accept","id":2}
{"i":9,"t":90000,"ev":"send","from":"n2","to":"n1","msg":"Accepted","id":5}
{"i":10,"t":95000,"ev":"deliver","from":"n1","to":"n2","msg":"Commit","id":4}
{"i":11,"t":97000,"ev":"deliver","from":"n1","to":"n2","msg":"Commit","id":4}
{"i":12,"t":120000,"ev":"deliver","from":"n2","to":"n1","msg":"Accepted","id":5}
{"i":13,"t":120000,"ev":"send","from":"n1","to":"c1","msg":"ClientReply","id":6}
{"i":14,"t":150000,"ev":"crash","node":"n3"}
{"i":15,"t":160000,"ev":"timer","node":"n1","id":42,"tag":7}
{"i":16,"t":160000,"ev":"send","from":"n1","to":"n3","msg":"Heartbeat","id":7}
{"i":17,"t":170000,"ev":"deliver","from":"n1","to":"c1","msg":"ClientReply","id":6}
{"i":18,"t":200000,"ev":"drop","from":"n1","to":"n3","msg":"Heartbeat","id":7,"reason":"down"}
{"i":19,"t":300000,"ev":"partition","text":"isolate n1"}
{"i":20,"t":310000,"ev":"send","from":"n2","to":"n1","msg":"Prepare","id":8}
{"i":21,"t":310000,"ev":"drop","from":"n2","to":"n1","msg":"Prepare","id":8,"reason":"partition"}
{"i":22,"t":400000,"ev":"clock","node":"n2","text":"jump 5ms"}
{"i":23,"t":500000,"ev":"heal"}
{"i":24,"t":550000,"ev":"restart","node":"n3"}
{"i":25,"t":560000,"ev":"log","node":"n3","text":"recovered \"slot\" 4"}
{"i":26,"t":600000,"ev":"send","from":"n2","to":"n3","msg":"Accept","id":9}
)";

nlohmann::json witness_op(int index, int process, const char* f, nlohmann::json value, const char* outcome,
                          std::int64_t a, std::int64_t b, const char* text) {
  return {{"index", index}, {"process", process}, {"f", f}, {"key", "k1"}, {"value", value}, {"outcome", outcome},
          {"invoke_line", index * 2 + 1}, {"invoke_time", a}, {"complete_line", index * 2 + 2}, {"complete_time", b},
          {"text", text}};
}

}  // namespace

fs::path make_fixture(const std::string& name, const FixtureOptions& o) {
  const fs::path dir = test_tmp(name);
  std::ofstream(dir / "trace.jsonl") << kTrace;
  {
    std::ofstream h(dir / "history.jsonl");
    // Three processes, each doing one operation at a time; latencies vary.
    std::int64_t t = 1000;
    for (int i = 0; i < o.ops; ++i) {
      const int p = i % 3;
      const bool read = i % 2 == 1;
      const std::int64_t lat = 20000 + (i * 7919) % 90000;
      const char* type = i % 11 == 10 ? "info" : i % 7 == 6 ? "fail" : "ok";
      h << "{\"process\":" << p << ",\"type\":\"invoke\",\"f\":\"" << (read ? "read" : "write")
        << "\",\"key\":\"k1\",\"value\":" << (read ? "null" : std::to_string(i)) << ",\"time\":" << t << "}\n";
      h << "{\"process\":" << p << ",\"type\":\"" << type << "\",\"f\":\"" << (read ? "read" : "write")
        << "\",\"key\":\"k1\",\"value\":" << (read && std::string(type) == "ok" ? std::to_string(i - 1) : read ? "null" : std::to_string(i))
        << ",\"time\":" << t + lat << "}\n";
      t += lat + 500;
    }
  }
  nlohmann::json checks = nlohmann::json::array();
  checks.push_back({{"name", "invariants"}, {"verdict", "pass"}, {"summary", "no protocol assertion failed"}, {"details", ""}});
  if (o.lin_failure) {
    nlohmann::json window = nlohmann::json::array();
    window.push_back(witness_op(0, 0, "write", 1, "ok", 10000, 30000, "process 0 write 1"));
    window.push_back(witness_op(1, 1, "write", 2, "ok", 40000, 60000, "process 1 write 2"));
    window.push_back(witness_op(2, 2, "read", 1, "ok", 70000, 90000, "process 2 read -> 1"));
    nlohmann::json w = {{"failing", window[2]}, {"states_before", {"2"}}, {"prefix_ops", 2}, {"window_minimal", true},
                        {"window", window}};
    nlohmann::json lin = {{"checker", "linearizability"}, {"verdict", "illegal"},
                          {"keys", {{{"key", "k1"}, {"verdict", "illegal"}, {"witness", w}}}}};
    checks.push_back({{"name", "linearizability"}, {"verdict", "fail"}, {"summary", "1 keys, 3 operations"},
                      {"details", "key \"k1\" is not linearizable."}, {"witness", lin}});
  } else {
    checks.push_back({{"name", "linearizability"}, {"verdict", "pass"}, {"summary", "1 keys"}, {"details", ""}});
  }
  if (o.txn_failure) {
    nlohmann::json anomaly = {
        {"kind", "G-single"},
        {"keys", {"x1", "x3"}},
        {"explanation", "T1 and T2 each saw the other's effect missing: a read skew"},
        {"transactions",
         {{{"id", "T1"}, {"process", 3}, {"invoke_time", 1000}, {"complete_time", 5000}, {"outcome", "ok"},
           {"ops", {{"append", "x3", 7}, {"r", "x1", {1, 4}}}}},
          {{"id", "T2"}, {"process", 4}, {"invoke_time", 2000}, {"complete_time", 6000}, {"outcome", "ok"},
           {"ops", {{"append", "x1", 4}, {"r", "x3", nlohmann::json::array()}}}}}},
        {"cycle",
         {{{"from", "T1"}, {"to", "T2"}, {"edge", "rw"}, {"key", "x3"}, {"why", "T2 read x3 without T1's append of 7"}},
          {{"from", "T2"}, {"to", "T1"}, {"edge", "wr"}, {"key", "x1"}, {"why", "T1 read T2's append of 4 to x1"}}}}};
    checks.push_back({{"name", "transactions"}, {"verdict", "illegal"}, {"summary", "1 anomaly"}, {"details", ""},
                      {"anomalies", {anomaly}}});
  }
  nlohmann::json s = {{"scenario", "fixture"},
                      {"file", "fixture.json"},
                      {"seed", 7},
                      {"sim_time_ns", 700000},
                      {"wall_ms", 3},
                      {"events", 27},
                      {"messages", {{"sent", 9}, {"delivered", 6}, {"dropped", 3}, {"duplicated", 1}}},
                      {"faults_injected", 3},
                      {"quiet_start_ns", 550000},
                      {"operations", {{"total", o.ops}, {"ok", 0}, {"fail", 0}, {"info", 0}}},
                      {"checks", checks},
                      {"verdict", o.lin_failure ? "fail" : "pass"},
                      {"failed_check", o.lin_failure ? "linearizability" : ""},
                      {"expected", "pass"},
                      {"as_expected", !o.lin_failure},
                      {"trace_hash", "0123456789abcdef"},
                      {"trace_events", 27}};
  if (o.ring) {
    s["ring"] = {{"nodes", {"n1", "n2", "n3"}},
                 {"points", {{100, 0}, {200, 1}, {300, 2}, {400, 0}, {500, 1}, {600, 2}}},
                 {"keys_per_node", {30, 34, 36}},
                 {"ops_per_node", {300, 310, 290}}};
  }
  std::ofstream(dir / "summary.json") << s.dump(2) << "\n";
  std::ofstream(dir / "scenario.json") << "{\"name\":\"fixture\",\"seed\":7}\n";
  return dir;
}

}  // namespace cachesim::reports::testing
