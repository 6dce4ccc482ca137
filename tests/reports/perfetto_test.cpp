// trace.perfetto.json holds to the Trace Event Format: it parses, timestamps
// are microseconds, slices nest per track, every flow start has its end,
// inside a slice on the right track.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "fixture.hpp"
#include "reports/perfetto.hpp"

namespace cachesim::reports {
namespace {

using nlohmann::json;

json perfetto_of(const std::filesystem::path& dir) {
  std::ostringstream out;
  write_perfetto(open_run_dir(dir.string()), out);
  return json::parse(out.str());  // throws (fails the test) if not JSON
}

// The track names (pid 1 thread_name metadata) by tid.
std::map<int, std::string> track_names(const json& events, int pid) {
  std::map<int, std::string> m;
  for (const auto& e : events)
    if (e["ph"] == "M" && e["name"] == "thread_name" && e["pid"] == pid) m[e["tid"].get<int>()] = e["args"]["name"];
  return m;
}

struct Slice {
  double ts, dur;
  std::string name;
};

std::map<std::pair<int, int>, std::vector<Slice>> slices_by_track(const json& events) {
  std::map<std::pair<int, int>, std::vector<Slice>> m;
  for (const auto& e : events)
    if (e["ph"] == "X") m[{e["pid"].get<int>(), e["tid"].get<int>()}].push_back({e["ts"], e["dur"], e["name"]});
  return m;
}

TEST(Perfetto, MicrosecondsExactly) {
  EXPECT_EQ(micros(0), "0.000");
  EXPECT_EQ(micros(51000), "51.000");
  EXPECT_EQ(micros(1234567), "1234.567");
  EXPECT_EQ(micros(7), "0.007");
}

TEST(Perfetto, StructureIsValid) {
  const json t = perfetto_of(testing::make_fixture("perfetto"));
  ASSERT_TRUE(t.contains("traceEvents"));
  const json& ev = t["traceEvents"];
  ASSERT_TRUE(ev.is_array());
  for (const auto& e : ev) {
    ASSERT_TRUE(e.contains("ph") && e.contains("pid") && e.contains("tid")) << e.dump();
    if (e["ph"] != "M") {
      ASSERT_TRUE(e["ts"].is_number()) << e.dump();
    }
    if (e["ph"] == "X") {
      ASSERT_TRUE(e["dur"].is_number() && e["dur"].get<double>() >= 0) << e.dump();
    }
  }
  // Slices are well nested per track: sorted by start (longest first), each
  // lies inside the enclosing one or starts after it ends.
  const auto tracks = slices_by_track(ev);
  for (auto [track, v] : tracks) {
    std::sort(v.begin(), v.end(), [](const Slice& a, const Slice& b) { return a.ts != b.ts ? a.ts < b.ts : a.dur > b.dur; });
    std::vector<Slice> stack;
    for (const Slice& s : v) {
      while (!stack.empty() && s.ts >= stack.back().ts + stack.back().dur - 1e-9) stack.pop_back();
      if (!stack.empty()) {
        EXPECT_LE(s.ts + s.dur, stack.back().ts + stack.back().dur + 1e-9) << s.name << " overlaps " << stack.back().name;
      }
      stack.push_back(s);
    }
  }
  // Flows: every start has exactly one end with its id; each is bound inside a slice of its own track.
  std::map<std::uint64_t, int> starts, ends;
  auto inside_a_slice = [&](const json& e) {
    const auto it = tracks.find({e["pid"].get<int>(), e["tid"].get<int>()});
    if (it == tracks.end()) return false;
    const double ts = e["ts"];
    return std::any_of(it->second.begin(), it->second.end(),
                       [&](const Slice& s) { return ts >= s.ts - 1e-9 && ts <= s.ts + s.dur + 1e-9; });
  };
  for (const auto& e : ev) {
    if (e["ph"] == "s") {
      ++starts[e["id"].get<std::uint64_t>()];
      EXPECT_TRUE(inside_a_slice(e)) << e.dump();
    }
    if (e["ph"] == "f") {
      ++ends[e["id"].get<std::uint64_t>()];
      EXPECT_EQ(e["bp"], "e");
      EXPECT_TRUE(inside_a_slice(e)) << e.dump();
    }
  }
  EXPECT_EQ(starts, ends);
  for (const auto& [id, n] : starts) EXPECT_EQ(n, 1) << id;
  // 7 messages reach a flow (ids 1,2,4,5,6,7,9), message 4 twice (duplicated); 3 and 8 were dropped when sent.
  EXPECT_EQ(starts.size(), 8u);
  EXPECT_TRUE(starts.count(8) && starts.count(9));  // both copies of message 4
  EXPECT_FALSE(starts.count(6) || starts.count(16));
}

TEST(Perfetto, TracksSlicesAndInstantsSayWhatHappened) {
  const json t = perfetto_of(testing::make_fixture("perfetto2"));
  const json& ev = t["traceEvents"];
  const auto names = track_names(ev, 1);
  auto tid_of = [&](const std::string& n) {
    for (const auto& [tid, name] : names)
      if (name == n) return tid;
    return -1;
  };
  for (const char* n : {"c1", "n1", "n2", "n3"}) EXPECT_GE(tid_of(n), 1) << n;
  auto find = [&](const std::string& ph, const std::string& name) -> json {
    for (const auto& e : ev)
      if (e["ph"] == ph && e["name"] == name) return e;
    return json();
  };
  const json recv = find("X", "recv ClientRequest");
  ASSERT_FALSE(recv.is_null());
  EXPECT_EQ(recv["ts"].get<double>(), 51.0);  // 51000 ns in microseconds
  EXPECT_EQ(recv["args"]["sim_time_ns"], 51000);
  EXPECT_EQ(recv["tid"], tid_of("n1"));
  // Two deliveries at different instants each get a slice; same-instant handlers are laid end to end.
  EXPECT_FALSE(find("X", "timer 7").is_null());
  EXPECT_FALSE(find("X", "dropped (node down) Heartbeat").is_null());
  const json end = find("X", "in flight at end");
  ASSERT_FALSE(end.is_null());
  EXPECT_EQ(end["tid"], tid_of("n3"));
  const json loss = find("i", "drop Accept to n3: loss");
  ASSERT_FALSE(loss.is_null());
  EXPECT_EQ(loss["tid"], tid_of("n1"));
  EXPECT_EQ(find("i", "crash")["tid"], tid_of("n3"));
  EXPECT_EQ(find("i", "partition: isolate n1")["s"], "g");
  EXPECT_FALSE(find("i", "heal").is_null());
  EXPECT_FALSE(find("i", "clock: jump 5ms").is_null());
  // Client operations: one slice per operation on pid 2, one track per process.
  int ops = 0;
  for (const auto& e : ev) ops += e["ph"] == "X" && e["pid"] == 2;
  EXPECT_EQ(ops, 40);
  EXPECT_EQ(track_names(ev, 2).size(), 3u);
}

}  // namespace
}  // namespace cachesim::reports
