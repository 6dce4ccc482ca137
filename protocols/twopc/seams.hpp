// Decision points of two-phase commit that tests replace with deliberately
// wrong answers (tests/twopc/broken_variants.hpp), to prove the checkers
// catch each classic mistake. The base class gives the correct answers;
// production code never subclasses it.
#pragma once

namespace cachesim::twopc {

class TwoPcSeams {
 public:
  virtual ~TwoPcSeams() = default;
  // A participant leader votes yes the moment a prepare arrives, before
  // PREPARED is in its group's log (correct: never; the vote waits for the
  // record, whose application locks the keys and takes the reads).
  virtual bool vote_before_recording() const { return false; }
  // What a coordinator decides when the votes are not all in after
  // vote_timeout (correct: abort).
  virtual bool commit_on_vote_timeout() const { return false; }
  // A participant applies its appends when PREPARED is applied, not when
  // the commit decision is (correct: at the decision; an abort then has
  // nothing to undo).
  virtual bool apply_at_prepare() const { return false; }
};

}  // namespace cachesim::twopc
