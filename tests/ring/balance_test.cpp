// The ring's balance and key movement against what consistent hashing
// promises, for 3 to 50 servers and 64 to 256 vnodes each.
//
// The model behind every bound. N servers place V points each, M = N*V
// points in all, at hash positions that behave as independent uniform draws.
// A server's primary share of the circle is then Beta(V, (N-1)V): mean 1/N,
// relative standard deviation sigma = sqrt((N-1)/(M+1)) ~ 1/sqrt(V). Counting
// S sample keys adds binomial noise of relative size sqrt((1-p)/(S*p)) for a
// share p. The ring is fixed (hash64 is specified), so each assertion below is
// deterministic; the bounds are set where the model gives a chance of about
// 1e-3 of exceeding them, so a pass is not luck and a real defect (points not
// spread, a server's points missing, a non-consistent placement) fails.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "protocols/ring/ring.hpp"

namespace cachesim::ring {
namespace {

constexpr std::uint32_t kSample = 40000;

// Relative spread of one server's share p of the keys, ring and sampling.
double share_sigma(std::uint32_t n, std::uint32_t v, double p, std::uint32_t sample) {
  const double m = static_cast<double>(n) * v;
  return std::sqrt((n - 1.0) / (m + 1.0) + (1.0 - p) / (sample * p));
}

// Upper 0.1% point of the population CV over N servers whose shares have
// relative spread sigma: N * var_pop / sigma^2 is about chi-square with N-1
// degrees of freedom (Wilson-Hilferty for its quantile, z = 3.09).
double cv_bound(std::uint32_t n, double sigma) {
  const double k = n - 1.0, z = 3.09;
  const double q = k * std::pow(1.0 - 2.0 / (9.0 * k) + z * std::sqrt(2.0 / (9.0 * k)), 3.0);
  return sigma * std::sqrt(q / n);
}

// Upper point of max/mean over N servers: a union bound over the servers of a
// Gaussian tail at 1e-3 / N (Chernoff: z = sqrt(2 ln(N / 1e-3))), which also
// covers the mild right skew of Beta(V, .) for V >= 64.
double max_over_mean_bound(std::uint32_t n, double sigma) { return 1.0 + std::sqrt(2.0 * std::log(n / 1e-3)) * sigma; }

// |measured / ideal - 1| for one server's share, two-sided 0.1% (z = 3.29).
double relative_tolerance(double sigma) { return 3.29 * sigma; }

struct Grid {
  std::uint32_t n, v;
};
std::vector<Grid> grid() {
  std::vector<Grid> out;
  for (std::uint32_t n : {3u, 5u, 9u, 16u, 32u, 50u})
    for (std::uint32_t v : {64u, 128u, 256u}) out.push_back({n, v});
  return out;
}

TEST(RingBalance, PrimaryKeysSpreadAsVirtualNodesPromise) {
  for (const Grid& c : grid()) {
    const Ring ring(first_nodes(c.n), {c.v, 1});
    const RingBalance b = measure_balance(ring, {}, kSample);
    const double sigma = share_sigma(c.n, c.v, 1.0 / c.n, kSample);
    EXPECT_LE(b.keys_cv, cv_bound(c.n, sigma)) << "N=" << c.n << " V=" << c.v;
    EXPECT_LE(b.keys_max_over_mean, max_over_mean_bound(c.n, sigma)) << "N=" << c.n << " V=" << c.v;
    EXPECT_GE(b.keys_max_over_mean, 1.0);
  }
}

// With R replicas each server's load sums R arcs per point, so it spreads no
// more than its primary share: the primary's bounds hold (conservatively).
TEST(RingBalance, ReplicatedKeysSpreadNoWorseThanPrimaries) {
  for (const Grid& c : grid()) {
    const Ring ring(first_nodes(c.n), {c.v, 3});
    const RingBalance b = measure_balance(ring, {}, kSample);
    const double sigma = share_sigma(c.n, c.v, std::min(1.0, 3.0 / c.n), kSample);
    EXPECT_LE(b.keys_cv, cv_bound(c.n, sigma)) << "N=" << c.n << " V=" << c.v;
    EXPECT_LE(b.keys_max_over_mean, max_over_mean_bound(c.n, sigma)) << "N=" << c.n << " V=" << c.v;
    std::uint64_t total = 0;
    for (std::uint64_t k : b.keys_per_node) total += k;
    EXPECT_EQ(total, std::uint64_t{kSample} * 3) << "every sample key counts once per replica";
  }
}

// The bounds are not vacuous: a ring whose servers have one point each (what
// a naming bug that hashes every vnode to the same token would give) breaks
// the bounds for 256 vnodes.
TEST(RingBalance, TheBoundsRejectARingWithoutVirtualNodes) {
  const std::uint32_t n = 50;
  const RingBalance b = measure_balance(Ring(first_nodes(n), {1, 1}), {}, kSample);
  const double sigma = share_sigma(n, 256, 1.0 / n, kSample);
  EXPECT_GT(b.keys_cv, cv_bound(n, sigma));
  EXPECT_GT(b.keys_max_over_mean, max_over_mean_bound(n, sigma));
}

TEST(RingBalance, EveryServerHoldsEveryKeyWhenReplicasEqualServers) {
  const RingBalance b = measure_balance(Ring(first_nodes(3), {64, 3}), {{"a", 5}, {"b", 2}}, 1000);
  EXPECT_EQ(b.keys_per_node, (std::vector<std::uint64_t>{1000, 1000, 1000}));
  EXPECT_EQ(b.ops_per_node, (std::vector<std::uint64_t>{7, 7, 7}));
  EXPECT_DOUBLE_EQ(b.keys_cv, 0.0);
  EXPECT_DOUBLE_EQ(b.keys_max_over_mean, 1.0);
}

TEST(RingBalance, OperationsAreChargedToEveryReplicaOfTheirKey) {
  const Ring ring({10, 20, 30, 40, 50}, {32, 3});
  std::vector<std::pair<std::string, std::uint64_t>> key_ops;
  for (int i = 1; i <= 40; ++i) key_ops.push_back({"k" + std::to_string(i), static_cast<std::uint64_t>(i * i)});
  std::vector<std::uint64_t> want(5, 0);
  std::uint64_t total = 0;
  for (const auto& [key, ops] : key_ops) {
    total += ops;
    for (NodeId id : ring.replicas_of(key)) want[id / 10 - 1] += ops;
  }
  const RingBalance b = measure_balance(ring, key_ops, 500);
  EXPECT_EQ(b.ops_per_node, want);
  EXPECT_EQ(b.total_ops, total);
  const double mean = 3.0 * total / 5;
  EXPECT_DOUBLE_EQ(b.ops_max_over_mean, *std::max_element(want.begin(), want.end()) / mean);
  EXPECT_EQ(b.servers, 5u);
  EXPECT_EQ(b.vnodes, 32u);
  EXPECT_EQ(b.replicas, 3u);
  EXPECT_EQ(b.groups, ring.groups().size());
}

TEST(RingBalance, NoOperationsGiveZeroRatiosNotNaN) {
  const RingBalance b = measure_balance(Ring(first_nodes(4), {16, 2}), {}, 100);
  EXPECT_EQ(b.total_ops, 0u);
  EXPECT_EQ(b.ops_max_over_mean, 0.0);
  EXPECT_EQ(b.ops_cv, 0.0);
}

// Adding a server moves about 1/(N+1) of the primaries and changes about
// R/(N+1) of the replica sets; removing one, 1/N and R/N. Each is one
// server's share of the circle, so the per-ring tolerance is that share's
// spread; averaged over the whole grid a systematic bias (say, the new
// server getting only part of its points) shows within a few percent.
TEST(RingBalance, MovementOnAddAndRemoveIsCloseToIdeal) {
  double sum_add = 0, sum_remove = 0, var_add = 0, var_remove = 0;
  int rings = 0;
  for (const Grid& c : grid()) {
    const Ring ring(first_nodes(c.n), {c.v, 3});
    const RingBalance b = measure_balance(ring, {}, kSample);
    const std::string at = "N=" + std::to_string(c.n) + " V=" + std::to_string(c.v);
    ASSERT_DOUBLE_EQ(b.ideal_add, 1.0 / (c.n + 1)) << at;
    ASSERT_DOUBLE_EQ(b.ideal_remove, 1.0 / c.n) << at;
    const double s_add = share_sigma(c.n + 1, c.v, b.ideal_add, kSample);
    const double s_remove = share_sigma(c.n, c.v, b.ideal_remove, kSample);
    EXPECT_NEAR(b.moved_on_add / b.ideal_add, 1.0, relative_tolerance(s_add)) << at;
    EXPECT_NEAR(b.moved_on_remove / b.ideal_remove, 1.0, relative_tolerance(s_remove)) << at;
    // Replica sets: a share of R/(N+1) (R/N), spread no more than a primary's.
    ASSERT_DOUBLE_EQ(b.ideal_set_add, std::min(1.0, 3.0 / (c.n + 1))) << at;
    ASSERT_DOUBLE_EQ(b.ideal_set_remove, std::min(1.0, 3.0 / c.n)) << at;
    EXPECT_NEAR(b.set_changed_on_add / b.ideal_set_add, 1.0,
                relative_tolerance(share_sigma(c.n + 1, c.v, b.ideal_set_add, kSample)))
        << at;
    EXPECT_NEAR(b.set_changed_on_remove / b.ideal_set_remove, 1.0,
                relative_tolerance(share_sigma(c.n, c.v, b.ideal_set_remove, kSample)))
        << at;
    sum_add += b.moved_on_add / b.ideal_add;
    sum_remove += b.moved_on_remove / b.ideal_remove;
    var_add += s_add * s_add;
    var_remove += s_remove * s_remove;
    ++rings;
  }
  // The mean of independent per-ring ratios: its spread is sqrt(sum var)/rings.
  EXPECT_NEAR(sum_add / rings, 1.0, relative_tolerance(std::sqrt(var_add) / rings));
  EXPECT_NEAR(sum_remove / rings, 1.0, relative_tolerance(std::sqrt(var_remove) / rings));
}

// The defining property: an added server takes keys only for itself; no key
// moves between two servers that were already there. A removed server's keys
// go elsewhere; nobody else's keys move.
TEST(RingBalance, AddingAServerMovesKeysOnlyToIt) {
  for (std::uint32_t n : {3u, 5u, 9u, 16u, 32u, 50u}) {
    for (std::uint32_t r : {1u, 3u}) {
      const Ring before(first_nodes(n), {64, r});
      std::vector<NodeId> grown = first_nodes(n + 1);
      const Ring after(grown, {64, r});
      const NodeId added = n;
      for (std::uint32_t i = 0; i < 5000; ++i) {
        const std::string key = "key" + std::to_string(i);
        const std::vector<NodeId> a = before.replicas_of(key), b = after.replicas_of(key);
        if (a[0] != b[0]) {
          ASSERT_EQ(b[0], added) << "N=" << n << " " << key;
        }
        // The new set is the old one with at most the new server let in
        // (pushing out the old set's last member).
        for (NodeId id : b) {
          if (id != added) {
            ASSERT_NE(std::find(a.begin(), a.end(), id), a.end()) << "N=" << n << " " << key;
          }
        }
        const bool changed = std::find(b.begin(), b.end(), added) != b.end();
        ASSERT_EQ(changed, a != b) << "N=" << n << " " << key;
      }
    }
  }
}

TEST(RingBalance, RemovingAServerMovesOnlyItsKeys) {
  for (std::uint32_t n : {3u, 5u, 9u, 16u, 32u, 50u}) {
    const Ring before(first_nodes(n), {64, 2});
    const Ring after(first_nodes(n - 1), {64, 2});
    const NodeId removed = n - 1;
    for (std::uint32_t i = 0; i < 5000; ++i) {
      const std::string key = "key" + std::to_string(i);
      const std::vector<NodeId> a = before.replicas_of(key), b = after.replicas_of(key);
      const bool held = std::find(a.begin(), a.end(), removed) != a.end();
      if (!held) {
        ASSERT_EQ(a, b) << "N=" << n << " " << key;
      }
      if (a[0] != removed) {
        ASSERT_EQ(a[0], b[0]) << "N=" << n << " " << key;
      }
    }
  }
}

// A placement that is not consistent, hash mod N, would move N/(N+1) of the
// keys on an add: the movement bound above is far from that.
TEST(RingBalance, TheMovementBoundRejectsModuloPlacement) {
  const std::uint32_t n = 9, v = 64;
  std::uint32_t moved = 0;
  for (std::uint32_t i = 0; i < kSample; ++i) {
    const std::uint64_t h = Ring::position_of("k" + std::to_string(i));
    moved += (h % n) != (h % (n + 1));
  }
  const double ideal = 1.0 / (n + 1), ratio = static_cast<double>(moved) / kSample / ideal;
  EXPECT_GT(std::abs(ratio - 1.0), relative_tolerance(share_sigma(n + 1, v, ideal, kSample)));
}

TEST(RingBalance, OneServerHasNothingToRemove) {
  const RingBalance b = measure_balance(Ring(first_nodes(1), {8, 1}), {}, 100);
  EXPECT_EQ(b.moved_on_remove, 0.0);
  EXPECT_EQ(b.ideal_remove, 0.0);
  EXPECT_DOUBLE_EQ(b.ideal_add, 0.5);
  EXPECT_EQ(b.keys_per_node, std::vector<std::uint64_t>{100});
}

TEST(RingBalance, RemovingFromAFullyReplicatedRingChangesEverySet) {
  const RingBalance b = measure_balance(Ring(first_nodes(3), {64, 3}), {}, 1000);
  EXPECT_DOUBLE_EQ(b.set_changed_on_remove, 1.0);
  EXPECT_DOUBLE_EQ(b.ideal_set_remove, 1.0);
}

TEST(RingBalance, DescribeIsFixedText) {
  const RingBalance b = measure_balance(Ring(first_nodes(5), {64, 3}), {{"k1", 100}, {"k2", 50}, {"k3", 7}});
  EXPECT_EQ(describe(b),
            "ring: 5 servers x 64 vnodes, R=3, 10 groups\n"
            "keys per server (10000 sampled): max/mean 1.080, cv 0.052\n"
            "ops per server (157 ops): max/mean 1.667, cv 0.411\n"
            "primary moved: add 0.196 (ideal 0.167), remove 0.184 (ideal 0.200)\n"
            "replica set changed: add 0.493 (ideal 0.500), remove 0.559 (ideal 0.600)\n");
}

}  // namespace
}  // namespace cachesim::ring
