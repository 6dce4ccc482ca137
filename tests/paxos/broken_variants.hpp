// Deliberately broken variants, living ONLY in tests, plugged into the
// protocol's seams to prove that the checkers catch what they claim to.
#pragma once

#include <memory>

#include "protocols/cache/cache_config.hpp"
#include "protocols/cache/read_policy.hpp"
#include "protocols/paxos/durable.hpp"

namespace cachesim::paxos_test {

// BUG: answers a prepare with a promise it never made durable. After a
// crash the acceptor has forgotten it and accepts the older leader's values
// again, and the restarted node may even reuse a ballot it already used.
class ForgetfulPromises final : public paxos::DurableState {
 public:
  using DurableState::DurableState;
  void persist_promise(Storage&, paxos::Ballot) override {}
};

// BUG: a leader answers every get from local state, lease or not. Once a
// partition lets a new leader take writes, the old one serves stale reads.
class LocalReadsWithoutLease final : public cache::ReadPolicy {
 public:
  bool serve_locally(const paxos::Replica& r, Time) const override { return r.leading(); }
};

inline cache::CacheSeams forgetful_promises() {
  cache::CacheSeams s;
  s.durable = [](paxos::GroupId g) { return std::make_unique<ForgetfulPromises>(g); };
  return s;
}

inline cache::CacheSeams local_reads_without_lease() {
  cache::CacheSeams s;
  s.reads = std::make_shared<const LocalReadsWithoutLease>();
  return s;
}

}  // namespace cachesim::paxos_test
