#include "protocols/twopc/txn_protocol.hpp"

namespace cachesim::twopc {

const char* to_string(TxnStatus s) {
  switch (s) {
    case TxnStatus::committed: return "committed";
    case TxnStatus::aborted: return "aborted";
    case TxnStatus::redirect: return "redirect";
  }
  return "?";
}

void TxnRequest::describe(std::string& out) const {
  out += "c" + std::to_string(client) + "#" + std::to_string(seq) + " txn [";
  for (std::size_t i = 0; i < ops.size(); ++i) {
    if (i) out += ", ";
    out += ops[i].kind == MicroKind::append ? "append " + ops[i].key + " " + std::to_string(ops[i].value)
                                            : "r " + ops[i].key;
  }
  out += "]";
}

void TxnReply::describe(std::string& out) const {
  out += "c" + std::to_string(client) + "#" + std::to_string(seq) + " " + to_string(status);
  if (status == TxnStatus::redirect) out += " leader=" + std::to_string(leader);
  if (status == TxnStatus::aborted) out += " (" + reason + ")";
}

}  // namespace cachesim::twopc
