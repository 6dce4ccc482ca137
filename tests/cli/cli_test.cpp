// The cachesim command as users drive it: exit codes, one-line errors,
// reproducible runs, byte-identical traces.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr, interleaved
};

Result cachesim(const std::string& args) {
  const std::string cmd = std::string(CACHESIM_BINARY) + " " + args + " 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("cachesim-cli-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

std::string write_file(const fs::path& p, const std::string& text) {
  std::ofstream(p) << text;
  return p.string();
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

int lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}

TEST(Cli, VersionAndHelpOnEverySubcommand) {
  Result v = cachesim("--version");
  EXPECT_EQ(v.code, 0);
  EXPECT_EQ(v.out.rfind("cachesim ", 0), 0u) << v.out;
  for (const char* sub : {"", "run ", "validate ", "check "}) {
    Result h = cachesim(std::string(sub) + "--help");
    EXPECT_EQ(h.code, 0) << sub;
    EXPECT_NE(h.out.find("Usage"), std::string::npos) << sub;
  }
}

TEST(Cli, UsageErrorsExitTwo) {
  EXPECT_EQ(cachesim("").code, 2);
  EXPECT_EQ(cachesim("frobnicate").code, 2);
  EXPECT_EQ(cachesim("run").code, 2);
  EXPECT_EQ(cachesim("run x.json --seed notanumber").code, 2);
  EXPECT_EQ(cachesim("check h.jsonl --model nosuch").code, 2);
}

TEST(Cli, BadScenarioIsOneLineNamingFileAndPath) {
  const fs::path d = temp_dir();
  const std::string bad = write_file(d / "bad.json", R"({"faults": [{"at": -5, "kind": "heal"}]})");
  Result r = cachesim("validate " + bad);
  EXPECT_EQ(r.code, 2);
  EXPECT_EQ(lines(r.out), 1) << r.out;
  EXPECT_NE(r.out.find(bad + ": /faults/0/at: expected a duration"), std::string::npos) << r.out;
  Result run = cachesim("run " + bad + " --seed 1");
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(lines(run.out), 1) << run.out;
  Result missing = cachesim("run " + (d / "nope.json").string());
  EXPECT_EQ(missing.code, 2);
  EXPECT_NE(missing.out.find("cannot read"), std::string::npos);
  const std::string broken = write_file(d / "broken.json", "{\n  \"seed\": 1,\n  oops\n}");
  Result m = cachesim("validate " + broken);
  EXPECT_EQ(m.code, 2);
  EXPECT_NE(m.out.find(broken + ":3:"), std::string::npos) << m.out;
}

TEST(Cli, CheckGivesZeroOneThreeAndTwoForBadHistories) {
  const fs::path d = temp_dir();
  const std::string good = write_file(d / "good.jsonl",
                                      R"({"process":0,"type":"invoke","f":"write","key":"k","value":1,"time":0}
{"process":0,"type":"ok","f":"write","key":"k","value":1,"time":10}
{"process":1,"type":"invoke","f":"read","key":"k","value":null,"time":20}
{"process":1,"type":"ok","f":"read","key":"k","value":1,"time":30}
)");
  EXPECT_EQ(cachesim("check " + good).code, 0);
  const std::string stale = write_file(d / "stale.jsonl",
                                       R"({"process":0,"type":"invoke","f":"write","key":"k","value":1,"time":0}
{"process":0,"type":"ok","f":"write","key":"k","value":1,"time":10}
{"process":1,"type":"invoke","f":"read","key":"k","value":null,"time":20}
{"process":1,"type":"ok","f":"read","key":"k","value":null,"time":30}
)");
  Result bad = cachesim("check " + stale);
  EXPECT_EQ(bad.code, 1) << bad.out;
  EXPECT_NE(bad.out.find("k"), std::string::npos);
  const std::string writes_only = write_file(d / "writes.jsonl",
                                             R"({"process":0,"type":"invoke","f":"write","key":"k","value":1}
{"process":0,"type":"ok","f":"write","key":"k","value":1}
)");
  EXPECT_EQ(cachesim("check " + writes_only).code, 3) << "no reads: nothing to check";
  const std::string garbage = write_file(d / "garbage.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\nnot json\n");
  Result g = cachesim("check " + garbage);
  EXPECT_EQ(g.code, 2);
  EXPECT_EQ(lines(g.out), 1) << g.out;
  EXPECT_NE(g.out.find("garbage.jsonl:"), std::string::npos) << g.out;
}

TEST(Cli, RunPrintsTheReproduceLineFirstAndTheTraceHash) {
  Result r = cachesim("run scenarios/healthy-5.json --seed 7");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_EQ(r.out.rfind(std::string(CACHESIM_BINARY) + " run scenarios/healthy-5.json --seed 7\n", 0), 0u) << r.out;
  for (const char* field : {"seed", "sim time", "events", "messages", "faults", "operations", "linearizability",
                            "liveness", "verdict", "trace hash"}) {
    EXPECT_NE(r.out.find(field), std::string::npos) << field;
  }
}

TEST(Cli, RunWithoutSeedPicksOneAndSaysSo) {
  Result r = cachesim("run scenarios/healthy-5.json");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("# seed chosen at random"), std::string::npos) << r.out;
}

TEST(Cli, SameSeedGivesAByteIdenticalTraceAndHistory) {
  const fs::path d = temp_dir();
  const std::string a = (d / "a.jsonl").string(), b = (d / "b.jsonl").string(), c = (d / "c.jsonl").string();
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 5 --trace " + a + " --history " + a + ".h").code, 0);
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 5 --trace " + b + " --history " + b + ".h").code, 0);
  ASSERT_EQ(cachesim("run scenarios/minority-partition.json --seed 6 --trace " + c).code, 0);
  const std::string ta = slurp(a);
  EXPECT_GT(lines(ta), 1000);
  EXPECT_EQ(ta, slurp(b));
  EXPECT_EQ(slurp(a + ".h"), slurp(b + ".h"));
  EXPECT_NE(ta, slurp(c));
  for (const char* kind : {"\"send\"", "\"deliver\"", "\"drop\"", "\"timer\"", "\"partition\"", "\"heal\"", "\"log\""})
    EXPECT_NE(ta.find(std::string("\"ev\":") + kind), std::string::npos) << kind;
  // The history a run writes is one the checker reads.
  EXPECT_EQ(cachesim("check " + a + ".h").code, 0);
}

TEST(Cli, CheckDeterminismRunsTwiceAndAgrees) {
  Result r = cachesim("run scenarios/leader-crash-loop.json --seed 3 --check-determinism");
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("determinism  two runs, same trace"), std::string::npos) << r.out;
}

TEST(Cli, AFailedCheckExitsOneAndPrintsTheReproduceCommand) {
  Result r = cachesim("run scenarios/drift-leases.json --seed 2");
  EXPECT_EQ(r.code, 1) << r.out;
  EXPECT_NE(r.out.find("reproduce    " + std::string(CACHESIM_BINARY) + " run scenarios/drift-leases.json --seed 2"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("minimal window"), std::string::npos) << r.out;
}

TEST(Cli, ACheckOutOfBudgetExitsThree) {
  // A budget of one nanosecond cannot decide anything.
  Result r = cachesim("run scenarios/healthy-5.json --seed 1 --check-time 1ns");
  EXPECT_EQ(r.code, 3) << r.out;
  EXPECT_NE(r.out.find("unknown"), std::string::npos);
}

TEST(Cli, JsonSummaryCarriesTheVerdictAndHash) {
  Result r = cachesim("run scenarios/healthy-5.json --seed 4 --json");
  EXPECT_EQ(r.code, 0);
  EXPECT_NE(r.out.find("\"verdict\": \"pass\""), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\"trace_hash\": \""), std::string::npos);
}

TEST(Cli, BadInputLeavesNoPartialOutputFile) {
  const fs::path d = temp_dir();
  const std::string bad = write_file(d / "bad2.json", R"({"duration": "soon"})");
  const fs::path trace = d / "never.jsonl";
  Result r = cachesim("run " + bad + " --trace " + trace.string());
  EXPECT_EQ(r.code, 2);
  EXPECT_FALSE(fs::exists(trace));
  Result nodir = cachesim("run scenarios/healthy-5.json --seed 1 --trace /nonexistent-dir/t.jsonl");
  EXPECT_EQ(nodir.code, 2);
  EXPECT_NE(nodir.out.find("/nonexistent-dir/t.jsonl: cannot write"), std::string::npos) << nodir.out;
}

// ---- The bad-input audit: every subcommand, every kind of bad input a user
// can give on a command line, through the real binary. Each must exit 2 with
// exactly one line on stderr naming the culprit, print nothing on stdout,
// finish (`timeout` turns a hang into exit 124), and leave no output file,
// finished or partial, behind.

namespace audit {

struct Outcome {
  int code = -1;
  std::string out, err;
};

Outcome run_split(const std::string& args, const fs::path& scratch) {
  const fs::path out = scratch / "stdout.txt", err = scratch / "stderr.txt";
  const std::string cmd = "timeout 120 " + std::string(CACHESIM_BINARY) + " " + args + " >" + out.string() + " 2>" +
                          err.string() + " </dev/null";
  const int status = std::system(cmd.c_str());
  Outcome o;
  o.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  o.out = slurp(out);
  o.err = slurp(err);
  fs::remove(out);
  fs::remove(err);
  return o;
}

struct BadInput {
  std::string args;   // after "cachesim"
  std::string names;  // what the one stderr line must mention
};

std::vector<BadInput> table(const fs::path& d) {
  const std::string good = "scenarios/healthy-5.json";
  const std::string missing = (d / "missing.json").string();
  const std::string dir = (d / "a-directory").string();
  fs::create_directories(dir);
  const std::string empty = write_file(d / "empty.json", "");
  const std::string blank = write_file(d / "blank.jsonl", "\n  \n\t\n");
  std::string bytes;
  for (int i = 0; i < 2048; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) % 256));
  const std::string garbage = write_file(d / "garbage.bin", bytes);
  const std::string through_file = empty + "/x.json";  // a path whose directory is a file
  // Unreadable even for root: reading /proc/self/mem at offset 0 fails (EIO).
  const std::string unreadable = "/proc/self/mem";
  const std::string outputs = (d / "outputs").string();
  const std::string to_outputs = " --trace " + outputs + "/trace.jsonl --history " + outputs + "/history.jsonl";
  std::vector<BadInput> t = {
      {"run " + good + " --frobnicate", "--frobnicate"},
      {"run " + good + " --seed abc", "--seed"},
      {"run " + good + " --seed -1", "--seed"},
      {"run " + good + " --seed 1.5", "--seed"},
      {"run " + good + " --seed 18446744073709551616", "--seed"},
      {"run " + good + " --seed 1 --check-time soon", "--check-time"},
      {"run " + good + " --seed 1 --check-time 99999999999999999999h", "--check-time"},
      {"run " + good + " --seed 1 --check-time 2000000s", "--check-time"},  // over the scenario format's bound
      {"run " + good + " --seed 1 --check-memory-mb 18446744073709551615", "--check-memory-mb"},
      {"run " + good + " --seed 1 --check-memory-mb 0", "--check-memory-mb"},
      {"run " + missing + " --seed 1", missing},
      {"run " + dir + " --seed 1", dir},
      {"run " + unreadable + " --seed 1", unreadable},
      {"run " + empty + " --seed 1", empty},
      {"run " + garbage + " --seed 1", garbage},
      {"run " + through_file + " --seed 1", through_file},
      {"run " + good + " --seed 1 --trace " + dir, dir},
      {"run " + good + " --seed 1 --history " + dir, dir},
      {"run " + good + " --seed 1 --trace " + d.string() + "/no-such-dir/t.jsonl", "no-such-dir/t.jsonl"},
      {"validate --frobnicate " + good, "--frobnicate"},
      {"validate " + missing, missing},
      {"validate " + dir, dir},
      {"validate " + unreadable, unreadable},
      {"validate " + empty, empty},
      {"validate " + garbage, garbage},
      {"validate " + through_file, through_file},
      {"validate /dev/zero", "/dev/zero"},  // endless: refused at the size bound
      {"check --frobnicate " + blank, "--frobnicate"},
      {"check " + blank + " --time-budget soon", "--time-budget"},
      {"check " + blank + " --time-budget 99999999999999999999h", "--time-budget"},
      {"check " + blank + " --memory-mb abc", "--memory-mb"},
      {"check " + blank + " --memory-mb 18446744073709551615", "--memory-mb"},
      {"check " + missing, missing},
      {"check " + dir, dir},
      {"check " + unreadable, unreadable},
      {"check " + empty, empty},
      {"check " + blank, blank},
      {"check " + garbage, garbage},
      {"check " + through_file, through_file},
  };
  const std::string failing = "scenarios/drift-leases.json";
  const std::string out = " --out " + outputs + "/min.json";
  for (const BadInput& b : std::vector<BadInput>{
           {"shrink " + failing + out, "--seed"},  // required
           {"shrink " + failing + " --seed -1" + out, "--seed"},
           {"shrink " + failing + " --seed 2 --max-runs 0" + out, "--max-runs"},
           {"shrink " + failing + " --seed 2 --max-runs abc" + out, "--max-runs"},
           {"shrink " + failing + " --seed 2 --time-budget soon" + out, "--time-budget"},
           {"shrink " + failing + " --seed 2 --out " + dir, dir},
           {"shrink " + missing + " --seed 2" + out, missing},
           {"shrink " + dir + " --seed 2" + out, dir},
           {"shrink " + empty + " --seed 2" + out, empty},
           {"shrink " + garbage + " --seed 2" + out, garbage},
       })
    t.push_back(b);
  // Every run case also asks for a trace and a history, which must not appear.
  for (BadInput& b : t)
    if (b.args.rfind("run ", 0) == 0 && b.args.find("--trace") == std::string::npos &&
        b.args.find("--history") == std::string::npos)
      b.args += to_outputs;
  return t;
}

TEST(CliBadInput, EveryBadInputExitsTwoWithOneLineAndNoOutputFile) {
  const fs::path d = temp_dir() / "audit";
  fs::create_directories(d / "outputs");
  const std::vector<BadInput> cases = table(d);
  EXPECT_GE(cases.size(), 30u);
  for (const BadInput& b : cases) {
    SCOPED_TRACE("cachesim " + b.args);
    const Outcome o = run_split(b.args, d);
    EXPECT_EQ(o.code, 2) << o.err;
    EXPECT_EQ(lines(o.err), 1) << o.err;
    EXPECT_FALSE(o.err.empty() || o.err.back() != '\n') << o.err;
    EXPECT_NE(o.err.find(b.names), std::string::npos) << o.err;
    EXPECT_EQ(o.out, "") << "stdout must carry no result";
    for (const auto& e : fs::directory_iterator(d / "outputs")) ADD_FAILURE() << "left behind: " << e.path();
    for (const auto& e : fs::directory_iterator(d / "a-directory")) ADD_FAILURE() << "left behind: " << e.path();
  }
}

TEST(CliBadInput, AnUnreadableFileIsRefusedForAnyUser) {
  // chmod is no barrier to root, so this case only means something for
  // others; /proc/self/mem in the table covers root.
  const fs::path d = temp_dir() / "audit-perm";
  fs::create_directories(d);
  const std::string f = write_file(d / "locked.json", "{}");
  fs::permissions(f, fs::perms::none);
  if (::access(f.c_str(), R_OK) == 0) GTEST_SKIP() << "running as root: permissions do not stop reading";
  for (const std::string sub : {"run ", "validate ", "check "}) {
    const Outcome o = run_split(sub + f, d);
    EXPECT_EQ(o.code, 2) << sub;
    EXPECT_EQ(lines(o.err), 1) << o.err;
    EXPECT_NE(o.err.find(f + ": cannot read"), std::string::npos) << o.err;
  }
}

}  // namespace audit

}  // namespace

namespace {

TEST(CliShrink, WritesAScenarioThatFailsTheSameCheckOnItsOwn) {
  const fs::path d = temp_dir() / "shrink";
  fs::create_directories(d);
  const std::string min = (d / "min.json").string();
  const Result r = cachesim("shrink scenarios/drift-leases.json --seed 2 --out " + min);
  EXPECT_EQ(r.code, 1) << r.out;
  for (const char* field : {"fails linearizability", "faults", "operations", "events", "before", "after", "wrote"})
    EXPECT_NE(r.out.find(field), std::string::npos) << field << "\n" << r.out;
  EXPECT_NE(r.out.find("reproduce " + std::string(CACHESIM_BINARY) + " run " + min), std::string::npos) << r.out;
  const Result again = cachesim("run " + min);
  EXPECT_EQ(again.code, 1) << again.out;
  EXPECT_NE(again.out.find("linearizability  fail"), std::string::npos) << again.out;
}

TEST(CliShrink, APassingRunWritesNothing) {
  const fs::path d = temp_dir() / "shrink-pass";
  fs::create_directories(d);
  const Result r = cachesim("shrink scenarios/healthy-5.json --seed 1 --out " + (d / "min.json").string());
  EXPECT_EQ(r.code, 0) << r.out;
  EXPECT_NE(r.out.find("nothing to shrink"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(d));
}

}  // namespace
