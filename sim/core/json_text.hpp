// Writing JSON text by hand, for the hot paths (trace lines, history lines)
// where building an nlohmann::json per record would cost more than the event.
#pragma once

#include <string>
#include <string_view>

namespace cachesim {

// Appends s as a JSON string literal: quoted, with ", \ and control
// characters escaped. Bytes >= 0x80 pass through (UTF-8 stays UTF-8).
void append_json_string(std::string& out, std::string_view s);
// The same literal as a string of its own (for messages).
std::string json_quoted(std::string_view s);

}  // namespace cachesim
