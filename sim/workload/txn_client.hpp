// A simulated client of the sharded cache running list-append transactions,
// Jepsen/Elle-style.
//
// One transaction at a time (a Jepsen process): think, build a transaction
// from the TxnWorkloadSpec, send it to the believed leader of its
// coordinator group (the ring's group of its first key), wait. Retries reuse
// the same (client, seq), so servers run each transaction at most once.
//
// Transactions: 1..n micro-ops (uniform in [min_ops, max_ops]) on the
// run's active keys (TxnKeyPool, shared by every transaction client: `keys`
// of them, each retired after max_writes_per_key appends); each is a read
// (read_percent) or an append of a value unique across every transaction
// client (index+1 + clients*n). With multi_group_percent (for 2+ ops) the
// keys are drawn to span two or more ring groups, otherwise all from the
// first key's group.
//
// What it records (DESIGN.md history format, f "txn"):
//   ok    committed; read micro-ops carry the list read (`[]` when empty);
//   fail  aborted: it took no effect anywhere; "error" says why;
//   info  every attempt ran out: it may or may not have taken effect
//         ("timeout", or "unavailable" when every attempt was refused).
// Process ids: 1,000,000 + index, and after an info the client goes on as
// process + clients (Jepsen); key-value clients use index + kv_clients * k,
// which stays far below 1,000,000 in any bounded run. Client ids on the wire
// are 1,000,001 + index, disjoint from key-value clients' index + 1.
//
// Redirects: to the named leader if it is a member of the group, else to the
// next member; up to 2 x replicas per attempt, then the attempt timer.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "protocols/ring/ring.hpp"
#include "protocols/twopc/txn_protocol.hpp"
#include "sim/core/node.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/workload/deadline_timer.hpp"
#include "sim/workload/history_recorder.hpp"
#include "sim/workload/txn_key_pool.hpp"

namespace cachesim {

inline constexpr std::int64_t kTxnProcessBase = 1'000'000;
inline constexpr std::uint64_t kTxnClientIdBase = 1'000'001;

struct TxnClientConfig {
  std::uint32_t index = 0;    // 0-based transaction client number
  std::uint32_t clients = 1;  // total transaction clients
  std::shared_ptr<const ring::Ring> ring;
  std::shared_ptr<TxnKeyPool> keys;  // one per run, shared by its transaction clients
  TxnWorkloadSpec workload;
  Time stop = 0;  // no new transaction starts at or after this
};

class TxnClient final : public Node {
 public:
  TxnClient(TxnClientConfig cfg, HistoryRecorder* history);

  void on_start(Context& ctx) override;
  void on_message(Context& ctx, NodeId from, const Message& m) override;
  void on_timer(Context& ctx, TimerId id, std::uint64_t tag) override;

  bool busy() const { return in_flight_; }
  std::uint64_t completed() const { return completed_; }

 private:
  enum Tag : std::uint64_t { kThink = 1, kAttempt = 2 };

  void schedule_next(Context& ctx);
  void start_txn(Context& ctx);
  // Slots of the key pool: the first decides the coordinator group. Fills
  // and returns slots_.
  const std::vector<std::uint32_t>& pick_slots(Context& ctx, std::uint32_t n);
  ring::GroupIndex group_of_slot(std::uint32_t slot);
  void send_attempt(Context& ctx);
  void finish(Context& ctx, EventType type, const std::vector<std::vector<std::int64_t>>* reads,
              std::optional<std::string> error);
  NodeId next_member(NodeId after) const;

  TxnClientConfig cfg_;
  HistoryRecorder* history_;
  std::int64_t process_;
  std::uint64_t seq_ = 0, values_made_ = 0, completed_ = 0, started_ = 0;
  // Per key slot: the serial of the key last seen there (TxnKeyPool::serial,
  // 0 = none yet) and its ring group (a key's group is looked up once, not
  // once per transaction).
  std::vector<std::pair<std::uint64_t, ring::GroupIndex>> slot_group_;
  // pick_slots()'s scratch, kept so that each transaction reuses their room.
  std::vector<std::uint32_t> slots_, same_, others_;

  bool in_flight_ = false;
  twopc::TxnRequest req_;
  ring::GroupIndex group_ = 0;  // the coordinator group of req_
  std::uint32_t attempts_ = 0, redirects_ = 0;
  bool maybe_applied_ = false, attempt_refused_ = false;
  DeadlineTimer attempt_timer_{kAttempt};
  NodeId target_ = kNoNode;
  std::map<ring::GroupIndex, NodeId> leader_guess_;
};

}  // namespace cachesim
