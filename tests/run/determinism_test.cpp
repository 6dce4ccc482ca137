#include "sim/run/determinism.hpp"

#include <gtest/gtest.h>

#include "tests/run/test_systems.hpp"

namespace cachesim {
namespace {

TEST(Determinism, TwoRunsOfADeterministicSystemAreIdentical) {
  RunOptions o;
  o.seed = 11;
  const DeterminismReport rep = check_determinism(testing::primary_scenario("test.primary"), o, testing::test_systems());
  EXPECT_TRUE(rep.same);
  EXPECT_EQ(rep.hash_a, rep.hash_b);
  EXPECT_GT(rep.events, 1000u);
  EXPECT_EQ(rep.first.verdict, CheckStatus::pass);
}

TEST(Determinism, StateLeakingAcrossRunsIsCaughtAtItsFirstEvent) {
  RunOptions o;
  o.seed = 11;
  const DeterminismReport rep = check_determinism(testing::primary_scenario("test.leaky"), o, testing::test_systems());
  ASSERT_FALSE(rep.same);
  EXPECT_NE(rep.hash_a, rep.hash_b);
  EXPECT_NE(rep.line_a, rep.line_b);
  EXPECT_NE(rep.line_a.find("\"ev\":\"log\""), std::string::npos) << rep.line_a;
  EXPECT_NE(rep.line_a.find("served "), std::string::npos) << rep.line_a;
  EXPECT_GT(rep.first_difference, 0u) << "the runs agree until the first leaky log line";
}

}  // namespace
}  // namespace cachesim
