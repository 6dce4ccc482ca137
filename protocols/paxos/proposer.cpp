#include "protocols/paxos/proposer.hpp"

#include <algorithm>
#include <bit>
#include <memory>

#include "sim/core/check.hpp"

namespace cachesim::paxos {

Proposer::Proposer(std::size_t members, const PaxosConfig& cfg) : members_(members), cfg_(cfg) {
  CACHESIM_CHECK(members >= 1 && members <= 32, "a group has 1..32 members");
  CACHESIM_CHECK(cfg.max_batch >= 1 && cfg.pipeline >= 1, "max_batch and pipeline must be positive");
}

void Proposer::campaign(Ballot b) {
  CACHESIM_CHECK(b > ballot_, "a proposer's ballot went back");
  step_down();
  role_ = Role::candidate;
  ballot_ = b;
  promises_ = 0;
  best_.clear();
}

bool Proposer::add_promise(std::size_t member, const Promise& p) {
  if (role_ != Role::candidate || p.ballot != ballot_) return false;
  const std::uint32_t bit = 1u << member;
  if (promises_ & bit) return false;
  promises_ |= bit;
  for (const PromiseEntry& e : p.entries) {
    auto [it, fresh] = best_.try_emplace(e.slot, e);
    if (!fresh && e.ballot > it->second.ballot) it->second = e;
  }
  return static_cast<std::size_t>(std::popcount(promises_)) == majority();
}

void Proposer::lead(Slot next_slot) {
  CACHESIM_CHECK(role_ == Role::candidate, "leading without a campaign");
  role_ = Role::leader;
  best_.clear();
  next_slot_ = next_slot;
  queue_.clear();
  rounds_.clear();
}

bool Proposer::enqueue(Payload p) {
  if (role_ != Role::leader) return false;
  if (queue_.size() >= std::size_t{4} * cfg_.pipeline * cfg_.max_batch) return false;
  queue_.push_back(std::move(p));
  return true;
}

Round* Proposer::next_round(Time now) {
  if (role_ != Role::leader || queue_.empty() || rounds_.size() >= cfg_.pipeline) return nullptr;
  const std::size_t eager = std::max<std::size_t>(1, cfg_.pipeline / 4);
  if (rounds_.size() >= eager && queue_.size() < cfg_.max_batch) return nullptr;
  const std::size_t n = std::min<std::size_t>(queue_.size(), cfg_.max_batch);
  auto batch = std::make_shared<Batch>();
  batch->reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    batch->push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  rounds_.push_back(Round{next_slot_, std::move(batch), 0, now, false});
  next_slot_ += n;
  return &rounds_.back();
}

void Proposer::on_accepted(std::size_t member, Slot first, std::uint32_t count) {
  if (role_ != Role::leader || rounds_.empty()) return;
  // Rounds are contiguous and ascending: binary search by first slot.
  auto it = std::lower_bound(rounds_.begin(), rounds_.end(), first,
                             [](const Round& r, Slot s) { return r.first < s; });
  if (it == rounds_.end() || it->first != first || it->batch->size() != count) return;
  it->acks |= 1u << member;
  if (static_cast<std::size_t>(std::popcount(it->acks)) >= majority()) it->chosen = true;
}

Slot Proposer::pop_chosen() {
  Slot through = 0;
  while (!rounds_.empty() && rounds_.front().chosen) {
    through = rounds_.front().last();
    rounds_.pop_front();
  }
  return through;
}

void Proposer::forget_through(Slot commit) {
  while (!rounds_.empty() && rounds_.front().last() <= commit) rounds_.pop_front();
}

void Proposer::step_down() {
  role_ = Role::follower;
  promises_ = 0;
  best_.clear();
  queue_.clear();
  rounds_.clear();
}

}  // namespace cachesim::paxos
