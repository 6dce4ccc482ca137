#include "protocols/cache/command.hpp"

#include "sim/core/check.hpp"

namespace cachesim::cache {

void write_value(Writer& w, const MaybeValue& v) {
  if (!v) {
    w.u8(0);
  } else if (const auto* i = std::get_if<std::int64_t>(&*v)) {
    w.u8(1).i64(*i);
  } else {
    w.u8(2).str(std::get<std::string>(*v));
  }
}

MaybeValue read_value(Reader& r) {
  switch (r.u8()) {
    case 0: return std::nullopt;
    case 1: return Value{r.i64()};
    case 2: return Value{r.str()};
    default: CACHESIM_CHECK(false, "bad value tag in a stored record");
  }
  return std::nullopt;
}

std::string encode_command(const ClientRequest& r) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(CommandKind::client_op)).u64(r.client).u64(r.seq).u8(static_cast<std::uint8_t>(r.op));
  w.str(r.key);
  write_value(w, r.value);
  write_value(w, r.expected);
  return w.take();
}

Command decode_command(std::string_view payload) {
  Reader in(payload);
  CACHESIM_CHECK(in.u8() == static_cast<std::uint8_t>(CommandKind::client_op), "unknown log command kind");
  Command c;
  c.client = in.u64();
  c.seq = in.u64();
  const std::uint8_t op = in.u8();
  CACHESIM_CHECK(op <= static_cast<std::uint8_t>(OpKind::cas), "bad op in a log command");
  c.op = static_cast<OpKind>(op);
  c.key = in.str();
  c.value = read_value(in);
  c.expected = read_value(in);
  in.finish();
  return c;
}

}  // namespace cachesim::cache
