#include "protocols/paxos/lease.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/check.hpp"

namespace {
constexpr cachesim::Time kNever = std::numeric_limits<cachesim::Time>::min() / 2;
}  // namespace

namespace cachesim::paxos {

Duration leader_lease_span(Duration length, std::int64_t drift_bound_ppm) {
  constexpr std::int64_t kMillion = 1'000'000;
  CACHESIM_CHECK(drift_bound_ppm >= 0 && drift_bound_ppm < kMillion, "lease drift bound out of range");
  const __int128 num = static_cast<__int128>(length) * (kMillion - drift_bound_ppm);
  return static_cast<Duration>(num / (kMillion + drift_bound_ppm));
}

void LeaderLease::reset(std::size_t voters) {
  CACHESIM_CHECK(voters >= 1 && voters <= 32, "a lease needs 1..32 voters");
  latest_.assign(voters, kNever);
  majority_start_ = kNever;
}

bool LeaderLease::ever_held() const { return majority_start_ != kNever; }

void LeaderLease::grant(std::size_t voter, Time sent_at) {
  CACHESIM_CHECK(voter < latest_.size(), "lease grant from an unknown voter");
  if (sent_at <= latest_[voter]) return;
  latest_[voter] = sent_at;
  // The majority-th newest grant: a majority granted at or after it. At most
  // 32 voters, so a copy on the stack and a partial sort are cheap.
  Time t[32];
  std::copy(latest_.begin(), latest_.end(), t);
  const std::size_t n = latest_.size(), k = n / 2;
  std::nth_element(t, t + k, t + n, std::greater<Time>());
  majority_start_ = t[k];
}
void VoteGuard::hold(NodeId holder, Time until) {
  if (holder != holder_) {
    holder_ = holder;
    until_ = until;
  } else {
    until_ = std::max(until_, until);
  }
}

}  // namespace cachesim::paxos
