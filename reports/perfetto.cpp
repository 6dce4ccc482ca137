#include "reports/perfetto.hpp"

#include <cinttypes>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

#include "sim/core/json_text.hpp"

namespace cachesim::reports {

std::string micros(std::int64_t ns) {
  if (ns < 0) ns = 0;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%" PRId64 ".%03" PRId64, ns / 1000, ns % 1000);
  return buf;
}

namespace {

std::string jstr(std::string_view s) {
  std::string o;
  append_json_string(o, s);
  return o;
}

class PerfettoWriter {
 public:
  explicit PerfettoWriter(std::ostream& out) : out_(out) {
    out_ << "{\"displayTimeUnit\":\"ns\",\"otherData\":{\"producer\":\"cachesim report\"},\"traceEvents\":[\n";
    emit("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"cluster\"}}");
    emit("{\"ph\":\"M\",\"pid\":1,\"tid\":0,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":1}}");
    emit("{\"ph\":\"M\",\"pid\":2,\"tid\":0,\"name\":\"process_name\",\"args\":{\"name\":\"clients\"}}");
    emit("{\"ph\":\"M\",\"pid\":2,\"tid\":0,\"name\":\"process_sort_index\",\"args\":{\"sort_index\":2}}");
  }

  void line(const TraceLine& e) {
    end_ = std::max(end_, e.t);
    if (pending_send_) {
      const bool same = e.has_id && e.id == pending_send_->id;
      if (same && e.ev == "drop" && e.reason != "down") {
        drop_at_send(e);
        pending_send_.reset();
        return;
      }
      flush_send();
      if (same && e.ev == "duplicate") {
        flow_start(e.from, e.id * 2 + 1, e.t);
        in_flight_[e.id].copies = 2;
        return;
      }
    }
    if (e.ev == "send") {
      pending_send_ = e;
      return;
    }
    if (e.ev == "deliver" || (e.ev == "drop" && e.reason == "down")) return arrive(e);
    if (e.ev == "duplicate") return;  // a duplicate not right after its send: no second flow to draw
    if (e.ev == "timer") {
      const std::int64_t ts = open_slice(e.node, e.t, "timer " + std::to_string(e.tag), "timer",
                                         "\"timer\":" + std::to_string(e.id));
      (void)ts;
      return;
    }
    const bool global = e.node.empty();
    const std::string name = e.ev + (e.text.empty() ? "" : ": " + e.text);
    const std::string cat = e.ev == "log" ? "log" : e.ev == "mark" ? "mark" : e.ev == "note" ? "note" : "fault";
    if (global) {
      emit("{\"ph\":\"i\",\"s\":\"g\",\"pid\":1,\"tid\":0,\"ts\":" + micros(e.t) + ",\"name\":" + jstr(name) +
           ",\"cat\":\"" + cat + "\",\"args\":{\"sim_time_ns\":" + std::to_string(e.t) + "}}");
    } else {
      emit("{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" + std::to_string(tid(e.node)) + ",\"ts\":" + micros(e.t) +
           ",\"name\":" + jstr(name) + ",\"cat\":\"" + cat + "\",\"args\":{\"sim_time_ns\":" + std::to_string(e.t) +
           "}}");
    }
  }

  void operation(const OpRecord& op) {
    if (!op.invoke_time) return;
    const auto [it, fresh] = processes_.emplace(op.process, 0);
    if (fresh) {
      emit("{\"ph\":\"M\",\"pid\":2,\"tid\":" + std::to_string(client_tid(op.process)) +
           ",\"name\":\"thread_name\",\"args\":{\"name\":" + jstr("process " + std::to_string(op.process)) + "}}");
    }
    const std::int64_t a = *op.invoke_time;
    std::int64_t b = op.complete_time ? *op.complete_time : std::max(end_, a);
    if (b < a) b = a;
    emit("{\"ph\":\"X\",\"pid\":2,\"tid\":" + std::to_string(client_tid(op.process)) + ",\"ts\":" + micros(a) +
         ",\"dur\":" + micros(b - a) + ",\"name\":" + jstr(op.f + (op.key.empty() ? "" : " " + op.key)) +
         ",\"cat\":\"op\",\"args\":{\"outcome\":" + jstr(op.outcome) + ",\"value\":" + jstr(op.value) + "}}");
  }

  void finish_trace() {
    flush_send();
    // Every flow still open ends on its receiver, at the end of the trace.
    std::map<std::string, std::int64_t> end_slice;
    for (const auto& [id, m] : in_flight_) {
      auto it = end_slice.find(m.to);
      if (it == end_slice.end())
        it = end_slice.emplace(m.to, open_slice(m.to, end_, "in flight at end", "undelivered", "")).first;
      for (int c = m.next_copy; c < m.copies; ++c) flow_end(m.to, id * 2 + static_cast<std::uint64_t>(c), it->second);
    }
    in_flight_.clear();
  }

  void close() { out_ << "\n]}\n"; }

 private:
  struct Track {
    int tid = 0;
    std::int64_t busy_until = 0;  // end of the last slice drawn
    std::int64_t slice_sim_t = -1, slice_start = 0;  // the last slice: its event's time and where it was drawn
  };
  struct InFlight {
    std::string to;
    int copies = 1, next_copy = 0;
  };

  void emit(const std::string& ev) {
    if (!first_) out_ << ",\n";
    first_ = false;
    out_ << ev;
  }
  Track& track(const std::string& name) {
    auto it = tracks_.find(name);
    if (it != tracks_.end()) return it->second;
    Track t;
    t.tid = static_cast<int>(tracks_.size()) + 1;
    emit("{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(t.tid) + ",\"name\":\"thread_name\",\"args\":{\"name\":" +
         jstr(name) + "}}");
    emit("{\"ph\":\"M\",\"pid\":1,\"tid\":" + std::to_string(t.tid) +
         ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":" + std::to_string(t.tid) + "}}");
    return tracks_.emplace(name, t).first->second;
  }
  int tid(const std::string& name) { return track(name).tid; }
  int client_tid(std::int64_t process) { return static_cast<int>(process) + 1; }

  // Draws a slice for an event at sim time t on `node`; returns where it starts.
  std::int64_t open_slice(const std::string& node, std::int64_t t, const std::string& name, const char* cat,
                          const std::string& args) {
    Track& tr = track(node);
    const std::int64_t start = std::max(t, tr.busy_until);
    tr.busy_until = start + kSliceNs;
    tr.slice_sim_t = t;
    tr.slice_start = start;
    emit("{\"ph\":\"X\",\"pid\":1,\"tid\":" + std::to_string(tr.tid) + ",\"ts\":" + micros(start) +
         ",\"dur\":" + micros(kSliceNs) + ",\"name\":" + jstr(name) + ",\"cat\":\"" + cat +
         "\",\"args\":{\"sim_time_ns\":" + std::to_string(t) + (args.empty() ? "" : "," + args) + "}}");
    return start;
  }
  void flow_start(const std::string& from, std::uint64_t flow_id, std::int64_t t) {
    Track& tr = track(from);
    if (tr.slice_sim_t != t) open_slice(from, t, "send", "send", "");
    emit("{\"ph\":\"s\",\"pid\":1,\"tid\":" + std::to_string(tr.tid) + ",\"ts\":" + micros(tr.slice_start) +
         ",\"id\":" + std::to_string(flow_id) + ",\"name\":\"message\",\"cat\":\"msg\"}");
  }
  void flow_end(const std::string& to, std::uint64_t flow_id, std::int64_t slice_start) {
    emit("{\"ph\":\"f\",\"bp\":\"e\",\"pid\":1,\"tid\":" + std::to_string(tid(to)) + ",\"ts\":" + micros(slice_start) +
         ",\"id\":" + std::to_string(flow_id) + ",\"name\":\"message\",\"cat\":\"msg\"}");
  }
  void flush_send() {
    if (!pending_send_) return;
    const TraceLine& s = *pending_send_;
    flow_start(s.from, s.id * 2, s.t);
    in_flight_[s.id] = InFlight{s.to, 1, 0};
    pending_send_.reset();
  }
  void drop_at_send(const TraceLine& e) {
    Track& tr = track(e.from);
    if (tr.slice_sim_t != e.t) open_slice(e.from, e.t, "send", "send", "");
    emit("{\"ph\":\"i\",\"s\":\"t\",\"pid\":1,\"tid\":" + std::to_string(tr.tid) + ",\"ts\":" + micros(tr.slice_start) +
         ",\"name\":" + jstr("drop " + e.msg + " to " + e.to + ": " + e.reason) +
         ",\"cat\":\"drop\",\"args\":{\"id\":" + std::to_string(e.id) + ",\"sim_time_ns\":" + std::to_string(e.t) + "}}");
  }
  void arrive(const TraceLine& e) {
    const bool delivered = e.ev == "deliver";
    const std::string name = (delivered ? "recv " : "dropped (node down) ") + e.msg;
    const std::int64_t start =
        open_slice(e.to, e.t, name, delivered ? "recv" : "drop",
                   "\"from\":" + jstr(e.from) + ",\"msg\":" + jstr(e.msg) + ",\"id\":" + std::to_string(e.id));
    auto it = in_flight_.find(e.id);
    if (it == in_flight_.end()) return;  // its send is not in this trace
    const int copy = it->second.next_copy++;
    flow_end(e.to, e.id * 2 + static_cast<std::uint64_t>(copy), start);
    if (it->second.next_copy >= it->second.copies) in_flight_.erase(it);
  }

  std::ostream& out_;
  bool first_ = true;
  std::int64_t end_ = 0;
  std::map<std::string, Track> tracks_;
  std::map<std::int64_t, int> processes_;  // client tracks named so far
  std::map<std::uint64_t, InFlight> in_flight_;
  std::optional<TraceLine> pending_send_;
};

}  // namespace

void write_perfetto(const RunDir& run, std::ostream& out) {
  PerfettoWriter w(out);
  for_each_trace_line(run, [&](const TraceLine& e) {
    w.line(e);
    return true;
  });
  w.finish_trace();
  for_each_operation(run, [&](const OpRecord& op) { w.operation(op); });
  w.close();
}

}  // namespace cachesim::reports
