#include "sim/check/lin_horizons.hpp"

#include <algorithm>

namespace cachesim::lin {

Horizons compute_horizons(const KeyHistory& h) {
  Horizons z;
  const std::size_t nv = h.values.size();
  z.value.assign(nv, -1);
  std::vector<std::int64_t> fcas(nv, -1);  // last return of a failed cas expecting v
  std::uint32_t fcas_total = 0;
  for (const KeyOp& op : h.ops) {
    switch (op.kind) {
      case OpKind::kRead:
      case OpKind::kCas: z.value[op.a] = std::max<std::int64_t>(z.value[op.a], op.ret); break;
      case OpKind::kFailedCas:
        z.value[op.a] = std::max<std::int64_t>(z.value[op.a], op.ret);
        fcas[op.a] = std::max<std::int64_t>(fcas[op.a], op.ret);
        ++fcas_total;
        break;
      default: break;
    }
  }
  // An info cas matters while its new value can be observed or a failed cas
  // may need its expected value changed into something else; while it
  // matters, its expected value must stay observable. Monotone and bounded:
  // iterate to the fixpoint.
  auto info_cas_release = [&](const KeyOp& op) { return std::max(z.value[op.b], fcas[op.a]); };
  for (bool changed = true; changed;) {
    changed = false;
    for (const KeyOp& op : h.ops) {
      if (op.kind != OpKind::kInfoCas) continue;
      const std::int64_t rel = info_cas_release(op);
      if (rel > op.invoke && rel > z.value[op.a]) {
        z.value[op.a] = rel;
        changed = true;
      }
    }
  }
  z.release.assign(h.ops.size(), kNever);
  for (std::size_t o = 0; o < h.ops.size(); ++o) {
    const KeyOp& op = h.ops[o];
    std::int64_t rel;
    if (op.kind == OpKind::kInfoWrite) rel = z.value[op.a];
    else if (op.kind == OpKind::kInfoCas) rel = info_cas_release(op);
    else continue;
    z.release[o] = static_cast<std::uint32_t>(std::max<std::int64_t>(op.invoke, rel));
  }
  z.fcas_after.assign(h.events.size(), 0);
  std::uint32_t left = fcas_total;
  for (std::size_t i = 0; i < h.events.size(); ++i) {
    const std::uint32_t code = h.events[i];
    if ((code & 1) && h.ops[code >> 1].kind == OpKind::kFailedCas) --left;
    z.fcas_after[i] = left;
  }
  return z;
}

}  // namespace cachesim::lin
