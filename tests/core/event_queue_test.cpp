#include "sim/core/event_queue.hpp"

#include <gtest/gtest.h>

#include <set>
#include <tuple>
#include <vector>

#include "sim/core/rng.hpp"

namespace cachesim {
namespace {

TEST(EventQueue, PopsInTimeOrderAndSameTimeInPushOrder) {
  EventQueue q;
  q.push(30, 0);
  q.push(10, 1);
  q.push(20, 2);
  q.push(10, 3);
  q.push(10, 4);
  std::vector<std::uint32_t> order;
  while (!q.empty()) order.push_back(q.pop().slot());
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 3, 4, 2, 0}));
}

// Against a reference: an ordered set of (time, push order), with a random mix
// of take/settle (a handler scheduling 0..3 events) and plain pops.
TEST(EventQueue, MatchesASortedReferenceUnderRandomUse) {
  for (std::uint64_t seed = 1; seed <= 50; ++seed) {
    Rng rng(seed);
    EventQueue q;
    std::set<std::tuple<Time, std::uint64_t, std::uint32_t>> ref;
    std::uint64_t seq = 0;
    Time now = 0;
    auto push = [&](Time t) {
      const auto slot = static_cast<std::uint32_t>(seq);
      q.push(t, slot);
      ref.emplace(t, seq++, slot);
    };
    for (int i = 0; i < 20; ++i) push(rng.uniform(0, 100));
    for (int step = 0; step < 3000 && !q.empty(); ++step) {
      const auto expected = *ref.begin();
      ref.erase(ref.begin());
      EventQueue::Entry e;
      const bool take = rng.below(2) == 0;
      e = take ? q.take() : q.pop();
      ASSERT_EQ(e.slot(), std::get<2>(expected)) << "seed " << seed << " step " << step;
      ASSERT_EQ(e.time(), std::get<0>(expected));
      now = e.time();
      const auto children = rng.below(4);
      for (std::uint64_t c = 0; c < children; ++c) push(now + rng.uniform(0, 50));
      if (take) q.settle();
      ASSERT_EQ(q.size(), ref.size());
    }
  }
}

}  // namespace
}  // namespace cachesim
