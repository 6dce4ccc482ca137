// Strict reading of a parsed JSON document, with the JSON path of every
// value, so that every refusal is one line a user can act on:
//
//   FILE: /faults/3/at: expected a duration such as "150ms", found -5
//
// FILE is the label the caller gave. The path is an RFC 6901 JSON pointer
// ("~" written "~0", "/" written "~1"; control characters as \u00XX so the
// line stays one line); at the document root it is omitted entirely
// ("FILE: expected a scenario object, found [1]"). FOUND is the offending
// value rendered as compact JSON, cut to kMaxFoundChars with "..." — except
// for an unknown key, where FOUND is the key itself.
//
// Usage: wrap the document root in a JsonReader, open objects with
// object(), declare the keys an object may have with allow() (which refuses
// any other key, before any value is read, so a misspelt key is reported
// as such rather than as a missing one), then read fields with get() or
// required() and convert them with the typed accessors. Each accessor
// either returns a value in the asked range or throws InputError.
//
// Lifetime: a JsonReader or JsonObject points into the document and to the
// file label; both must outlive it. Readers are cheap to copy.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace cachesim {

inline constexpr std::size_t kMaxFoundChars = 60;

// `path` extended by one reference token (a key or an array index).
std::string json_path_child(std::string_view path, std::string_view token);
std::string json_path_child(std::string_view path, std::size_t index);
// The value as compact JSON, cut to kMaxFoundChars (on a UTF-8 boundary).
std::string render_found(const nlohmann::json& value);
// `text` as a JSON string literal ("seed" with quotes), cut likewise.
std::string render_found_string(std::string_view text);
// "FILE: PATH: expected EXPECTED, found FOUND" (no PATH at the root).
std::string input_error_line(std::string_view file, std::string_view path, std::string_view expected,
                             std::string_view found);

class JsonObject;

class JsonReader {
 public:
  // The root of a document read from `file` (a label for messages).
  JsonReader(const nlohmann::json& root, const std::string& file) : value_(&root), file_(&file) {}
  JsonReader(const nlohmann::json& value, const std::string& file, std::string path)
      : value_(&value), file_(&file), path_(std::move(path)) {}

  const nlohmann::json& json() const { return *value_; }
  const std::string& path() const { return path_; }
  const std::string& file() const { return *file_; }

  // Throw InputError: "expected EXPECTED, found <this value>" / "..., found FOUND".
  [[noreturn]] void fail(std::string_view expected) const;
  [[noreturn]] void fail(std::string_view expected, std::string_view found) const;

  // "expected true or false".
  bool boolean() const;
  // "expected a string" (or `what`). Any JSON string, including "".
  const std::string& string(std::string_view what = "a string") const;
  // A JSON integer (never 3.0, never 1e3) in [lo, hi]:
  // "expected an integer in LO..HI".
  std::int64_t integer(std::int64_t lo, std::int64_t hi) const;
  std::uint64_t unsigned_integer(std::uint64_t lo, std::uint64_t hi) const;
  std::uint32_t u32(std::uint32_t lo, std::uint32_t hi) const { return static_cast<std::uint32_t>(integer(lo, hi)); }
  // Any JSON number, integer or not, in [lo, hi]: "expected `what`".
  double number(double lo, double hi, std::string_view what) const;
  // One of the given strings: "expected one of "a", "b", found "c"".
  template <class T>
  T choice(std::initializer_list<std::pair<std::string_view, T>> options) const {
    if (value_->is_string()) {
      for (const auto& [name, v] : options) {
        if (name == value_->template get_ref<const std::string&>()) return v;
      }
    }
    std::vector<std::string_view> names;
    for (const auto& o : options) names.push_back(o.first);
    fail_choice(names);
  }

  // This value as an object: "expected WHAT" otherwise. `what` is a noun
  // phrase with its article ("the cluster object", "a fault object"); it is
  // reused in the object's later messages.
  JsonObject object(std::string_view what = "an object") const;
  // The elements of this array, each with its path: "expected WHAT" if this
  // is not an array, "expected WHAT with at least N items" /
  // "... at most N items" if its size is outside [min_items, max_items].
  std::vector<JsonReader> array(std::string_view what = "an array", std::size_t min_items = 0,
                                std::size_t max_items = SIZE_MAX) const;

 private:
  [[noreturn]] void fail_choice(const std::vector<std::string_view>& names) const;

  const nlohmann::json* value_;
  const std::string* file_;
  std::string path_;  // "" at the root
};

// An object whose type has been checked. Keys not declared with allow() are
// not refused until allow() is called: call it before reading fields (it
// may be called again, e.g. once a "kind" field has said which keys apply).
class JsonObject {
 public:
  JsonObject(JsonReader self, std::string_view what) : self_(std::move(self)), what_(what) {}

  const JsonReader& reader() const { return self_; }
  const std::string& path() const { return self_.path(); }

  // Refuses the first key (in sorted order) not in `keys`:
  //   PATH/KEY: expected a key of WHAT ("a", "b"), found "KEY"
  // `what` overrides the phrase given to object() for this message.
  const JsonObject& allow(std::initializer_list<std::string_view> keys, std::string_view what = {}) const;

  bool has(std::string_view key) const;
  std::optional<JsonReader> get(std::string_view key) const;
  // A field that must be present: "expected WHAT with "KEY", found {...}".
  JsonReader required(std::string_view key) const;
  // Refuses both keys present, at the second: "expected no "B" beside "A"".
  void exclusive(std::string_view a, std::string_view b) const;
  // Refuses none present: "expected WHAT with at least one of "a", "b"".
  void at_least_one(std::initializer_list<std::string_view> keys) const;
  // Refuses exactly one present, at the object: "expected "A" and "B"
  // together".
  void together(std::string_view a, std::string_view b) const;
  // The keys present, in sorted order, each with its reader.
  std::vector<std::pair<std::string, JsonReader>> items() const;

 private:
  JsonReader self_;
  std::string what_;
};

}  // namespace cachesim
