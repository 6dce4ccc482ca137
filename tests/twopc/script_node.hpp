// An endpoint whose every message a test decides: a client that sends one
// chosen transaction, or a stand-in coordinator that sends a prepare and
// then falls silent. post() queues a message (a test holds no Context); the
// node sends what is queued on its next poll, at most kPoll later, and keeps
// every message it receives.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sim/core/node.hpp"

namespace cachesim::twopc_test {

class ScriptNode final : public Node {
 public:
  static constexpr Duration kPoll = kMillisecond;

  struct Received {
    Time at = 0;
    NodeId from = kNoNode;
    Message msg;
  };

  void post(NodeId to, Message m) { outbox_.emplace_back(to, std::move(m)); }
  const std::vector<Received>& received() const { return received_; }
  // The messages of type T received so far, in order.
  template <class T>
  std::vector<T> received_as() const {
    std::vector<T> out;
    for (const Received& r : received_)
      if (const T* t = r.msg.as<T>()) out.push_back(*t);
    return out;
  }

  void on_start(Context& ctx) override { ctx.set_timer(kPoll, 0); }
  void on_message(Context& ctx, NodeId from, const Message& m) override {
    received_.push_back(Received{ctx.now(), from, m});
  }
  void on_timer(Context& ctx, TimerId, std::uint64_t) override {
    std::vector<std::pair<NodeId, Message>> out;
    out.swap(outbox_);
    for (auto& [to, m] : out) ctx.send(to, std::move(m));
    ctx.set_timer(kPoll, 0);
  }

 private:
  std::vector<std::pair<NodeId, Message>> outbox_;
  std::vector<Received> received_;
};

}  // namespace cachesim::twopc_test
