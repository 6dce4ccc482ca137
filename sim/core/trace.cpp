#include "sim/core/trace.hpp"

#include <cinttypes>

namespace cachesim {

const char* to_string(TraceKind k) {
  switch (k) {
    case TraceKind::send: return "send";
    case TraceKind::deliver: return "deliver";
    case TraceKind::drop: return "drop";
    case TraceKind::duplicate: return "duplicate";
    case TraceKind::timer: return "timer";
    case TraceKind::crash: return "crash";
    case TraceKind::restart: return "restart";
    case TraceKind::pause: return "pause";
    case TraceKind::resume: return "resume";
    case TraceKind::partition: return "partition";
    case TraceKind::heal: return "heal";
    case TraceKind::clock: return "clock";
    case TraceKind::network: return "network";
    case TraceKind::log: return "log";
    case TraceKind::mark: return "mark";
    case TraceKind::note: return "note";
  }
  return "?";
}

static void append_u64(std::string& out, std::uint64_t v) {
  char buf[24];
  int n = std::snprintf(buf, sizeof buf, "%" PRIu64, v);
  out.append(buf, static_cast<std::size_t>(n));
}

static void append_name(std::string& out, const char* key, NodeId id, const std::vector<std::string>& names) {
  out += ",\"";
  out += key;
  out += "\":";
  if (id < names.size()) {
    append_json_string(out, names[id]);
  } else {
    append_u64(out, id);
  }
}

void format_trace_line(std::string& out, std::uint64_t index, const TraceEvent& e,
                       const std::vector<std::string>& names) {
  out += "{\"i\":";
  append_u64(out, index);
  out += ",\"t\":";
  append_u64(out, static_cast<std::uint64_t>(e.time));
  out += ",\"ev\":\"";
  out += to_string(e.kind);
  out += '"';
  const bool message_event = e.kind == TraceKind::send || e.kind == TraceKind::deliver || e.kind == TraceKind::drop ||
                             e.kind == TraceKind::duplicate;
  if (message_event) {
    if (e.node != kNoNode) append_name(out, "from", e.node, names);
    if (e.peer != kNoNode) append_name(out, "to", e.peer, names);
  } else if (e.node != kNoNode) {
    append_name(out, "node", e.node, names);
  }
  if (e.msg) {
    out += ",\"msg\":";
    append_json_string(out, e.msg->type_name());
  }
  if (e.id != 0 || message_event) {
    out += ",\"id\":";
    append_u64(out, e.id);
  }
  if (e.ref != 0) {
    out += e.kind == TraceKind::timer ? ",\"tag\":" : ",\"of\":";
    append_u64(out, e.ref);
  }
  if (!e.text.empty()) {
    out += e.kind == TraceKind::drop ? ",\"reason\":" : ",\"text\":";
    append_json_string(out, e.text);
  }
  if (e.msg && (e.kind == TraceKind::send)) {
    std::string detail;
    e.msg->describe(detail);
    if (!detail.empty()) {
      out += ",\"detail\":";
      append_json_string(out, detail);
    }
  }
  out += '}';
}

void JsonlTraceWriter::write(std::uint64_t index, const TraceEvent& e) {
  format_trace_line(buf_, index, e, *names_);
  buf_.push_back('\n');
  if (buf_.size() >= (1u << 16)) flush();
}

void JsonlTraceWriter::flush() {
  if (!buf_.empty()) {
    std::fwrite(buf_.data(), 1, buf_.size(), file_);
    buf_.clear();
  }
  std::fflush(file_);
}

}  // namespace cachesim
