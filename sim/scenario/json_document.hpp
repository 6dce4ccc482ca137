// Reading a JSON input file strictly, before any field is looked at.
//
// Contract: these functions either return a well-formed document or throw
// InputError whose message is one line naming the file (FILE is the label
// the caller gave, printed as given):
//
//   FILE: cannot read: No such file or directory
//   FILE: expected a file of at most 67108864 bytes, found more
//   FILE: expected a JSON document, found an empty file
//   FILE:LINE:COLUMN: malformed JSON: <reason from the parser>
//   FILE:LINE:COLUMN: malformed JSON: nested deeper than 64 levels
//   FILE: /json/path: expected each key once, found "seed" twice
//
// LINE and COLUMN are 1-based; COLUMN counts Unicode code points, as editors
// do. Refusing duplicate keys matters because a plain JSON parser keeps the
// last one silently, and a user who wrote the key twice meant one of them.
// The nesting bound is checked while parsing, before anything recurses, so
// no input can exhaust the stack of the parser or of a reader walking the
// result. Nothing here crashes or hangs on any byte sequence.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace cachesim {

// Containers (objects and arrays) nested deeper than this are refused.
inline constexpr std::size_t kMaxJsonDepth = 64;
// Input files larger than this are refused unread.
inline constexpr std::size_t kMaxInputFileBytes = 64u << 20;

// The whole content of `path`, or InputError "PATH: cannot read: REASON".
std::string read_input_file(const std::string& path, std::size_t max_bytes = kMaxInputFileBytes);

// One JSON document (any JSON value at the top level; callers check its
// type). Refuses empty or whitespace-only text, malformed JSON, trailing
// content, comments, nesting deeper than kMaxJsonDepth and duplicate keys.
// Numbers: integers that fit int64/uint64 stay integers; larger ones become
// doubles; a number whose magnitude overflows a double is malformed.
nlohmann::json parse_json_document(std::string_view text, const std::string& file_label);

}  // namespace cachesim
