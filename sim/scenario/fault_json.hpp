// One scheduled fault in scenario files, read and written:
//
//   {"at": DURATION, "kind": KIND, "for"?: DURATION, ...fields of the kind}
//
//   partition  "type": "isolate" + "node"
//                      "split" + "groups" (>= 2 non-empty disjoint lists)
//                      "one-way" + "from", "to" (non-empty, disjoint lists)
//                      "bridge" + "node", optional "groups" (2 halves)
//   heal       nothing else
//   crash, pause, restart, resume   "node" ("for" only for crash and pause)
//   clock      "node" + "jump" and/or "drift_ppm" ("for" only with "jump")
//   network    "loss"/"duplicate"/"latency" (at least one), "from"+"to" for one link
//
// "node" names a server; for crash, pause, clock, isolate and bridge it may
// instead be "leader": whichever server leads when the fault is applied, or,
// with `txn_roles` (a cluster that runs transactions), "coordinator" or
// "participant": a server in that role of a cross-group transaction when
// the fault is applied (Fault::aim). Lists in partitions may also name clients. `at`
// is in [0, run duration + kFaultTailAfterDuration); "for" is > 0 and
// becomes Fault::lasts. Fields a kind does not use keep Fault's defaults,
// so a fault read and written back compares equal.
#pragma once

#include <nlohmann/json.hpp>

#include "sim/fault/fault.hpp"
#include "sim/scenario/json_reader.hpp"
#include "sim/scenario/node_names.hpp"

namespace cachesim {

Fault read_fault(const JsonReader& r, const NodeNames& names, Duration run_duration, bool txn_roles);
nlohmann::json fault_to_json(const Fault& f, const NodeNames& names);

}  // namespace cachesim
