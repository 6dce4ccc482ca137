// One specified 64-bit hash, identical on every platform and compiler.
//
// Used for the trace hash, for key placement on the consistent-hashing ring and
// for deriving PRNG streams. It is FNV-1a over the bytes followed by the
// SplitMix64 finalizer (FNV-1a alone mixes its high bits poorly for short,
// similar keys such as "k1", "k2"). Never use std::hash: it differs between
// standard libraries and is allowed to change between versions.
#pragma once

#include <cstdint>
#include <string_view>

namespace cachesim {

inline constexpr std::uint64_t kFnvOffset = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

// SplitMix64's output function: a bijective avalanche mix of 64 bits.
constexpr std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t fnv1a64(std::string_view bytes, std::uint64_t h = kFnvOffset) {
  for (char c : bytes) {
    h ^= static_cast<std::uint8_t>(c);
    h *= kFnvPrime;
  }
  return h;
}

// The project's hash of a byte string.
constexpr std::uint64_t hash64(std::string_view bytes) { return mix64(fnv1a64(bytes)); }

// Incremental hasher for structured records (trace events): each field is
// folded in as a whole 64-bit word, so adding a field is one multiply.
class Hasher {
 public:
  constexpr void add(std::uint64_t v) { h_ = (h_ ^ mix64(v + 0x9e3779b97f4a7c15ULL)) * kFnvPrime; }
  constexpr void add_signed(std::int64_t v) { add(static_cast<std::uint64_t>(v)); }
  constexpr void add_bytes(std::string_view s) {
    add(s.size());
    add(fnv1a64(s));
  }
  constexpr std::uint64_t value() const { return mix64(h_); }

 private:
  std::uint64_t h_ = kFnvOffset;
};

}  // namespace cachesim
