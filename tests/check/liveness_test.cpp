#include "sim/check/liveness.hpp"

#include <gtest/gtest.h>

namespace cachesim {
namespace {

Operation op(Time invoked, std::optional<Time> done, Outcome outcome, std::optional<std::string> error = {}) {
  Operation o;
  o.process = 1;
  o.f = OpFunction::kWrite;
  o.key = "k";
  o.invoke_time = invoked;
  o.completed = done.has_value();
  o.complete_time = done;
  o.outcome = outcome;
  o.error = std::move(error);
  return o;
}

constexpr Time kQuiet = 10 * kSecond;
constexpr Duration kBound = 2 * kSecond;
constexpr Time kEnd = 20 * kSecond;

TEST(Liveness, OkWithinTheBoundOfTheQuietPhaseHolds) {
  const LivenessResult r = check_liveness({op(9 * kSecond, 11 * kSecond, Outcome::kOk), op(15 * kSecond, 16 * kSecond, Outcome::kOk)},
                                          kQuiet, kBound, kEnd);
  EXPECT_TRUE(r.held);
  EXPECT_EQ(r.judged, 2u);
}

TEST(Liveness, LateOrMissingOutcomesAreStuck) {
  const LivenessResult r = check_liveness({op(9 * kSecond, 12500 * kMillisecond, Outcome::kOk),  // after 10s + 2s
                                           op(15 * kSecond, std::nullopt, Outcome::kInfo),        // never answered
                                           op(15 * kSecond, 15100 * kMillisecond, Outcome::kInfo, "timeout")},
                                          kQuiet, kBound, kEnd);
  EXPECT_FALSE(r.held);
  EXPECT_EQ(r.stuck.size(), 3u);
  EXPECT_NE(r.text.find("process 1"), std::string::npos);
}

TEST(Liveness, AFailWithAnErrorIsNotProgress) {
  const LivenessResult r = check_liveness({op(15 * kSecond, 15 * kSecond + 1, Outcome::kFail, "unavailable")}, kQuiet,
                                          kBound, kEnd);
  EXPECT_FALSE(r.held);
  const LivenessResult cas = check_liveness({op(15 * kSecond, 15 * kSecond + 1, Outcome::kFail)}, kQuiet, kBound, kEnd);
  EXPECT_TRUE(cas.held) << "a cas that ran and found another value is progress";
}

TEST(Liveness, AnInfoOfAnOperationInvokedDuringTheFaultsIsExempt) {
  const LivenessResult r = check_liveness({op(9 * kSecond, 10100 * kMillisecond, Outcome::kInfo, "timeout")}, kQuiet,
                                          kBound, kEnd);
  EXPECT_TRUE(r.held);
  EXPECT_TRUE(r.vacuous) << "nothing was judged";
}

TEST(Liveness, AnInfoInvokedDuringTheFaultsButStillFailingPastTheBoundIsStuck) {
  // Invoked at 9s, retried through the heal at 10s, gave up at 13s: past 10s + 2s.
  const LivenessResult r = check_liveness({op(9 * kSecond, 13 * kSecond, Outcome::kInfo, "timeout")}, kQuiet,
                                          kBound, kEnd);
  EXPECT_FALSE(r.held);
  EXPECT_EQ(r.stuck.size(), 1u);
}

TEST(Liveness, AnOperationStillWithinItsBoundAtTheEndIsNotJudged) {
  const LivenessResult r = check_liveness({op(19 * kSecond, std::nullopt, Outcome::kInfo)}, kQuiet, kBound, kEnd);
  EXPECT_TRUE(r.held);
  EXPECT_TRUE(r.vacuous);
  EXPECT_EQ(r.judged, 0u);
}

}  // namespace
}  // namespace cachesim
