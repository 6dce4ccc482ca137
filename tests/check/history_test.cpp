// The history model: parser errors name the line, the writer and the parser
// round-trip, operations pair up as Jepsen's do.
#include "sim/check/history.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "sim/check/history_gen.hpp"
#include "sim/check/history_parse.hpp"
#include "sim/check/txn_history_gen.hpp"
#include "sim/core/input_error.hpp"
#include "tests/check/history_builder.hpp"

namespace cachesim {
namespace {

using testing::I;
using testing::S;

const std::string kW0 = R"({"process":0,"type":"invoke","f":"write","key":"k1","value":5,"time":100})";
const std::string kW0ok = R"({"process":0,"type":"ok","f":"write","key":"k1","value":5,"time":120})";

// The message of the InputError that parsing `text` (as h.jsonl) throws.
std::string error_of(const std::string& text) {
  try {
    parse_history(text, "h.jsonl");
  } catch (const InputError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(HistoryValue, CopiesAreDeepAndMovesLeaveNull) {
  const Value list = Value::list({I(1), S("two"), Value::list({I(3)}), Value::null()});
  Value copy = list;
  EXPECT_EQ(copy, list);
  EXPECT_EQ(copy.to_json(), R"([1,"two",[3],null])");
  Value moved = std::move(copy);
  EXPECT_TRUE(copy.is_null());  // NOLINT(bugprone-use-after-move): a moved-from Value is null, by contract
  EXPECT_EQ(moved, list);
  const Value& same = moved;
  moved = same;  // self-assignment keeps the value
  EXPECT_EQ(moved, list);
  moved = S("x");
  EXPECT_EQ(moved.as_string(), "x");
  EXPECT_TRUE(moved.as_list().empty());  // the other kinds' accessors give empty values
  EXPECT_EQ(moved.as_int(), 0);
  moved = I(7);
  EXPECT_EQ(moved.as_int(), 7);
  EXPECT_FALSE(moved == S("7"));
  EXPECT_EQ(sizeof(Value), 16U);  // a parsed history is mostly Values
}

TEST(HistoryParser, ReadsTheDesignDocExample) {
  const History h = parse_history(kW0 + "\n" + kW0ok + "\n", "h.jsonl");
  ASSERT_EQ(h.events.size(), 2U);
  EXPECT_EQ(h.events[0].process, 0);
  EXPECT_EQ(h.events[0].type, EventType::kInvoke);
  EXPECT_EQ(h.events[0].f, OpFunction::kWrite);
  EXPECT_EQ(h.events[0].key, "k1");
  EXPECT_EQ(h.events[0].value, I(5));
  EXPECT_EQ(h.events[0].time, 100);
  EXPECT_EQ(h.events[1].line, 2U);
}

TEST(HistoryParser, IgnoresExtraFieldsAndBlankLinesButCountsThemInLineNumbers) {
  const History h = parse_history(
      "\n" + std::string(R"({"index":0,"node":"n1","process":0,"type":"invoke","f":"read","key":"k","value":null})") +
          "\n  \n" + R"({"process":0,"type":"ok","f":"read","key":"k","value":"hello","index":1})",
      "h.jsonl");
  ASSERT_EQ(h.events.size(), 2U);
  EXPECT_EQ(h.events[0].line, 2U);
  EXPECT_EQ(h.events[1].line, 4U);
  EXPECT_EQ(h.events[1].value, S("hello"));
  EXPECT_FALSE(h.events[0].time.has_value());
}

TEST(HistoryParser, EachBadInputNamesItsLine) {
  const std::string ok0 = kW0 + "\n";
  EXPECT_EQ(error_of(ok0 + R"({"process":0,"type":"okay","f":"write","key":"k1","value":5,"time":120})"),
            "h.jsonl:2: expected \"type\" to be one of invoke, ok, fail, info, found \"okay\"");
  EXPECT_EQ(error_of(ok0 + "{\"process\":0,\"type\":"), "h.jsonl:2: expected a JSON object, found malformed JSON at column 21");
  EXPECT_EQ(error_of("[1,2]"), "h.jsonl:1: expected a JSON object, found [1,2]");
  EXPECT_EQ(error_of(R"({"type":"invoke","f":"read","key":"k"})"),
            "h.jsonl:1: expected an integer \"process\", found no \"process\" field");
  EXPECT_EQ(error_of(R"({"process":"nemesis","type":"invoke","f":"read","key":"k"})"),
            "h.jsonl:1: expected \"process\" to be an integer, found \"nemesis\"");
  EXPECT_EQ(error_of(R"({"process":1.5,"type":"invoke","f":"read","key":"k"})"),
            "h.jsonl:1: expected \"process\" to be an integer, found 1.5");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"append","key":"k"})"),
            "h.jsonl:1: expected \"f\" to be one of read, write, delete, cas, txn, found \"append\"");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"read"})"),
            "h.jsonl:1: expected a string \"key\", found no \"key\" field");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"read","key":7})"),
            "h.jsonl:1: expected \"key\" to be a string, found 7");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"write","key":"k"})"),
            "h.jsonl:1: expected \"value\" to be an integer or a string for a write, found none");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"write","key":"k","value":2.5})"),
            "h.jsonl:1: expected \"value\" to be null, an integer, a string or a list, found 2.5");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"write","key":"k","value":true})"),
            "h.jsonl:1: expected \"value\" to be null, an integer, a string or a list, found true");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"write","key":"k","value":18446744073709551615})"),
            "h.jsonl:1: expected \"value\" to be an integer in 64-bit range, found 18446744073709551615");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"cas","key":"k","value":[1]})"),
            "h.jsonl:1: expected \"value\" to be [expected, new] for a cas, found [1]");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"read","key":"k"})"
                     "\n"
                     R"({"process":1,"type":"ok","f":"read","key":"k"})"),
            "h.jsonl:2: expected a \"value\" (what was read; null if absent) for a read ok, found none");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"txn","value":[["r","k"]]})"),
            "h.jsonl:1: expected a txn micro-op [f, key, value], found [\"r\",\"k\"]");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"txn","value":[["inc","k",1]]})"),
            "h.jsonl:1: expected a txn micro-op f to be one of r, w, append, found \"inc\"");
  EXPECT_EQ(error_of(R"({"process":1,"type":"invoke","f":"read","key":"k","time":-5})"),
            "h.jsonl:1: expected \"time\" to be a non-negative integer (nanoseconds), found -5");
}

TEST(HistoryParser, TimesMustNeverDecreaseAndBeOnEveryLineOrNone) {
  EXPECT_EQ(error_of(kW0ok + "\n" + kW0),
            "h.jsonl:2: expected \"time\" to be at least 120 (the time on line 1), found 100");
  EXPECT_EQ(error_of(kW0 + "\n" + R"({"process":0,"type":"ok","f":"write","key":"k1","value":5})"),
            "h.jsonl:2: expected a \"time\" as on every earlier line, found none");
  EXPECT_EQ(error_of(R"({"process":0,"type":"invoke","f":"write","key":"k1","value":5})"
                     "\n" +
                     kW0ok),
            "h.jsonl:2: expected no \"time\" (line 1 has none, so event order is real-time order), found one");
}

TEST(HistoryParser, PairingErrorsNameTheLine) {
  EXPECT_EQ(error_of(kW0ok), "h.jsonl:1: expected an invoke pending for process 0 before this ok, found none");
  EXPECT_EQ(error_of(kW0 + "\n" + kW0),
            "h.jsonl:2: expected process 0 to have no pending operation (its invoke on line 1 has not "
            "completed), found another invoke");
  EXPECT_EQ(error_of(kW0 + "\n" + R"({"process":0,"type":"ok","f":"read","key":"k1","value":5,"time":120})"),
            "h.jsonl:2: expected \"f\" to be \"write\" as in the invoke on line 1, found \"read\"");
  EXPECT_EQ(error_of(kW0 + "\n" + R"({"process":0,"type":"ok","f":"write","key":"k2","value":5,"time":120})"),
            "h.jsonl:2: expected \"key\" to be \"k1\" as in the invoke on line 1, found \"k2\"");
}

TEST(HistoryParser, ATxnCompletionMustRepeatItsInvokesMicroOps) {
  const std::string invoke = R"({"process":0,"type":"invoke","f":"txn","value":[["append","x",1],["r","y",null]]})";
  const auto completion = [](const std::string& type, const std::string& value) {
    return R"({"process":0,"type":")" + type + R"(","f":"txn","value":)" + value + "}";
  };
  EXPECT_EQ(error_of(invoke + "\n" + completion("ok", R"([["append","x",2],["r","y",[]]])")),
            "h.jsonl:2: expected micro-op 1 to be [\"append\",\"x\",1] as in the invoke on line 1, found "
            "[\"append\",\"x\",2]");
  EXPECT_EQ(error_of(invoke + "\n" + completion("ok", R"([["append","x",1],["r","z",[]]])")),
            "h.jsonl:2: expected micro-op 2 to be a read of \"y\" as in the invoke on line 1, found "
            "[\"r\",\"z\",[]]");
  EXPECT_EQ(error_of(invoke + "\n" + completion("ok", R"([["append","x",1]])")),
            "h.jsonl:2: expected 2 micro-ops as in the invoke on line 1, found 1");
  // A read is filled in on ok; a fail or info may repeat the invoke or leave its value out.
  EXPECT_NO_THROW(parse_history(invoke + "\n" + completion("ok", R"([["append","x",1],["r","y",[1]]])"), "h.jsonl"));
  EXPECT_NO_THROW(parse_history(invoke + "\n" + completion("fail", "[]"), "h.jsonl"));
  EXPECT_NO_THROW(parse_history(invoke + "\n" + completion("info", R"([["append","x",1],["r","y",null]])"), "h.jsonl"));
}

TEST(HistoryParser, MissingFileIsAnInputError) {
  EXPECT_THROW(read_history_file("/nonexistent/h.jsonl"), InputError);
}

// Moving the payloads out of a history gives the same operations as copying.
void expect_same_operations_moved(History h) {
  // A last invoke that never completes: its payload must move too.
  Event pending = h.events.back();
  pending.process = 1000;
  pending.type = EventType::kInvoke;
  h.events.push_back(pending);
  const std::vector<Operation> copied = pair_operations(h);
  const std::vector<Operation> moved = pair_operations(std::move(h));
  ASSERT_EQ(moved.size(), copied.size());
  for (std::size_t i = 0; i < moved.size(); ++i) {
    EXPECT_EQ(moved[i].key, copied[i].key) << i;
    EXPECT_EQ(moved[i].value, copied[i].value) << i;
    EXPECT_EQ(moved[i].txn, copied[i].txn) << i;
    EXPECT_EQ(moved[i].outcome, copied[i].outcome) << i;
    EXPECT_EQ(moved[i].completed, copied[i].completed) << i;
  }
  EXPECT_FALSE(moved.back().completed);
}

TEST(HistoryPairing, MovingPayloadsGivesTheSameOperationsAsCopying) {
  RegisterWorkload w;
  w.ops = 2000;
  w.timeout = Probability::from_fraction(0.05);
  expect_same_operations_moved(generate_register_history(w).history);
  TxnWorkload tw;
  tw.txns = 1000;
  expect_same_operations_moved(generate_txn_history(tw).history);
}

TEST(HistoryPairing, JoinsInvokesWithCompletionsAndKeepsPendingOnesAsInfo) {
  testing::HistoryBuilder b;
  b.invoke(0, "write", 1).invoke(1, "read").ok(0).ok(1, 1).invoke(2, "cas", testing::Cas(I(1), I(2)));
  b.fail(2).invoke(3, "write", 4);
  const std::vector<Operation> ops = pair_operations(b);
  ASSERT_EQ(ops.size(), 4U);
  EXPECT_EQ(ops[0].f, OpFunction::kWrite);
  EXPECT_EQ(ops[0].outcome, Outcome::kOk);
  EXPECT_EQ(ops[0].invoke_event, 0U);
  EXPECT_EQ(ops[0].complete_event, 2U);
  EXPECT_EQ(ops[1].value, I(1));  // a read's value comes from its completion
  EXPECT_TRUE(ops[2].is_failed_cas());
  EXPECT_FALSE(ops[3].completed);
  EXPECT_EQ(ops[3].outcome, Outcome::kInfo);
}

TEST(HistoryWriter, WritesTheDesignDocFormat) {
  Event e;
  e.process = 3;
  e.type = EventType::kInvoke;
  e.f = OpFunction::kWrite;
  e.key = "k1";
  e.value = I(5);
  e.time = 120000;
  EXPECT_EQ(event_to_json_line(e), R"({"process":3,"type":"invoke","f":"write","key":"k1","value":5,"time":120000})"
                                   "\n");
  e.type = EventType::kFail;
  e.f = OpFunction::kCas;
  e.value = testing::Cas(testing::Null(), S("a\"b\\c\n\x01"));
  e.time.reset();
  e.error = "not leader";
  EXPECT_EQ(event_to_json_line(e),
            R"({"process":3,"type":"fail","f":"cas","key":"k1","value":[null,"a\"b\\c\n\u0001"],"error":"not leader"})"
            "\n");
}

void expect_same_events(const History& a, const History& b) {
  ASSERT_EQ(a.events.size(), b.events.size());
  for (std::size_t i = 0; i < a.events.size(); ++i) {
    const Event& x = a.events[i];
    const Event& y = b.events[i];
    EXPECT_EQ(x.process, y.process) << i;
    EXPECT_EQ(x.type, y.type) << i;
    EXPECT_EQ(x.f, y.f) << i;
    EXPECT_EQ(x.key, y.key) << i;
    EXPECT_EQ(x.value, y.value) << i;
    EXPECT_EQ(x.txn, y.txn) << i;
    EXPECT_EQ(x.time, y.time) << i;
    EXPECT_EQ(x.error, y.error) << i;
  }
}

TEST(HistoryWriter, ParserReadsBackExactlyWhatTheWriterWrites) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    RegisterWorkload w;
    w.seed = seed;
    w.ops = 300;
    w.keys = 3;
    w.timeout = Probability::from_fraction(0.1);
    w.string_values = seed % 2 == 0;
    w.with_time = seed % 3 != 0;
    History h = generate_register_history(w).history;
    // Things the generator does not make: txn events, errors, odd strings.
    Event t;
    t.process = 99;
    t.f = OpFunction::kTxn;
    t.txn = {{"append", "k\t1", I(7)}, {"r", "k2", Value::list({I(1), I(2)})}, {"w", "k3", S("\xc3\xa9")}};
    if (w.with_time) t.time = *h.events.back().time;
    h.events.push_back(t);
    t.type = EventType::kInfo;
    t.error = "timeout: \"node 3\"";
    h.events.push_back(t);
    std::ostringstream out;
    write_history(out, h);
    const History back = parse_history(out.str(), "roundtrip.jsonl");
    expect_same_events(h, back);
    std::ostringstream again;
    write_history(again, back);
    EXPECT_EQ(again.str(), out.str());
    if (::testing::Test::HasFailure()) return;
  }
}

// The fast path may decline any line, but what it accepts it must read exactly
// as the checked path does: held to it on valid lines and on random edits.
TEST(HistoryParser, FastPathAgreesWithTheCheckedPath) {
  RegisterWorkload w;
  w.ops = 400;
  w.timeout = Probability::from_fraction(0.1);
  std::vector<std::string> lines;
  for (bool strings : {false, true}) {
    w.string_values = strings;
    for (const Event& e : generate_register_history(w).history.events) {
      std::string line = event_to_json_line(e);
      line.pop_back();
      lines.push_back(line);
    }
  }
  TxnWorkload tw;
  tw.txns = 200;
  for (const Event& e : generate_txn_history(tw).history.events) {
    std::string line = event_to_json_line(e);
    line.pop_back();
    lines.push_back(line);
  }
  lines.push_back(R"({"process":1,"type":"info","f":"txn","value":null})");
  lines.push_back(R"({"process":1,"type":"fail","f":"txn"})");
  lines.push_back(R"({"process":1,"type":"invoke","f":"read","key":"k","value":[1,[2]]})");
  lines.push_back(R"({ "process" : 1 , "type":"fail","f":"cas","key":"k","value":null,"error":"x"} )");
  const std::string alphabet = "{}[]\",:0123456789-.eE nul\\ab\t";
  Rng rng(7);
  int accepted = 0, edited_accepted = 0;
  for (std::size_t n = 0; n < 40000; ++n) {
    std::string line = lines[n % lines.size()];
    const bool edit = n >= lines.size();
    for (std::uint64_t k = edit ? 1 + rng.below(3) : 0; k > 0; --k) {
      const std::size_t at = rng.below(line.size());
      const char c = alphabet[rng.below(alphabet.size())];
      switch (rng.below(3)) {
        case 0: line.erase(at, 1); break;
        case 1: line.insert(line.begin() + static_cast<std::ptrdiff_t>(at), c); break;
        default: line[at] = c; break;
      }
    }
    Event fast;
    if (!detail::parse_event_fast(line, fast)) continue;
    ++accepted;
    edited_accepted += edit;
    Event checked;
    try {
      checked = detail::parse_event_checked(line, "h.jsonl", 1);
    } catch (const InputError& e) {
      ADD_FAILURE() << "fast path accepted what the checked path refuses: " << line << "\n" << e.what();
      continue;
    }
    History a, b;
    a.events.push_back(fast);
    b.events.push_back(checked);
    expect_same_events(a, b);
    if (::testing::Test::HasFailure()) {
      ADD_FAILURE() << line;
      return;
    }
  }
  EXPECT_GE(accepted, static_cast<int>(lines.size()) - 1);  // all valid lines but the nested list
  EXPECT_GT(edited_accepted, 1000);                          // edits that stay valid, e.g. other digits
}

}  // namespace
}  // namespace cachesim
