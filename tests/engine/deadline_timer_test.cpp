// DeadlineTimer (sim/workload/deadline_timer.hpp): a client's attempt timer,
// re-armed with every attempt, must expire exactly at its latest deadline,
// never after a disarm, and keep one engine timer at most.
#include "sim/workload/deadline_timer.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <vector>

#include "sim/host/simulator.hpp"

namespace cachesim {
namespace {

// Actions at given local times (tag 1 timers), recording when the deadline
// timer (tag 2) expires.
class Armer final : public Node {
 public:
  enum class Do { arm100, disarm };
  struct Step {
    Duration at;
    Do what;
  };
  Armer(std::vector<Step> steps, std::vector<Time>* expired) : steps_(std::move(steps)), expired_(expired) {}
  void on_start(Context& ctx) override {
    for (std::size_t i = 0; i < steps_.size(); ++i) ctx.set_timer(steps_[i].at, 100 + i);
  }
  void on_message(Context&, NodeId, const Message&) override {}
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override {
    if (tag == kDeadline) {
      if (deadline_.expired(ctx, id)) expired_->push_back(ctx.now());
      return;
    }
    const Step& s = steps_[tag - 100];
    if (s.what == Do::arm100) deadline_.arm(ctx, 100 * kMillisecond);
    if (s.what == Do::disarm) deadline_.disarm();
  }

 private:
  static constexpr std::uint64_t kDeadline = 2;
  std::vector<Step> steps_;
  std::vector<Time>* expired_;
  DeadlineTimer deadline_{kDeadline};
};

std::vector<Time> expiries(std::vector<Armer::Step> steps, std::size_t* max_pending = nullptr) {
  std::vector<Time> expired;
  std::vector<EndpointSpec> eps;
  eps.push_back({"n1", [&](NodeId) { return std::make_unique<Armer>(steps, &expired); }, Clock()});
  Simulator sim(1, std::move(eps), 1, LinkParams{});
  sim.start();
  sim.run_until(2 * kSecond);
  if (max_pending) *max_pending = sim.stats().max_pending;
  return expired;
}

using Do = Armer::Do;

TEST(DeadlineTimer, ExpiresAtTheLatestDeadline) {
  // Armed at 0 (due 100 ms), re-armed at 50 ms and 120 ms: expires at 220 ms
  // only, though its engine timer first came due at 100 ms.
  EXPECT_EQ(expiries({{0, Do::arm100}, {50 * kMillisecond, Do::arm100}, {120 * kMillisecond, Do::arm100}}),
            (std::vector<Time>{220 * kMillisecond}));
  // Left alone, it expires once.
  EXPECT_EQ(expiries({{10 * kMillisecond, Do::arm100}}), (std::vector<Time>{110 * kMillisecond}));
}

TEST(DeadlineTimer, ADisarmedTimerNeverExpiresAndCanBeArmedAgain) {
  EXPECT_EQ(expiries({{0, Do::arm100}, {50 * kMillisecond, Do::disarm}}), std::vector<Time>{});
  // Disarmed, then armed again before its engine timer came due: the new
  // deadline counts, the old one does not.
  EXPECT_EQ(expiries({{0, Do::arm100}, {50 * kMillisecond, Do::disarm}, {90 * kMillisecond, Do::arm100}}),
            (std::vector<Time>{190 * kMillisecond}));
  // Armed again after an expiry.
  EXPECT_EQ(expiries({{0, Do::arm100}, {300 * kMillisecond, Do::arm100}}),
            (std::vector<Time>{100 * kMillisecond, 400 * kMillisecond}));
}

TEST(DeadlineTimer, ReArmingAThousandTimesKeepsOneEngineTimer) {
  std::vector<Armer::Step> steps;
  for (int i = 0; i < 1000; ++i) steps.push_back({i * kMillisecond, Do::arm100});
  std::size_t max_pending = 0;
  EXPECT_EQ(expiries(steps, &max_pending), (std::vector<Time>{1099 * kMillisecond}));
  // The 1000 step timers are set at start; the deadline adds one.
  EXPECT_LE(max_pending, 1001u);
}

}  // namespace
}  // namespace cachesim
