#include "sim/scenario/duration.hpp"

#include <cstdint>
#include <limits>
#include <string>

namespace cachesim {

namespace {

struct Unit {
  std::string_view name;
  // ns per unit = mantissa * 10^exponent; the split lets fractions be
  // checked for exactness without 128-bit arithmetic.
  std::int64_t mantissa;
  int exponent;
};

constexpr Unit kUnits[] = {{"ns", 1, 0}, {"us", 1, 3}, {"ms", 1, 6}, {"s", 1, 9}, {"m", 6, 10}, {"h", 36, 11}};

constexpr std::int64_t pow10(int n) {
  std::int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  const bool negative = !text.empty() && text.front() == '-';
  if (negative) text.remove_prefix(1);

  std::size_t unit_at = text.size();
  while (unit_at > 0 && text[unit_at - 1] >= 'a' && text[unit_at - 1] <= 'z') --unit_at;
  const std::string_view unit_name = text.substr(unit_at);
  const Unit* unit = nullptr;
  for (const Unit& u : kUnits) {
    if (u.name == unit_name) unit = &u;
  }
  if (unit == nullptr) return std::nullopt;

  std::string_view number = text.substr(0, unit_at);
  std::string_view whole = number, fraction;
  if (auto dot = number.find('.'); dot != std::string_view::npos) {
    whole = number.substr(0, dot);
    fraction = number.substr(dot + 1);
    if (!all_digits(fraction)) return std::nullopt;
  }
  if (!all_digits(whole)) return std::nullopt;

  const std::int64_t unit_ns = unit->mantissa * pow10(unit->exponent);
  std::int64_t total = 0;
  for (char c : whole) {
    if (__builtin_mul_overflow(total, 10, &total) || __builtin_add_overflow(total, c - '0', &total)) {
      return std::nullopt;
    }
  }
  if (__builtin_mul_overflow(total, unit_ns, &total)) return std::nullopt;

  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (!fraction.empty()) {
    // With trailing zeros gone, f * mantissa * 10^exponent / 10^k is whole
    // only if k <= exponent + 2 (the mantissas 6 and 36 absorb at most two
    // factors of 10 from an odd multiple of 5), so f stays small.
    const int k = static_cast<int>(fraction.size());
    if (k > unit->exponent + 2) return std::nullopt;
    std::int64_t f = 0;
    for (char c : fraction) f = f * 10 + (c - '0');
    std::int64_t frac_ns = f * unit->mantissa;
    if (k <= unit->exponent) {
      frac_ns *= pow10(unit->exponent - k);
    } else {
      const std::int64_t d = pow10(k - unit->exponent);
      if (frac_ns % d != 0) return std::nullopt;
      frac_ns /= d;
    }
    if (__builtin_add_overflow(total, frac_ns, &total)) return std::nullopt;
  }
  return negative ? -total : total;
}

Duration read_duration(const JsonReader& r, DurationRange range) {
  const char* malformed = range.min < 0 ? "a duration such as \"-50ms\"" : "a duration such as \"150ms\"";
  std::optional<Duration> d;
  const nlohmann::json& j = r.json();
  if (j.is_string()) {
    d = parse_duration(j.get_ref<const std::string&>());
  } else if (j.is_number_unsigned()) {
    if (j.get<std::uint64_t>() <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      d = static_cast<Duration>(j.get<std::uint64_t>());
    }
  } else if (j.is_number_integer()) {
    d = j.get<std::int64_t>();
  }
  if (!d) r.fail(malformed);
  if (*d >= range.min && *d <= range.max) return *d;
  if (*d < range.min && range.min == 0) r.fail(malformed);
  if (*d < range.min && range.min == 1 && range.max == kMaxRunTime) r.fail("a positive duration such as \"150ms\"");
  r.fail("a duration in " + format_duration(range.min) + ".." + format_duration(range.max));
}

void read_min_max(const JsonReader& r, std::string_view what, DurationRange range, Duration& min, Duration& max) {
  const JsonObject o = r.object(what);
  o.allow({"min", "max"});
  if (auto lo = o.get("min")) min = read_duration(*lo, range);
  if (auto hi = o.get("max")) max = read_duration(*hi, range);
  if (min <= max) return;
  if (auto hi = o.get("max")) hi->fail("a duration no less than min (" + format_duration(min) + ")");
  o.required("min").fail("a duration no more than max (" + format_duration(max) + ")");
}

nlohmann::json duration_to_json(Duration d) { return format_duration(d); }

}  // namespace cachesim
