#include "tests/twopc/shard_cluster.hpp"

#include <set>

#include "sim/core/check.hpp"
#include "sim/workload/txn_client.hpp"

namespace cachesim::twopc_test {

std::string DecidedChecker::note(NodeId node, const Observation& fact) {
  if (fact.kind != "twopc.decided") return "";
  ++reports_;
  ++reports_of_[{fact.v[1], fact.v[2]}];
  const std::uint8_t bit = fact.v[3] ? 2 : 1;
  if (fact.v[3]) ++committed_;
  auto [it, fresh] = seen_.try_emplace({fact.v[1], fact.v[2]}, std::make_pair(bit, node));
  if (!fresh && (it->second.first | bit) == 3) {
    return "txn c" + std::to_string(fact.v[1]) + "#" + std::to_string(fact.v[2]) + " " +
           (fact.v[3] ? "committed" : "aborted") + " in group " + std::to_string(fact.v[0]) + " at node " +
           std::to_string(node) + " but decided the other way earlier at node " + std::to_string(it->second.second);
  }
  it->second.first |= bit;
  return "";
}

std::optional<bool> DecidedChecker::outcome(std::uint64_t client, std::uint64_t seq) const {
  auto it = seen_.find({client, seq});
  if (it == seen_.end()) return std::nullopt;
  return it->second.first == 2;
}

std::uint64_t DecidedChecker::reports_of(std::uint64_t client, std::uint64_t seq) const {
  auto it = reports_of_.find({client, seq});
  return it == reports_of_.end() ? 0 : it->second;
}

ShardCluster::ShardCluster(std::uint64_t seed, ShardOptions opt) : opt_(std::move(opt)) {
  ring_ = std::make_shared<const ring::Ring>(ring::first_nodes(opt_.servers), opt_.ring);
  cache::ShardConfig cfg;
  cfg.ring = ring_;
  cfg.paxos = opt_.paxos;
  cfg.twopc = opt_.twopc;
  std::vector<EndpointSpec> eps;
  for (NodeId i = 0; i < opt_.servers; ++i)
    eps.push_back(EndpointSpec{"n" + std::to_string(i + 1),
                               [cfg, seams = opt_.seams](NodeId self) { return cache::make_shard_node(self, cfg, seams); },
                               Clock()});
  auto keys = std::make_shared<TxnKeyPool>(opt_.workload.keys, opt_.workload.max_writes_per_key);
  for (std::uint32_t c = 0; c < opt_.clients; ++c) {
    TxnClientConfig tc;
    tc.index = c;
    tc.clients = opt_.clients;
    tc.ring = ring_;
    tc.keys = keys;
    tc.workload = opt_.workload;
    tc.stop = opt_.stop;
    eps.push_back(EndpointSpec{"t" + std::to_string(c + 1),
                               [tc, h = &history_](NodeId) { return std::make_unique<TxnClient>(tc, h); }, Clock()});
  }
  for (std::uint32_t i = 0; i < opt_.script_nodes; ++i)
    eps.push_back(EndpointSpec{"s" + std::to_string(i + 1), [](NodeId) { return std::make_unique<ScriptNode>(); }, Clock()});
  sim_ = std::make_unique<Simulator>(seed, std::move(eps), opt_.servers, opt_.link);
  agreement_ = std::make_unique<AgreementChecker>(*sim_);
  sim_->set_observer(this);
  sim_->start();
}

void ShardCluster::on_observation(NodeId node, const Observation& fact) {
  agreement_->on_observation(node, fact);
  std::string breach = decided_.note(node, fact);
  if (!breach.empty() && decided_breach_.empty()) {
    decided_breach_ = std::move(breach);
    sim_->stop();
  }
}

ScriptNode& ShardCluster::script(std::uint32_t i) {
  CACHESIM_CHECK(i < opt_.script_nodes, "no such script endpoint");
  return *static_cast<ScriptNode*>(sim_->node(script_id(i)));
}

const cache::ShardNode* ShardCluster::server(NodeId id) {
  return static_cast<const cache::ShardNode*>(sim_->node(id));
}

std::optional<NodeId> ShardCluster::leader_of(paxos::GroupId g) {
  std::optional<NodeId> best;
  paxos::Ballot top;
  for (NodeId n : ring_->groups()[g]) {
    const cache::ShardNode* s = server(n);
    const cache::ShardGroup* grp = s ? s->group(g) : nullptr;
    if (!grp || !grp->replica().leading()) continue;
    if (!best || grp->replica().ballot() > top) {
      best = n;
      top = grp->replica().ballot();
    }
  }
  return best;
}

std::vector<twopc::HeldLock> ShardCluster::held_locks() {
  std::vector<twopc::HeldLock> out;
  for (NodeId i = 0; i < opt_.servers; ++i)
    if (const cache::ShardNode* s = server(i)) {
      std::vector<twopc::HeldLock> h = s->held_locks();
      out.insert(out.end(), h.begin(), h.end());
    }
  return out;
}

std::size_t ShardCluster::remembered_decisions() {
  std::size_t n = 0;
  for (NodeId i = 0; i < opt_.servers; ++i)
    if (const cache::ShardNode* s = server(i))
      for (const auto& [g, grp] : s->groups())
        for (const auto& [t, r] : grp->txn_state().remembered()) n += !r.participants.empty();
  return n;
}

std::size_t ShardCluster::in_progress_txns() {
  std::size_t n = 0;
  for (NodeId i = 0; i < opt_.servers; ++i)
    if (const cache::ShardNode* s = server(i))
      for (const auto& [g, grp] : s->groups()) n += grp->txn_state().in_progress_all().size();
  return n;
}

std::string ShardCluster::divergence() {
  for (paxos::GroupId g = 0; g < ring_->groups().size(); ++g) {
    std::optional<std::pair<paxos::Slot, std::uint64_t>> first;
    for (NodeId n : ring_->groups()[g]) {
      const cache::ShardNode* s = server(n);
      if (!s) continue;
      const cache::ShardGroup* grp = s->group(g);
      const auto here = std::make_pair(grp->replica().log().applied(), grp->state_hash());
      if (!first) {
        first = here;
      } else if (here != *first) {
        return "group " + std::to_string(g) + ": node " + std::to_string(n) + " applied " + std::to_string(here.first) +
               " vs " + std::to_string(first->first);
      }
    }
  }
  return "";
}

std::uint64_t ShardCluster::mark(std::string_view name) const {
  auto it = sim_->marks().find(name);
  return it == sim_->marks().end() ? 0 : it->second;
}

std::string ShardCluster::failure_text() const {
  std::string s;
  if (const auto& f = sim_->failure()) s += "run failed at event " + std::to_string(f->event) + ": " + f->what + ". ";
  if (agreement_->breach()) s += "agreement: " + agreement_->breach()->what + ". ";
  if (!decided_breach_.empty()) s += "decided: " + decided_breach_ + ". ";
  return s;
}

ShardCluster::Tally ShardCluster::tally() const {
  Tally t;
  for (const Operation& o : pair_operations(history())) {
    if (!o.completed) {
      ++t.pending;
      continue;
    }
    switch (o.outcome) {
      case Outcome::kOk: {
        ++t.ok;
        std::set<ring::GroupIndex> gs;
        for (const MicroOp& m : o.txn) gs.insert(ring_->group_of(m.key));
        t.multi_group_ok += gs.size() > 1;
        break;
      }
      case Outcome::kFail: ++t.fail; break;
      case Outcome::kInfo: ++t.info; break;
    }
  }
  return t;
}

std::string describe(const std::vector<twopc::HeldLock>& locks) {
  std::string s;
  for (const twopc::HeldLock& l : locks) {
    if (!s.empty()) s += ", ";
    s += "g" + std::to_string(l.group) + ":" + l.key + " by " + l.txn.str();
  }
  return s;
}

}  // namespace cachesim::twopc_test
