#include "reports/trace_line.hpp"

namespace cachesim::reports {

const std::string& TraceLine::where() const {
  if (ev == "deliver" || (ev == "drop" && reason == "down")) return to;
  if (is_message()) return from;
  return node;
}

namespace {

struct Cursor {
  std::string_view s;
  std::size_t p = 0;
  void ws() {
    while (p < s.size() && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r')) ++p;
  }
  bool eat(char c) {
    ws();
    if (p < s.size() && s[p] == c) {
      ++p;
      return true;
    }
    return false;
  }
  std::string found() const {
    if (p >= s.size()) return "the end of the line";
    return std::string("'") + s[p] + "' at column " + std::to_string(p + 1);
  }
};

int hex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

void put_utf8(std::string& out, unsigned cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Reads a JSON string at the cursor (after ws) into out. Returns false on error.
bool read_string(Cursor& c, std::string& out) {
  out.clear();
  if (!c.eat('"')) return false;
  while (c.p < c.s.size()) {
    // Copy the run up to the next quote or backslash in one go (hot path).
    std::size_t q = c.p;
    while (q < c.s.size() && c.s[q] != '"' && c.s[q] != '\\') ++q;
    out.append(c.s.data() + c.p, q - c.p);
    c.p = q;
    if (c.p >= c.s.size()) return false;
    const char ch = c.s[c.p++];
    if (ch == '"') return true;
    if (c.p >= c.s.size()) return false;
    const char e = c.s[c.p++];
    switch (e) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        if (c.p + 4 > c.s.size()) return false;
        unsigned cp = 0;
        for (int k = 0; k < 4; ++k) {
          const int h = hex(c.s[c.p++]);
          if (h < 0) return false;
          cp = cp * 16 + static_cast<unsigned>(h);
        }
        put_utf8(out, cp);  // surrogates pass through as-is: names are ASCII in practice
        break;
      }
      default: return false;
    }
  }
  return false;
}

bool read_uint(Cursor& c, std::uint64_t& v) {
  c.ws();
  const std::size_t start = c.p;
  v = 0;
  while (c.p < c.s.size() && c.s[c.p] >= '0' && c.s[c.p] <= '9') {
    const auto d = static_cast<std::uint64_t>(c.s[c.p] - '0');
    if (v > (UINT64_MAX - d) / 10) return false;
    v = v * 10 + d;
    ++c.p;
  }
  return c.p > start;
}

}  // namespace

std::string parse_trace_line(std::string_view text, TraceLine& out) {
  out.ev.clear();
  out.from.clear();
  out.to.clear();
  out.node.clear();
  out.msg.clear();
  out.reason.clear();
  out.text.clear();
  out.i = 0;
  out.t = 0;
  out.id = out.tag = 0;
  out.has_id = false;
  Cursor c{text};
  if (!c.eat('{')) return "expected a JSON object, found " + c.found();
  bool have_i = false, have_t = false;
  std::string key, sval;
  if (c.eat('}')) return "expected \"i\", \"t\" and \"ev\", found an empty object";
  while (true) {
    if (!read_string(c, key)) return "expected a key string, found " + c.found();
    if (!c.eat(':')) return "expected ':' after \"" + key + "\", found " + c.found();
    c.ws();
    if (c.p < c.s.size() && c.s[c.p] == '"') {
      std::string* dst = key == "ev" ? &out.ev
                         : key == "from" ? &out.from
                         : key == "to" ? &out.to
                         : key == "node" ? &out.node
                         : key == "msg" ? &out.msg
                         : key == "reason" ? &out.reason
                         : key == "text" ? &out.text
                                         : &sval;
      if (!read_string(c, *dst)) return "expected a string for \"" + key + "\", found " + c.found();
      if (key == "i" || key == "t" || key == "id") return "expected an integer for \"" + key + "\", found a string";
    } else {
      std::uint64_t v = 0;
      if (!read_uint(c, v)) return "expected a string or a non-negative integer for \"" + key + "\", found " + c.found();
      if (key == "i") {
        out.i = v;
        have_i = true;
      } else if (key == "t") {
        if (v > static_cast<std::uint64_t>(INT64_MAX)) return "expected a time in ns for \"t\", found an overflow";
        out.t = static_cast<std::int64_t>(v);
        have_t = true;
      } else if (key == "id") {
        out.id = v;
        out.has_id = true;
      } else if (key == "tag") {
        out.tag = v;
      }
      // Integers named "node", "from" or "to" are endpoints without a name.
      else if (key == "node") {
        out.node = std::to_string(v);
      } else if (key == "from") {
        out.from = std::to_string(v);
      } else if (key == "to") {
        out.to = std::to_string(v);
      }
    }
    if (c.eat(',')) continue;
    if (c.eat('}')) break;
    return "expected ',' or '}', found " + c.found();
  }
  c.ws();
  if (c.p != c.s.size()) return "expected the end of the line after the object, found " + c.found();
  if (!have_i) return "expected \"i\" (event index), found none";
  if (!have_t) return "expected \"t\" (time in ns), found none";
  if (out.ev.empty()) return "expected \"ev\" (event kind), found none";
  return {};
}

}  // namespace cachesim::reports
