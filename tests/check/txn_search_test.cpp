// The transaction checker's cycle search and budget: the most specific class
// and the shortest cycle win inside a component; one cycle per component;
// an exhausted budget gives unknown, never a pass.
#include <gtest/gtest.h>

#include "sim/check/txn_check.hpp"
#include "sim/check/txn_history_gen.hpp"
#include "tests/check/txn_test_history.hpp"

namespace cachesim {
namespace {

using testing::cycle_text;
using testing::of_kind;
using testing::TxnText;
using K = TxnAnomalyKind;

TEST(TxnSearch, TheMostSpecificClassWinsInAComponent) {
  // T1 -rw(y)-> T2 -rw(x)-> T1 is a G2, but T1 -ww(x)-> T2 -rw(x)-> T1 is a
  // G-single on the same two transactions: G-single is reported, once.
  TxnText h;
  h.invoke(1, R"([["r","y",null],["append","x",1]])");
  h.invoke(2, R"([["r","x",null],["append","x",2],["append","y",1]])");
  h.ok(1, R"([["r","y",[]],["append","x",1]])");
  h.ok(2, R"([["r","x",[]],["append","x",2],["append","y",1]])");
  h.txn(3, R"([["r","x",[1,2]],["r","y",[1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(r.anomaly_count, 1U) << render_text(r);
  ASSERT_EQ(r.anomalies[0].kind, K::kGSingle);
  EXPECT_EQ(cycle_text(r.anomalies[0]), "T1-ww-T2-rw-T1");
}

TEST(TxnSearch, TheShortestCycleWinsInAComponent) {
  // T1 -> T2 -> T3 -> T1 and T1 -> T2 -> T1, all write cycles, one component.
  TxnText h;
  h.invoke(1, R"([["append","x",1],["append","y",1],["append","w",1]])");
  h.invoke(2, R"([["append","x",2],["append","y",2],["append","z",2]])");
  h.invoke(3, R"([["append","z",3],["append","w",3]])");
  h.ok(1, R"([["append","x",1],["append","y",1],["append","w",1]])");
  h.ok(2, R"([["append","x",2],["append","y",2],["append","z",2]])");
  h.ok(3, R"([["append","z",3],["append","w",3]])");
  h.txn(4, R"([["r","w",[3,1]],["r","z",[2,3]],["r","x",[1,2]],["r","y",[2,1]]])");
  const TxnCheckResult r = h.check();
  ASSERT_EQ(r.anomaly_count, 1U) << render_text(r);
  EXPECT_EQ(r.anomalies[0].kind, K::kG0);
  EXPECT_EQ(cycle_text(r.anomalies[0]), "T1-ww-T2-ww-T1");
}

TEST(TxnSearch, OneCyclePerComponent) {
  // Two lost updates on different keys and transactions: two components.
  TxnText h;
  for (const char* k : {"a", "b"}) {
    const std::string key = k;
    h.invoke(1, R"([["r",")" + key + R"(",null],["append",")" + key + R"(",1]])");
    h.invoke(2, R"([["r",")" + key + R"(",null],["append",")" + key + R"(",2]])");
    h.ok(1, R"([["r",")" + key + R"(",[]],["append",")" + key + R"(",1]])");
    h.ok(2, R"([["r",")" + key + R"(",[]],["append",")" + key + R"(",2]])");
    h.txn(3, R"([["r",")" + key + R"(",[1,2]]])");
  }
  const TxnCheckResult r = h.check(false);
  ASSERT_EQ(of_kind(r, K::kGSingle).size(), 2U) << render_text(r);
  EXPECT_EQ(of_kind(r, K::kGSingle)[0]->keys, std::vector<std::string>{"a"});
  EXPECT_EQ(of_kind(r, K::kGSingle)[1]->keys, std::vector<std::string>{"b"});
}

History big_valid_history() {
  TxnWorkload w;
  w.txns = 20000;
  return generate_txn_history(w).history;
}

TEST(TxnSearch, OutOfTimeIsUnknownNeverAPass) {
  TxnCheckOptions o;
  o.budget.out_of_time = [] { return true; };
  const TxnCheckResult r = check_transactions(big_valid_history(), o);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason, "time budget exceeded");
}

TEST(TxnSearch, OutOfMemoryIsUnknownNeverAPass) {
  TxnCheckOptions o;
  o.budget.max_memory_bytes = 1 << 20;
  const TxnCheckResult r = check_transactions(big_valid_history(), o);
  EXPECT_EQ(r.verdict, Verdict::kUnknown);
  EXPECT_EQ(r.reason.rfind("memory budget exceeded", 0), 0U) << r.reason;
  o.budget.max_memory_bytes = std::size_t{1} << 30;
  EXPECT_EQ(check_transactions(big_valid_history(), o).verdict, Verdict::kOk);
}

}  // namespace
}  // namespace cachesim
