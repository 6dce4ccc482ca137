#include "sim/check/liveness.hpp"

#include <algorithm>

#include "sim/check/linearizability.hpp"

namespace cachesim {

LivenessResult check_liveness(const std::vector<Operation>& ops, Time quiet_start, Duration bound, Time run_end) {
  LivenessResult r;
  for (const Operation& op : ops) {
    const Time invoked = op.invoke_time.value_or(0);
    const Time deadline = std::max(invoked, quiet_start) + bound;
    const bool progress =
        op.completed && (op.outcome == Outcome::kOk ||
                         (op.outcome == Outcome::kFail && (!op.error || op.f == OpFunction::kTxn)));
    const Time done = op.completed ? op.complete_time.value_or(run_end) : run_end;
    if (!progress && deadline > run_end) continue;  // still within its bound when the run ended
    // Its client may have given up during the faults; not one that was still
    // failing past the bound after they healed.
    if (op.completed && op.outcome == Outcome::kInfo && invoked < quiet_start && done <= deadline) continue;
    ++r.judged;
    if (progress && done <= deadline) continue;
    r.held = false;
    r.stuck.push_back(op);
  }
  r.vacuous = r.judged == 0;
  for (std::size_t i = 0; i < r.stuck.size() && i < 20; ++i) r.text += describe_operation(r.stuck[i]) + "\n";
  if (r.stuck.size() > 20) r.text += "... and " + std::to_string(r.stuck.size() - 20) + " more\n";
  return r;
}

}  // namespace cachesim
