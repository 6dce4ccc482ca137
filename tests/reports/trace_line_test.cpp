// The trace reader: what the simulator writes parses; anything else is a one-line error.
#include <gtest/gtest.h>

#include <fstream>
#include <string>

#include "reports/run_dir.hpp"
#include "reports/trace_line.hpp"
#include "sim/core/input_error.hpp"
#include "fixture.hpp"

namespace cachesim::reports {
namespace {

TEST(TraceLine, ParsesTheWritersFields) {
  TraceLine l;
  ASSERT_EQ(parse_trace_line(R"({"i":3,"t":51000,"ev":"drop","from":"n1","to":"n3","msg":"Accept","id":3,"reason":"loss"})", l), "");
  EXPECT_EQ(l.i, 3u);
  EXPECT_EQ(l.t, 51000);
  EXPECT_EQ(l.ev, "drop");
  EXPECT_EQ(l.from, "n1");
  EXPECT_EQ(l.to, "n3");
  EXPECT_EQ(l.msg, "Accept");
  EXPECT_EQ(l.reason, "loss");
  EXPECT_TRUE(l.has_id);
  EXPECT_EQ(l.id, 3u);
  EXPECT_EQ(l.where(), "n1");
  ASSERT_EQ(parse_trace_line(R"({"i":4,"t":9,"ev":"log","node":"n\"2","text":"a\\b\u00e9","extra":"x"})", l), "");
  EXPECT_EQ(l.node, "n\"2");
  EXPECT_EQ(l.text, "a\\b\xc3\xa9");
  EXPECT_FALSE(l.has_id);
  EXPECT_EQ(l.where(), "n\"2");
}

TEST(TraceLine, RejectsWithWhatWasExpected) {
  TraceLine l;
  EXPECT_NE(parse_trace_line("not json", l).find("expected a JSON object"), std::string::npos);
  EXPECT_NE(parse_trace_line(R"({"t":1,"ev":"send"})", l).find("\"i\""), std::string::npos);
  EXPECT_NE(parse_trace_line(R"({"i":1,"t":-4,"ev":"send"})", l).find("\"t\""), std::string::npos);
  EXPECT_NE(parse_trace_line(R"({"i":1,"t":2,"ev":"send"} x)", l).find("end of the line"), std::string::npos);
  EXPECT_NE(parse_trace_line(R"({"i":1,"t":2})", l).find("\"ev\""), std::string::npos);
}

TEST(TraceLine, ABadLineInARunDirNamesFileAndLine) {
  const auto dir = testing::make_fixture("badtrace");
  {
    std::ofstream out(dir / "trace.jsonl", std::ios::app);
    out << "{\"i\":99,\"t\":700000,\"ev\":\"send\",\"id\":\"x\"}\n";
  }
  try {
    for_each_trace_line(open_run_dir(dir.string()), [](const TraceLine&) { return true; });
    FAIL() << "no error";
  } catch (const InputError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("trace.jsonl:28: expected an integer for \"id\""), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos);
  }
}

TEST(TraceLine, TimeGoingBackwardsIsRefused) {
  const auto dir = testing::make_fixture("backwards");
  {
    std::ofstream out(dir / "trace.jsonl", std::ios::app);
    out << "{\"i\":99,\"t\":5,\"ev\":\"heal\"}\n";
  }
  EXPECT_THROW(for_each_trace_line(open_run_dir(dir.string()), [](const TraceLine&) { return true; }), InputError);
}

}  // namespace
}  // namespace cachesim::reports
