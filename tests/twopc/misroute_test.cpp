// A request sent to a server outside its key's group (a client with a stale
// or wrong idea of the ring): the server holds no replica of the key, so it
// neither runs nor forwards it, and answers redirect with no leader (it has
// no idea who leads a group it is not in; protocols/cache/shard_node.hpp).
// A client that follows redirects the way the client library does
// (sim/workload/group_router.hpp: no leader named -> the group's next
// member) still completes. The real clients route by the ring and never
// misroute, so a scripted client does.
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <string>

#include "protocols/cache/client_protocol.hpp"
#include "protocols/twopc/txn_protocol.hpp"
#include "sim/workload/group_router.hpp"
#include "tests/twopc/shard_cluster.hpp"

namespace cachesim::twopc_test {
namespace {

constexpr std::uint64_t kMisroutedClient = 7000002;

struct Answer {
  NodeId from = kNoNode;
  bool redirect = false;
  NodeId leader = kNoNode;
};

// The first reply to `seq` of type Reply received after index `since`.
template <class Reply>
std::optional<std::pair<Answer, Reply>> answer_after(ShardCluster& c, std::size_t since, std::uint64_t seq) {
  const auto& got = c.script(0).received();
  for (std::size_t i = since; i < got.size(); ++i) {
    const Reply* r = got[i].msg.as<Reply>();
    if (!r || r->client != kMisroutedClient || r->seq != seq) continue;
    Answer a{got[i].from, false, r->leader};
    if constexpr (std::is_same_v<Reply, cache::ClientReply>) {
      a.redirect = r->status == cache::ReplyStatus::redirect;
    } else {
      a.redirect = r->status == twopc::TxnStatus::redirect;
    }
    return std::make_pair(a, *r);
  }
  return std::nullopt;
}

// Sends `req` to `first`, then follows redirects as a client does; returns
// the final (non-redirect) reply and the first answer, or nullopt after
// twice the group's size of redirects.
template <class Reply, class Request>
std::optional<std::pair<Answer, Reply>> follow(ShardCluster& c, const GroupRouter& router, std::uint32_t group,
                                                NodeId first, const Request& req, Answer* first_answer) {
  NodeId target = first;
  for (std::size_t hop = 0; hop <= 2 * router.members(group).size(); ++hop) {
    const std::size_t since = c.script(0).received().size();
    c.script(0).post(target, req);
    if (!c.run_until(c.sim().now() + 50 * kMillisecond)) return std::nullopt;
    auto got = answer_after<Reply>(c, since, req.seq);
    if (!got) return std::nullopt;
    if (hop == 0 && first_answer) *first_answer = got->first;
    if (!got->first.redirect) return got;
    const NodeId leader = got->first.leader;
    target = leader != kNoNode && leader != got->first.from && router.is_member(group, leader)
                 ? leader
                 : router.next_after(group, got->first.from);
  }
  return std::nullopt;
}

TEST(ShardRouting, ARequestToAServerOutsideTheKeysGroupIsRedirectedWithNoLeaderAndAFollowingClientCompletes) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    ShardOptions opt;
    opt.clients = 0;
    opt.script_nodes = 1;
    ShardCluster c(seed, opt);
    ASSERT_TRUE(c.run_until(1 * kSecond));
    const ring::Ring& ring = c.ring();
    const std::string key = "m" + std::to_string(seed);
    const std::uint32_t g = ring.group_of(key);
    const std::vector<NodeId>& members = ring.groups()[g];
    NodeId outsider = kNoNode;
    for (NodeId n = 0; n < opt.servers && outsider == kNoNode; ++n)
      if (std::find(members.begin(), members.end(), n) == members.end()) outsider = n;
    ASSERT_NE(outsider, kNoNode);
    ASSERT_EQ(c.server(outsider)->group(g), nullptr);
    GroupRouter router(opt.servers, std::make_shared<const ring::Ring>(ring), 0);

    // Key-value: a put sent to the outsider.
    const std::uint64_t cache_redirects = c.mark("cache.redirect");
    Answer first;
    cache::ClientRequest put{kMisroutedClient, 1, cache::OpKind::put, key, cache::Value{std::int64_t{42}}, std::nullopt};
    auto put_done = follow<cache::ClientReply>(c, router, g, outsider, put, &first);
    EXPECT_EQ(first.from, outsider) << "seed " << seed;
    EXPECT_TRUE(first.redirect) << "seed " << seed;
    EXPECT_EQ(first.leader, kNoNode) << "seed " << seed << ": an outsider cannot know the group's leader";
    EXPECT_GT(c.mark("cache.redirect"), cache_redirects) << "seed " << seed;
    ASSERT_TRUE(put_done) << "seed " << seed << ": the put never completed";
    EXPECT_EQ(put_done->second.status, cache::ReplyStatus::ok) << "seed " << seed;
    EXPECT_NE(std::find(members.begin(), members.end(), put_done->first.from), members.end()) << "seed " << seed;

    // Transaction: its first key is `key`, so group g coordinates it.
    const std::uint64_t txn_redirects = c.mark("twopc.redirect");
    first = Answer{};
    twopc::TxnRequest txn{kMisroutedClient, 2, {twopc::MicroOp{twopc::MicroKind::append, key, 9},
                                       twopc::MicroOp{twopc::MicroKind::read, key, 0}}};
    auto txn_done = follow<twopc::TxnReply>(c, router, g, outsider, txn, &first);
    EXPECT_EQ(first.from, outsider) << "seed " << seed;
    EXPECT_TRUE(first.redirect) << "seed " << seed;
    EXPECT_EQ(first.leader, kNoNode) << "seed " << seed;
    EXPECT_GT(c.mark("twopc.redirect"), txn_redirects) << "seed " << seed;
    ASSERT_TRUE(txn_done) << "seed " << seed << ": the txn never completed";
    EXPECT_EQ(txn_done->second.status, twopc::TxnStatus::committed) << "seed " << seed << ": " << txn_done->second.reason;
    EXPECT_EQ(txn_done->second.reads, (std::vector<twopc::List>{{9}})) << "seed " << seed;

    // And the put took effect where the key lives: a get through the group reads it.
    cache::ClientRequest get{kMisroutedClient, 3, cache::OpKind::get, key, std::nullopt, std::nullopt};
    auto got = follow<cache::ClientReply>(c, router, g, outsider, get, nullptr);
    ASSERT_TRUE(got) << "seed " << seed;
    EXPECT_EQ(got->second.value, cache::MaybeValue(cache::Value{std::int64_t{42}})) << "seed " << seed;
    EXPECT_TRUE(c.agreement_ok() && !c.sim().failure()) << "seed " << seed << ": " << c.failure_text();
  }
}

}  // namespace
}  // namespace cachesim::twopc_test
