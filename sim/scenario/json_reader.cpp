#include "sim/scenario/json_reader.hpp"

#include <cmath>
#include <cstdio>

#include "sim/core/input_error.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

// Cuts `s` to kMaxFoundChars, never inside a UTF-8 sequence.
std::string cut(std::string s) {
  if (s.size() <= kMaxFoundChars) return s;
  std::size_t n = kMaxFoundChars - 3;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  s.resize(n);
  return s + "...";
}

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string out;
  for (std::string_view n : names) {
    if (!out.empty()) out += ", ";
    out += json(std::string(n)).dump();
  }
  return out;
}

std::string quoted(std::string_view s) { return json(std::string(s)).dump(); }

}  // namespace

std::string json_path_child(std::string_view path, std::string_view token) {
  std::string out(path);
  out += '/';
  for (char c : token) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      // Not RFC 6901, but a raw newline would break the one-line promise.
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04X", static_cast<unsigned>(static_cast<unsigned char>(c)));
      out += buf;
    } else {
      out += c;
    }
  }
  return out;
}

std::string json_path_child(std::string_view path, std::size_t index) {
  return std::string(path) + "/" + std::to_string(index);
}

std::string render_found(const json& value) {
  // replace: a value built in code might hold invalid UTF-8; never throw here.
  return cut(value.dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string render_found_string(std::string_view text) { return render_found(json(std::string(text))); }

std::string input_error_line(std::string_view file, std::string_view path, std::string_view expected,
                             std::string_view found) {
  std::string line(file);
  line += ": ";
  if (!path.empty()) {
    line += path;
    line += ": ";
  }
  line += "expected ";
  line += expected;
  line += ", found ";
  line += found;
  return line;
}

// ---- JsonReader --------------------------------------------------------------

void JsonReader::fail(std::string_view expected) const { fail(expected, render_found(*value_)); }

void JsonReader::fail(std::string_view expected, std::string_view found) const {
  throw InputError(input_error_line(*file_, path_, expected, found));
}

void JsonReader::fail_choice(const std::vector<std::string_view>& names) const {
  fail("one of " + quoted_list(names));
}

bool JsonReader::boolean() const {
  if (!value_->is_boolean()) fail("true or false");
  return value_->get<bool>();
}

const std::string& JsonReader::string(std::string_view what) const {
  if (!value_->is_string()) fail(what);
  return value_->get_ref<const std::string&>();
}

std::int64_t JsonReader::integer(std::int64_t lo, std::int64_t hi) const {
  const std::string expected = "an integer in " + std::to_string(lo) + ".." + std::to_string(hi);
  if (value_->is_number_unsigned()) {
    const auto v = value_->get<std::uint64_t>();
    if (hi >= 0 && v <= static_cast<std::uint64_t>(hi) && static_cast<std::int64_t>(v) >= lo) {
      return static_cast<std::int64_t>(v);
    }
  } else if (value_->is_number_integer()) {
    const auto v = value_->get<std::int64_t>();
    if (v >= lo && v <= hi) return v;
  }
  fail(expected);
}

std::uint64_t JsonReader::unsigned_integer(std::uint64_t lo, std::uint64_t hi) const {
  if (value_->is_number_unsigned()) {
    const auto v = value_->get<std::uint64_t>();
    if (v >= lo && v <= hi) return v;
  } else if (value_->is_number_integer()) {
    const auto v = value_->get<std::int64_t>();
    if (v >= 0 && static_cast<std::uint64_t>(v) >= lo && static_cast<std::uint64_t>(v) <= hi) {
      return static_cast<std::uint64_t>(v);
    }
  }
  fail("an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
}

double JsonReader::number(double lo, double hi, std::string_view what) const {
  if (value_->is_number()) {
    const double v = value_->get<double>();
    if (std::isfinite(v) && v >= lo && v <= hi) return v;
  }
  fail(what);
}

JsonObject JsonReader::object(std::string_view what) const {
  if (!value_->is_object()) fail(what);
  return JsonObject(*this, what);
}

std::vector<JsonReader> JsonReader::array(std::string_view what, std::size_t min_items, std::size_t max_items) const {
  if (!value_->is_array()) fail(what);
  const std::size_t n = value_->size();
  const auto items = [](std::size_t k) { return std::to_string(k) + (k == 1 ? " item" : " items"); };
  if (n < min_items) fail(std::string(what) + " with at least " + items(min_items));
  if (n > max_items) fail(std::string(what) + " with at most " + items(max_items));
  std::vector<JsonReader> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.emplace_back((*value_)[i], *file_, json_path_child(path_, i));
  return out;
}

// ---- JsonObject --------------------------------------------------------------

const JsonObject& JsonObject::allow(std::initializer_list<std::string_view> keys, std::string_view what) const {
  for (const auto& [key, value] : self_.json().items()) {
    bool known = false;
    for (std::string_view k : keys) known = known || k == key;
    if (known) continue;
    const std::string expected = "a key of " + std::string(what.empty() ? std::string_view(what_) : what) + " (" +
                                 quoted_list(std::vector<std::string_view>(keys)) + ")";
    JsonReader(value, self_.file(), json_path_child(path(), key)).fail(expected, render_found_string(key));
  }
  return *this;
}

bool JsonObject::has(std::string_view key) const { return self_.json().contains(key); }

std::optional<JsonReader> JsonObject::get(std::string_view key) const {
  const auto it = self_.json().find(key);
  if (it == self_.json().end()) return std::nullopt;
  return JsonReader(*it, self_.file(), json_path_child(path(), key));
}

JsonReader JsonObject::required(std::string_view key) const {
  if (auto r = get(key)) return *r;
  self_.fail(what_ + " with " + quoted(key));
}

void JsonObject::exclusive(std::string_view a, std::string_view b) const {
  if (has(a)) {
    if (auto rb = get(b)) rb->fail("no " + quoted(b) + " beside " + quoted(a));
  }
}

void JsonObject::at_least_one(std::initializer_list<std::string_view> keys) const {
  for (std::string_view k : keys) {
    if (has(k)) return;
  }
  self_.fail(what_ + " with at least one of " + quoted_list(std::vector<std::string_view>(keys)));
}

void JsonObject::together(std::string_view a, std::string_view b) const {
  if (has(a) != has(b)) self_.fail(quoted(a) + " and " + quoted(b) + " together");
}

std::vector<std::pair<std::string, JsonReader>> JsonObject::items() const {
  std::vector<std::pair<std::string, JsonReader>> out;
  for (const auto& [key, value] : self_.json().items()) {
    out.emplace_back(key, JsonReader(value, self_.file(), json_path_child(path(), key)));
  }
  return out;
}

}  // namespace cachesim
