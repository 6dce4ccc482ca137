// Deliberately broken 2PC variants, living ONLY in tests, plugged into the
// protocol's seams (protocols/twopc/seams.hpp) to prove that the checkers
// catch each classic mistake.
#pragma once

#include <memory>

#include "protocols/cache/shard_config.hpp"
#include "protocols/twopc/seams.hpp"

namespace cachesim::twopc_test {

// BUG: a participant votes yes as soon as a prepare arrives, before PREPARED
// is in its log: nothing is locked yet, its reads can be stale, and when the
// record is applied it may find a conflict and abort on its own after the
// coordinator already counted its yes.
class VotesYesWithoutRecording final : public twopc::TwoPcSeams {
 public:
  bool vote_before_recording() const override { return true; }
};

// BUG: a coordinator whose votes are not all in after the vote timeout
// commits instead of aborting.
class CommitsAfterVoteTimeout final : public twopc::TwoPcSeams {
 public:
  bool commit_on_vote_timeout() const override { return true; }
};

// BUG: a participant applies its appends when it prepares, so an abort
// leaves them visible.
class AppliesBeforeDecision final : public twopc::TwoPcSeams {
 public:
  bool apply_at_prepare() const override { return true; }
};

template <class Variant>
cache::ShardSeams broken() {
  cache::ShardSeams s;
  s.twopc = std::make_shared<const Variant>();
  return s;
}

}  // namespace cachesim::twopc_test
