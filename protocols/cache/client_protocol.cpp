#include "protocols/cache/client_protocol.hpp"

namespace cachesim::cache {

const char* to_string(OpKind op) {
  switch (op) {
    case OpKind::get: return "get";
    case OpKind::put: return "put";
    case OpKind::del: return "delete";
    case OpKind::cas: return "cas";
  }
  return "?";
}

const char* to_string(ReplyStatus s) {
  switch (s) {
    case ReplyStatus::ok: return "ok";
    case ReplyStatus::mismatch: return "mismatch";
    case ReplyStatus::redirect: return "redirect";
  }
  return "?";
}

std::string to_string(const MaybeValue& v) {
  if (!v) return "null";
  if (const auto* i = std::get_if<std::int64_t>(&*v)) return std::to_string(*i);
  return "\"" + std::get<std::string>(*v) + "\"";
}

void ClientRequest::describe(std::string& out) const {
  out += "c" + std::to_string(client) + "#" + std::to_string(seq) + " " + to_string(op) + " " + key;
  if (op == OpKind::cas) out += " " + to_string(expected) + "->" + to_string(value);
  if (op == OpKind::put) out += " " + to_string(value);
}

void ClientReply::describe(std::string& out) const {
  out += "c" + std::to_string(client) + "#" + std::to_string(seq) + " " + to_string(status);
  if (value) out += " " + to_string(value);
  if (status == ReplyStatus::redirect) out += " leader=" + std::to_string(leader);
}

}  // namespace cachesim::cache
