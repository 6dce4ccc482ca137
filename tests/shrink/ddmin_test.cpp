// Delta debugging finds what matters and only that, with few tests; fault
// units keep a fault with its undo.
#include "sim/shrink/ddmin.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "sim/shrink/fault_units.hpp"

namespace cachesim {
namespace {

std::vector<int> range(int n) {
  std::vector<int> v;
  for (int i = 0; i < n; ++i) v.push_back(i);
  return v;
}

bool contains_all(const std::vector<int>& s, std::initializer_list<int> needed) {
  return std::all_of(needed.begin(), needed.end(), [&](int x) { return std::find(s.begin(), s.end(), x) != s.end(); });
}

TEST(Ddmin, FindsTheItemsThatMatterAndOnlyThem) {
  int calls = 0;
  const auto fails = [&](const std::vector<int>& s) {
    ++calls;
    return contains_all(s, {3, 11, 12});
  };
  EXPECT_EQ(ddmin(range(32), fails), (std::vector<int>{3, 11, 12}));
  EXPECT_LT(calls, 100) << "ddmin should need far fewer tests than subsets";
}

TEST(Ddmin, OneCulpritTakesLogarithmicallyManyTests) {
  int calls = 0;
  const auto fails = [&](const std::vector<int>& s) {
    ++calls;
    return contains_all(s, {37});
  };
  EXPECT_EQ(ddmin(range(64), fails), (std::vector<int>{37}));
  EXPECT_LE(calls, 20);
}

TEST(Ddmin, NothingNeededGivesTheEmptyList) {
  EXPECT_TRUE(ddmin(range(10), [](const std::vector<int>&) { return true; }).empty());
}

TEST(Ddmin, NeverTestsTheSameSubsetTwice) {
  std::set<std::vector<int>> seen;
  bool repeated = false;
  ddmin(range(20), [&](const std::vector<int>& s) {
    repeated |= !seen.insert(s).second;
    return contains_all(s, {1, 7, 19}) || contains_all(s, {2, 3});
  });
  EXPECT_FALSE(repeated);
}

TEST(Ddmin, AResultIsOneMinimal) {
  // Fails when at least three even numbers are present: any three evens do.
  const auto fails = [](const std::vector<int>& s) {
    return std::count_if(s.begin(), s.end(), [](int x) { return x % 2 == 0; }) >= 3;
  };
  const std::vector<int> r = ddmin(range(24), fails);
  ASSERT_TRUE(fails(r));
  for (std::size_t i = 0; i < r.size(); ++i) {
    std::vector<int> less = r;
    less.erase(less.begin() + static_cast<std::ptrdiff_t>(i));
    EXPECT_FALSE(fails(less)) << "item " << r[i] << " is not needed";
  }
}

Fault fault(FaultKind k, Time at, std::vector<NodeId> nodes = {}) {
  Fault f;
  f.kind = k;
  f.at = at;
  f.nodes = std::move(nodes);
  return f;
}

TEST(FaultUnits, AFaultGoesWithTheFaultThatUndoesIt) {
  const std::vector<Fault> injected = {
      fault(FaultKind::crash, 10, {1}),  fault(FaultKind::partition, 20, {2}), fault(FaultKind::crash, 25, {3}),
      fault(FaultKind::restart, 30, {3}), fault(FaultKind::heal, 40),         fault(FaultKind::clock, 45, {0}),
      fault(FaultKind::restart, 50, {1}), fault(FaultKind::resume, 60, {4}),
  };
  const std::vector<FaultUnit> units = group_fault_units(injected);
  EXPECT_EQ(units, (std::vector<FaultUnit>{{0, 6}, {1, 4}, {2, 3}, {5}, {7}}));
  const std::vector<Fault> kept = faults_of(injected, {units[2], units[0]});
  ASSERT_EQ(kept.size(), 4u);
  EXPECT_EQ(kept[0].at, 10);  // in the original order, whatever the order of the units
  EXPECT_EQ(kept[1].at, 25);
  EXPECT_EQ(kept[2].at, 30);
  EXPECT_EQ(kept[3].at, 50);
}

}  // namespace
}  // namespace cachesim
