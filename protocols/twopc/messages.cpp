#include "protocols/twopc/messages.hpp"

namespace cachesim::twopc {

namespace {
void head(std::string& out, TxnId t, GroupId g, GroupId cg) {
  out += t.str() + " g" + std::to_string(g) + " coord g" + std::to_string(cg);
}
}  // namespace

void PrepareMsg::describe(std::string& out) const {
  head(out, txn, group, coord_group);
  out += " ops=" + std::to_string(ops.size());
}
void VoteMsg::describe(std::string& out) const {
  head(out, txn, group, coord_group);
  out += std::string(" ") + to_string(vote);
}
void DecisionMsg::describe(std::string& out) const {
  head(out, txn, group, coord_group);
  out += commit ? " commit" : " abort";
}
void AckMsg::describe(std::string& out) const { head(out, txn, group, coord_group); }
void AskMsg::describe(std::string& out) const { head(out, txn, group, coord_group); }

}  // namespace cachesim::twopc
