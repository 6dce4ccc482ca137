#include "sim/scenario/json_document.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "sim/core/input_error.hpp"
#include "sim/scenario/json_reader.hpp"

namespace cachesim {

namespace {

using nlohmann::json;

struct Location {
  std::size_t line = 1, column = 1;
};

// Line and column (1-based, columns in code points) of byte `offset`.
Location locate(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  Location loc;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++loc.line;
      loc.column = 1;
    } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      ++loc.column;
    }
  }
  return loc;
}

[[noreturn]] void malformed(std::string_view text, const std::string& file, std::size_t offset,
                            std::string_view reason) {
  const Location loc = locate(text, offset);
  throw InputError(file + ":" + std::to_string(loc.line) + ":" + std::to_string(loc.column) +
                   ": malformed JSON: " + std::string(reason));
}

// The parser's message without its "[json.exception...] parse error at
// line L, column C: " prefix (we print our own position), and with any
// byte that is not printable ASCII replaced, so the line stays one valid
// line whatever the input held.
std::string parser_reason(const std::string& what) {
  std::string_view r = what;
  if (!r.empty() && r.front() == '[') {
    if (auto p = r.find("] "); p != std::string_view::npos) r.remove_prefix(p + 2);
  }
  if (r.starts_with("parse error")) {
    if (auto p = r.find(": "); p != std::string_view::npos) r.remove_prefix(p + 2);
  }
  std::string out(r);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x7F) c = '?';
  }
  return out;
}

// Offset of the bracket that opens nesting level kMaxJsonDepth + 1, found
// by scanning outside strings. Only called once the parser has seen it.
std::size_t too_deep_offset(std::string_view text) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) return i;
    } else if (c == ']' || c == '}') {
      if (depth > 0) --depth;
    }
  }
  return text.size();
}

// Builds the document without recursion, refusing duplicate keys and deep
// nesting as they are met. (nlohmann's own DOM builder keeps the last of
// duplicate keys and reports number overflow without a position.)
class StrictBuilder final : public nlohmann::json_sax<json> {
 public:
  StrictBuilder(std::string_view text, const std::string& file) : text_(text), file_(file) {}

  json take() { return std::move(root_); }

  bool null() override { return put(json(nullptr)); }
  bool boolean(bool v) override { return put(json(v)); }
  bool number_integer(number_integer_t v) override { return put(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return put(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return put(json(v)); }
  bool string(string_t& v) override { return put(json(std::move(v))); }
  bool binary(binary_t& v) override { return put(json::binary(std::move(v))); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    Frame& top = stack_.back();
    if (top.value->contains(k)) {
      throw InputError(input_error_line(file_, path(), "each key once", render_found_string(k) + " twice"));
    }
    top.key = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) override {
    // `position` counts the bytes read, the offending one included.
    malformed(text_, file_, position == 0 ? 0 : position - 1, parser_reason(ex.what()));
  }

 private:
  struct Frame {
    json* value;
    std::string key;  // objects: the key whose value is being read
  };

  // Places `v` where the next value goes and returns where it now lives.
  json* place(json v) {
    if (stack_.empty()) {
      root_ = std::move(v);
      return &root_;
    }
    Frame& top = stack_.back();
    if (top.value->is_array()) {
      top.value->push_back(std::move(v));
      return &top.value->back();
    }
    json& slot = (*top.value)[top.key];
    slot = std::move(v);
    return &slot;
  }

  bool put(json v) {
    place(std::move(v));
    return true;
  }

  bool open(json container) {
    if (stack_.size() >= kMaxJsonDepth) {
      malformed(text_, file_, too_deep_offset(text_),
                "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels");
    }
    stack_.push_back(Frame{place(std::move(container)), {}});
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  // The JSON path of the innermost open container.
  std::string path() const {
    std::string p;
    for (std::size_t i = 0; i + 1 < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      p = f.value->is_array() ? json_path_child(p, f.value->size() - 1) : json_path_child(p, f.key);
    }
    return p;
  }

  std::string_view text_;
  const std::string& file_;
  json root_;
  std::vector<Frame> stack_;
};

bool only_whitespace(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

}  // namespace

std::string read_input_file(const std::string& path, std::size_t max_bytes) {
  const auto cannot_read = [&](int err) { return InputError(path + ": cannot read: " + std::strerror(err)); };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw cannot_read(errno);
  std::string out;
  char buf[1 << 16];
  for (;;) {
    const std::size_t n = std::fread(buf, 1, sizeof buf, f.get());
    out.append(buf, n);
    if (out.size() > max_bytes) {
      throw InputError(path + ": expected a file of at most " + std::to_string(max_bytes) +
                       " bytes, found more");
    }
    if (n < sizeof buf) break;
  }
  if (std::ferror(f.get())) throw cannot_read(errno != 0 ? errno : EIO);
  return out;
}

json parse_json_document(std::string_view text, const std::string& file_label) {
  if (only_whitespace(text)) {
    throw InputError(file_label + ": expected a JSON document, found an empty file");
  }
  StrictBuilder builder(text, file_label);
  // The builder throws on every error, so the result needs no checking.
  json::sax_parse(text, &builder);
  return builder.take();
}

}  // namespace cachesim
