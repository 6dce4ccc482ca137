#include "protocols/cache/kv_store.hpp"

#include "sim/core/codec.hpp"
#include "sim/core/hash.hpp"

namespace cachesim::cache {

namespace {
void add_value(Hasher& h, const MaybeValue& v) {
  if (!v) {
    h.add(0);
  } else if (const auto* i = std::get_if<std::int64_t>(&*v)) {
    h.add(1);
    h.add_signed(*i);
  } else {
    h.add(2);
    h.add_bytes(std::get<std::string>(*v));
  }
}
std::uint64_t pair_digest(std::string_view key, const Value& v) {
  Hasher h;
  h.add_bytes(key);
  add_value(h, v);
  return h.value();
}
std::uint64_t session_digest(std::uint64_t client, const SessionEntry& s) {
  Hasher h;
  h.add(client);
  h.add(s.seq);
  h.add(static_cast<std::uint64_t>(s.status));
  add_value(h, s.value);
  return h.value();
}
}  // namespace

MaybeValue KvStore::get(std::string_view key) const {
  auto it = data_.find(key);
  if (it == data_.end()) return std::nullopt;
  return it->second;
}

const SessionEntry* KvStore::session(std::uint64_t client) const {
  auto it = sessions_.find(client);
  return it == sessions_.end() ? nullptr : &it->second;
}

std::uint64_t KvStore::state_hash() const {
  Hasher h;
  h.add(data_hash_);
  h.add(session_hash_);
  return h.value();
}

void KvStore::set(const std::string& key, const MaybeValue& v) {
  auto it = data_.find(key);
  if (it != data_.end()) {
    data_hash_ ^= pair_digest(it->first, it->second);
    if (v) {
      it->second = *v;
    } else {
      data_.erase(it);
    }
  } else if (v) {
    it = data_.emplace(key, *v).first;
  }
  if (v) data_hash_ ^= pair_digest(key, *v);
}

void KvStore::record(std::uint64_t client, const SessionEntry& s) {
  auto [it, fresh] = sessions_.try_emplace(client, s);
  if (!fresh) {
    session_hash_ ^= session_digest(client, it->second);
    it->second = s;
  }
  session_hash_ ^= session_digest(client, s);
}

KvStore::Result KvStore::apply(const Command& c) {
  if (const SessionEntry* s = session(c.client); s && c.seq <= s->seq) {
    if (c.seq < s->seq) return Result{Outcome::stale, ReplyStatus::ok, std::nullopt};
    return Result{Outcome::duplicate, s->status, s->value};
  }
  Result r;
  switch (c.op) {
    case OpKind::get:
      r.value = get(c.key);
      break;
    case OpKind::put:
      set(c.key, c.value);
      break;
    case OpKind::del:
      set(c.key, std::nullopt);
      break;
    case OpKind::cas: {
      MaybeValue cur = get(c.key);
      if (cur == c.expected) {
        set(c.key, c.value);
      } else {
        r.status = ReplyStatus::mismatch;
        r.value = std::move(cur);
      }
      break;
    }
  }
  record(c.client, SessionEntry{c.seq, r.status, r.value});
  return r;
}

std::string KvStore::snapshot() const {
  Writer w;
  w.u64(data_.size());
  for (const auto& [k, v] : data_) {
    w.str(k);
    write_value(w, v);
  }
  w.u64(sessions_.size());
  for (const auto& [client, s] : sessions_) {
    w.u64(client).u64(s.seq).u8(static_cast<std::uint8_t>(s.status));
    write_value(w, s.value);
  }
  return w.take();
}

void KvStore::restore(std::string_view bytes) {
  data_.clear();
  sessions_.clear();
  data_hash_ = session_hash_ = 0;
  Reader in(bytes);
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    std::string k = in.str();
    MaybeValue v = read_value(in);
    CACHESIM_CHECK(v.has_value(), "a snapshot holds an absent value");
    set(k, v);
  }
  for (std::uint64_t n = in.u64(); n > 0; --n) {
    const std::uint64_t client = in.u64();
    SessionEntry s;
    s.seq = in.u64();
    s.status = static_cast<ReplyStatus>(in.u8());
    s.value = read_value(in);
    record(client, s);
  }
  in.finish();
}

}  // namespace cachesim::cache
