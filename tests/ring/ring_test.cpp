// The ring's placement: replica sets against a brute-force walk of the
// specified circle, groups, and golden values that pin the hash and naming.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "protocols/ring/ring.hpp"
#include "sim/core/check.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::ring {
namespace {

// The specification, written out the slow way and independently of Ring:
// every point of every server, sorted; the first point at or after the key's
// position (wrapping); then clockwise until R distinct servers are met.
std::vector<NodeId> brute_force_replicas(const std::vector<NodeId>& servers, RingConfig cfg, std::uint64_t pos) {
  struct P {
    std::uint64_t token;
    NodeId node;
    std::uint32_t vnode;
  };
  std::vector<P> pts;
  for (NodeId id : servers)
    for (std::uint32_t v = 0; v < cfg.vnodes; ++v)
      pts.push_back({hash64("n" + std::to_string(id + 1) + "#" + std::to_string(v)), id, v});
  std::sort(pts.begin(), pts.end(), [](const P& a, const P& b) {
    return a.token != b.token ? a.token < b.token : a.node != b.node ? a.node < b.node : a.vnode < b.vnode;
  });
  std::size_t start = 0;
  while (start < pts.size() && pts[start].token < pos) ++start;
  std::vector<NodeId> out;
  for (std::size_t k = 0; out.size() < cfg.replicas; ++k) {
    const NodeId id = pts[(start + k) % pts.size()].node;
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

std::vector<NodeId> sorted(std::vector<NodeId> v) {
  std::sort(v.begin(), v.end());
  return v;
}

TEST(Ring, ReplicaSetsMatchABruteForceWalkOfTheCircle) {
  struct Case {
    std::vector<NodeId> servers;
    RingConfig cfg;
  };
  const std::vector<Case> cases = {
      {first_nodes(1), {8, 1}},          {first_nodes(3), {1, 3}},  {first_nodes(3), {16, 2}}, {first_nodes(5), {4, 3}},
      {first_nodes(7), {32, 5}},         {first_nodes(9), {64, 3}}, {first_nodes(12), {3, 12}},
      {{40, 7, 19, 3, 28}, {16, 3}},  // ids neither dense nor sorted
  };
  for (const Case& c : cases) {
    const Ring ring(c.servers, c.cfg);
    // Sample keys, plus the positions where off-by-one errors live: exactly
    // on a token, one past it, and both ends of the circle.
    std::vector<std::uint64_t> positions = {0, 1, UINT64_MAX, UINT64_MAX - 1};
    for (const Point& p : ring.points()) {
      positions.push_back(p.token);
      positions.push_back(p.token + 1);
      positions.push_back(p.token - 1);
    }
    for (int i = 0; i < 300; ++i) positions.push_back(Ring::position_of("key-" + std::to_string(i)));
    for (std::uint64_t pos : positions) {
      const std::vector<NodeId> want = brute_force_replicas(c.servers, c.cfg, pos);
      const std::vector<NodeId> got = ring.replicas_at(pos);
      ASSERT_EQ(got, want) << "servers=" << c.servers.size() << " vnodes=" << c.cfg.vnodes << " pos=" << pos;
      ASSERT_EQ(std::set<NodeId>(got.begin(), got.end()).size(), c.cfg.replicas);
      // The precomputed arc group is the same set.
      ASSERT_EQ(ring.groups().at(ring.group_at(pos)), sorted(got)) << "pos=" << pos;
    }
  }
}

TEST(Ring, KeyLookupsAgreeWithPositionLookups) {
  const Ring ring(first_nodes(6), {32, 3});
  for (int i = 0; i < 500; ++i) {
    const std::string key = "k" + std::to_string(i);
    const std::uint64_t pos = hash64(key);
    EXPECT_EQ(Ring::position_of(key), pos);
    EXPECT_EQ(ring.replicas_of(key), ring.replicas_at(pos));
    EXPECT_EQ(ring.primary_of(key), ring.replicas_of(key)[0]);
    EXPECT_EQ(ring.group_of(key), ring.group_at(pos));
  }
}

TEST(Ring, PointsAreSortedAndEveryServerHasItsVnodes) {
  const std::vector<NodeId> servers = {9, 2, 5, 0};
  const Ring ring(servers, {50, 2});
  ASSERT_EQ(ring.points().size(), 200u);
  ASSERT_EQ(ring.arc_groups().size(), 200u);
  std::set<std::pair<NodeId, std::uint32_t>> seen;
  for (std::size_t i = 0; i < ring.points().size(); ++i) {
    const Point& p = ring.points()[i];
    EXPECT_EQ(p.token, hash64("n" + std::to_string(p.node + 1) + "#" + std::to_string(p.vnode)));
    if (i > 0) {
      EXPECT_LT(ring.points()[i - 1].token, p.token);
    }
    seen.insert({p.node, p.vnode});
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_EQ(ring.servers(), servers);
}

TEST(Ring, GroupsAreSortedDistinctAndExactlyTheArcsSets) {
  for (std::uint32_t n : {3u, 5u, 9u, 16u}) {
    for (std::uint32_t r : {1u, 2u, 3u}) {
      const Ring ring(first_nodes(n), {64, r});
      const auto& groups = ring.groups();
      ASSERT_FALSE(groups.empty());
      for (std::size_t g = 0; g < groups.size(); ++g) {
        EXPECT_EQ(groups[g].size(), r);
        EXPECT_TRUE(std::is_sorted(groups[g].begin(), groups[g].end()));
        EXPECT_EQ(std::adjacent_find(groups[g].begin(), groups[g].end()), groups[g].end());
        if (g > 0) {
          EXPECT_LT(groups[g - 1], groups[g]);  // sorted and distinct
        }
      }
      // Every group is some arc's set (no stale entries), and every arc's set
      // is its group.
      std::vector<bool> used(groups.size(), false);
      for (std::size_t i = 0; i < ring.points().size(); ++i) {
        const GroupIndex g = ring.arc_groups()[i];
        ASSERT_LT(g, groups.size());
        used[g] = true;
        EXPECT_EQ(groups[g], sorted(ring.replicas_at(ring.points()[i].token)));
      }
      EXPECT_TRUE(std::all_of(used.begin(), used.end(), [](bool u) { return u; }));
      if (r == 1) {
        EXPECT_EQ(groups.size(), n);
      }
    }
  }
}

TEST(Ring, GroupsOfListsExactlyTheGroupsAServerIsIn) {
  const Ring ring({4, 1, 7, 3, 9}, {32, 3});
  std::size_t memberships = 0;
  for (NodeId id : ring.servers()) {
    const std::vector<GroupIndex> mine = ring.groups_of(id);
    EXPECT_TRUE(std::is_sorted(mine.begin(), mine.end()));
    for (GroupIndex g = 0; g < ring.groups().size(); ++g) {
      const auto& members = ring.groups()[g];
      const bool member = std::find(members.begin(), members.end(), id) != members.end();
      EXPECT_EQ(member, std::binary_search(mine.begin(), mine.end(), g)) << "node " << id << " group " << g;
    }
    memberships += mine.size();
  }
  EXPECT_EQ(memberships, ring.groups().size() * 3);
  EXPECT_TRUE(ring.groups_of(5).empty());  // not a server
}

TEST(Ring, TheServersOrderDoesNotChangeTheRing) {
  const Ring a({0, 1, 2, 3, 4, 5}, {48, 3});
  const Ring b({5, 3, 1, 0, 4, 2}, {48, 3});
  EXPECT_EQ(a.groups(), b.groups());
  EXPECT_EQ(a.arc_groups(), b.arc_groups());
  for (int i = 0; i < 200; ++i) EXPECT_EQ(a.replicas_of("k" + std::to_string(i)), b.replicas_of("k" + std::to_string(i)));
}

TEST(Ring, ReplicasEqualToServersPutEveryKeyOnEveryServer) {
  const Ring ring(first_nodes(4), {16, 4});
  ASSERT_EQ(ring.groups().size(), 1u);
  EXPECT_EQ(ring.groups()[0], first_nodes(4));
  EXPECT_EQ(ring.groups_of(2), std::vector<GroupIndex>{0});
}

// Golden values: a change of hash64, of the point naming "n<id+1>#<i>", of
// the tie rule or of group numbering moves keys between servers in every
// saved scenario's expectations, so it must be a visible, deliberate change.
TEST(Ring, GoldenRingForFiveServersFourVnodes) {
  const Ring ring(first_nodes(5), {4, 3});
  const std::vector<Point> want = {
      {0x09334d42fe6b0bcdULL, 2, 2}, {0x205a4ddd96b58381ULL, 3, 1}, {0x2210bd17a1c4c659ULL, 1, 0},
      {0x28560360141bec7aULL, 0, 3}, {0x3b634f44174dbf41ULL, 1, 2}, {0x40ff7d51c491fa54ULL, 2, 0},
      {0x445f05d1d1aa314aULL, 4, 3}, {0x4b054a1228b1160fULL, 1, 3}, {0x5b90e6a3eaf49081ULL, 3, 3},
      {0x5ed4c6d1dc0739feULL, 4, 0}, {0x5fb7045970f2626bULL, 1, 1}, {0x7a91b3b602abd1eaULL, 3, 0},
      {0x9684abe9756a369dULL, 4, 2}, {0x9ca5c17dbd73be1eULL, 0, 2}, {0xa98d607356733cf5ULL, 3, 2},
      {0xb2e0b0b767a4e04bULL, 0, 1}, {0xc5d83b2fbe3c1c9dULL, 2, 3}, {0xdae056df51107aa3ULL, 2, 1},
      {0xe73b9b96754f50a4ULL, 0, 0}, {0xe785d67ae3c1d592ULL, 4, 1},
  };
  ASSERT_EQ(ring.points().size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(ring.points()[i].token, want[i].token) << i;
    EXPECT_EQ(ring.points()[i].node, want[i].node) << i;
    EXPECT_EQ(ring.points()[i].vnode, want[i].vnode) << i;
  }
  const std::vector<std::vector<NodeId>> groups = {{0, 1, 2}, {0, 1, 3}, {0, 2, 3}, {0, 2, 4}, {0, 3, 4},
                                                   {1, 2, 3}, {1, 2, 4}, {1, 3, 4}, {2, 3, 4}};
  EXPECT_EQ(ring.groups(), groups);
  const std::vector<GroupIndex> arcs = {5, 1, 0, 0, 6, 6, 7, 7, 7, 7, 7, 4, 4, 2, 2, 3, 3, 3, 3, 8};
  EXPECT_EQ(ring.arc_groups(), arcs);
  EXPECT_EQ(ring.replicas_of("k1"), (std::vector<NodeId>{3, 1, 0}));
  EXPECT_EQ(ring.replicas_of("k2"), (std::vector<NodeId>{1, 3, 4}));
  EXPECT_EQ(ring.replicas_of("k3"), (std::vector<NodeId>{2, 3, 1}));
  EXPECT_EQ(ring.replicas_of("x0"), (std::vector<NodeId>{4, 0, 3}));
  EXPECT_EQ(ring.group_of("k2"), 7u);
}

TEST(Ring, RequirementsAreChecked) {
  EXPECT_THROW(Ring({}, {8, 1}), InvariantViolation);
  EXPECT_THROW(Ring(first_nodes(2), {8, 3}), InvariantViolation);   // R > N
  EXPECT_THROW(Ring(first_nodes(3), {8, 0}), InvariantViolation);   // R = 0
  EXPECT_THROW(Ring(first_nodes(3), {0, 1}), InvariantViolation);   // no points
  EXPECT_THROW(Ring(first_nodes(3), {kMaxVnodes + 1, 1}), InvariantViolation);
  EXPECT_THROW(Ring({1, 2, 1}, {8, 1}), InvariantViolation);  // duplicate id
  EXPECT_NO_THROW(Ring(first_nodes(1), {1, 1}));
}

}  // namespace
}  // namespace cachesim::ring
