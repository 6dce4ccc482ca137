// A trace sink for 2PC tests: the 2PC messages servers sent, and what each
// server did in reply to an Ask. Tests assert on messages, not only marks:
// a mark says a branch ran, the traffic says what the rest of the cluster
// was told.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "sim/core/trace.hpp"

namespace cachesim::twopc_test {

class TwoPcTraffic final : public TraceSink {
 public:
  void write(std::uint64_t, const TraceEvent& e) override {
    if (e.kind == TraceKind::deliver || e.kind == TraceKind::timer) {
      // The sends that follow, up to the next delivery or timer, are this
      // handler's (the simulator runs one handler at a time).
      handler_ask_ = e.kind == TraceKind::deliver && e.msg && e.msg->type_name() == "twopc.ask";
      handler_node_ = e.kind == TraceKind::deliver ? e.peer : e.node;
      handler_from_ = e.node;
      answered_ = false;
      if (handler_ask_) ++asks_delivered_[handler_node_];
      return;
    }
    if (e.kind != TraceKind::send || !e.msg) return;
    const std::string_view type = e.msg->type_name();
    if (type.substr(0, 6) != "twopc.") return;
    ++sent_[std::string(type)];
    ++sent_between_[{std::string(type), {e.node, e.peer}}];
    if (handler_ask_ && !answered_ && type == "twopc.decision" && e.node == handler_node_ && e.peer == handler_from_) {
      answered_ = true;
      ++asks_answered_[handler_node_];
    }
  }

  // Sends of one message type ("twopc.prepare", ...) since the last reset().
  std::uint64_t sent(std::string_view type) const {
    auto it = sent_.find(std::string(type));
    return it == sent_.end() ? 0 : it->second;
  }
  std::uint64_t sent(std::string_view type, NodeId from, NodeId to) const {
    auto it = sent_between_.find({std::string(type), {from, to}});
    return it == sent_between_.end() ? 0 : it->second;
  }
  std::uint64_t sent_any() const {
    std::uint64_t n = 0;
    for (const auto& [t, k] : sent_) n += k;
    return n;
  }
  // Asks delivered to `node`, and those it answered in the same handler
  // with a Decision to the asker.
  std::uint64_t asks_delivered(NodeId node) const { return count(asks_delivered_, node); }
  std::uint64_t asks_answered(NodeId node) const { return count(asks_answered_, node); }
  void reset() { *this = TwoPcTraffic(); }

 private:
  static std::uint64_t count(const std::map<NodeId, std::uint64_t>& m, NodeId n) {
    auto it = m.find(n);
    return it == m.end() ? 0 : it->second;
  }

  std::map<std::string, std::uint64_t> sent_;
  std::map<std::pair<std::string, std::pair<NodeId, NodeId>>, std::uint64_t> sent_between_;
  std::map<NodeId, std::uint64_t> asks_delivered_, asks_answered_;
  bool handler_ask_ = false, answered_ = false;
  NodeId handler_node_ = kNoNode, handler_from_ = kNoNode;
};

}  // namespace cachesim::twopc_test
