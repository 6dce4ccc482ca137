#include "protocols/paxos/messages.hpp"

namespace cachesim::paxos {

namespace {
void append(std::string& out, const char* label, std::uint64_t v) {
  out += label;
  out += std::to_string(v);
}
}  // namespace

void Prepare::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " from=", from_slot);
}
void Promise::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " commit=", commit);
  append(out, " entries=", entries.size());
}
void Reject::describe(std::string& out) const {
  out += "b=" + ballot.str() + " promised=" + promised.str();
  append(out, " commit=", commit);
  if (guarded) out += " lease-guard";
}
void Accept::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " first=", first);
  append(out, " n=", batch ? batch->size() : 0);
  append(out, " commit=", commit);
}
void Accepted::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " first=", first);
  append(out, " n=", count);
  if (!ok) append(out, " refused commit=", commit);
}
void Heartbeat::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " commit=", commit);
}
void HeartbeatAck::describe(std::string& out) const {
  out += "b=" + ballot.str();
  append(out, " commit=", commit);
  if (lease_granted) out += " lease";
}
void CatchupRequest::describe(std::string& out) const { append(out, "from=", from_slot); }
void CatchupReply::describe(std::string& out) const {
  append(out, "first=", first);
  append(out, " n=", batch ? batch->size() : 0);
  append(out, " commit=", commit);
}
void SnapshotInstall::describe(std::string& out) const {
  append(out, "index=", index);
  append(out, " bytes=", state ? state->size() : 0);
}

}  // namespace cachesim::paxos
