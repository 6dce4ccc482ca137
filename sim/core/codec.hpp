// A small binary encoding for what protocols keep in durable storage.
//
// Fixed-width little-endian integers and length-prefixed strings: the bytes
// are the same on every platform. A Reader that runs past its input, or is
// asked to finish with bytes left over, fails an invariant check: storage is
// only ever written by our own encoder, so that is a bug, not bad input.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "sim/core/check.hpp"

namespace cachesim {

class Writer {
 public:
  Writer& u8(std::uint8_t v) {
    out_.push_back(static_cast<char>(v));
    return *this;
  }
  Writer& u32(std::uint32_t v) { return fixed(v, 4); }
  Writer& u64(std::uint64_t v) { return fixed(v, 8); }
  Writer& i64(std::int64_t v) { return fixed(static_cast<std::uint64_t>(v), 8); }
  Writer& boolean(bool v) { return u8(v ? 1 : 0); }
  Writer& str(std::string_view s) {
    u32(static_cast<std::uint32_t>(s.size()));
    out_.append(s);
    return *this;
  }
  // Room for n more bytes: a caller that knows the record's size avoids the
  // string's repeated growth (each a new allocation and a copy).
  Writer& reserve(std::size_t n) {
    out_.reserve(out_.size() + n);
    return *this;
  }
  std::string take() { return std::move(out_); }
  const std::string& bytes() const { return out_; }

 private:
  // Little-endian bytes: on a little-endian host the integer's own first n
  // bytes (one copy), elsewhere byte by byte; the same bytes either way.
  Writer& fixed(std::uint64_t v, int n) {
    char b[8];
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(b, &v, 8);
    } else {
      for (int i = 0; i < n; ++i) b[i] = static_cast<char>((v >> (8 * i)) & 0xff);
    }
    out_.append(b, static_cast<std::size_t>(n));
    return *this;
  }
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::uint8_t u8() {
    need(1);
    return static_cast<std::uint8_t>(in_[pos_++]);
  }
  std::uint32_t u32() { return static_cast<std::uint32_t>(fixed(4)); }
  std::uint64_t u64() { return fixed(8); }
  std::int64_t i64() { return static_cast<std::int64_t>(fixed(8)); }
  bool boolean() { return u8() != 0; }
  std::string str() {
    const std::uint32_t n = u32();
    need(n);
    std::string s(in_.substr(pos_, n));
    pos_ += n;
    return s;
  }
  bool done() const { return pos_ == in_.size(); }
  void finish() const { CACHESIM_CHECK(done(), "trailing bytes in stored record"); }

 private:
  void need(std::size_t n) const { CACHESIM_CHECK(in_.size() - pos_ >= n, "stored record is truncated"); }
  std::uint64_t fixed(int n) {
    need(static_cast<std::size_t>(n));
    std::uint64_t v = 0;
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(&v, in_.data() + pos_, static_cast<std::size_t>(n));  // the low n bytes
    } else {
      for (int i = 0; i < n; ++i) v |= static_cast<std::uint64_t>(static_cast<std::uint8_t>(in_[pos_ + i])) << (8 * i);
    }
    pos_ += static_cast<std::size_t>(n);
    return v;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
};

}  // namespace cachesim
