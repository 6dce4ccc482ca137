#include "sim/fault/fault.hpp"

namespace cachesim {

const char* to_string(FaultKind k) {
  switch (k) {
    case FaultKind::partition: return "partition";
    case FaultKind::heal: return "heal";
    case FaultKind::crash: return "crash";
    case FaultKind::restart: return "restart";
    case FaultKind::pause: return "pause";
    case FaultKind::resume: return "resume";
    case FaultKind::clock: return "clock";
    case FaultKind::network: return "network";
  }
  return "?";
}

const char* to_string(PartitionKind k) {
  switch (k) {
    case PartitionKind::isolate: return "isolate";
    case PartitionKind::split: return "split";
    case PartitionKind::one_way: return "one-way";
    case PartitionKind::bridge: return "bridge";
  }
  return "?";
}

const char* to_string(FaultAim a) {
  switch (a) {
    case FaultAim::nodes: return "nodes";
    case FaultAim::leader: return "leader";
    case FaultAim::coordinator: return "coordinator";
    case FaultAim::participant: return "participant";
  }
  return "?";
}

}  // namespace cachesim
