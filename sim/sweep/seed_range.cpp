#include "sim/sweep/seed_range.hpp"

#include <charconv>
#include <optional>

#include "sim/core/input_error.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim::sweep {

namespace {

// A decimal unsigned integer and nothing else (no sign, no spaces).
std::optional<std::uint64_t> parse_u64(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) return std::nullopt;
  return v;
}

[[noreturn]] void refuse(std::string_view option, std::string_view expected, std::string_view found) {
  throw InputError(std::string(option) + ": expected " + std::string(expected) + ", found " +
                   render_found_string(found));
}

}  // namespace

SeedRange parse_seed_range(std::string_view text) {
  constexpr std::string_view kWhat = "A..B with A <= B (seeds, e.g. 1..10000) or one seed";
  const std::size_t dots = text.find("..");
  if (dots == std::string_view::npos) {
    const auto n = parse_u64(text);
    if (!n) refuse("--seeds", kWhat, text);
    return {*n, *n};
  }
  const auto a = parse_u64(text.substr(0, dots));
  const auto b = parse_u64(text.substr(dots + 2));
  if (!a || !b || *a > *b) refuse("--seeds", kWhat, text);
  // The size of the range must fit in 64 bits.
  if (*a == 0 && *b == UINT64_MAX) refuse("--seeds", "a range of fewer than 2^64 seeds", text);
  return {*a, *b};
}

Shard parse_shard(std::string_view text) {
  constexpr std::string_view kWhat = "I/N with 1 <= I <= N <= 1000000 (e.g. 2/8)";
  const std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) refuse("--shard", kWhat, text);
  const auto i = parse_u64(text.substr(0, slash));
  const auto n = parse_u64(text.substr(slash + 1));
  if (!i || !n || *n < 1 || *n > kMaxShards || *i < 1 || *i > *n) refuse("--shard", kWhat, text);
  return {*i, *n};
}

std::uint64_t shard_size(SeedRange range, Shard shard) {
  const std::uint64_t total_minus_one = range.last - range.first;  // the size may be 2^64 - 1 + 1; see parse
  const std::uint64_t offset = shard.index - 1;
  if (offset > total_minus_one) return 0;
  return (total_minus_one - offset) / shard.count + 1;
}

std::uint64_t shard_seed(SeedRange range, Shard shard, std::uint64_t k) {
  return range.first + (shard.index - 1) + k * shard.count;
}

std::string to_string(SeedRange range) {
  if (range.first == range.last) return std::to_string(range.first);
  return std::to_string(range.first) + ".." + std::to_string(range.last);
}

}  // namespace cachesim::sweep
