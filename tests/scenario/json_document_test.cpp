#include "sim/scenario/json_document.hpp"

#include <gtest/gtest.h>

#include <string>

#include "sim/core/input_error.hpp"

namespace cachesim {
namespace {

std::string document_error_of(std::string_view text) {
  try {
    parse_json_document(text, "in.json");
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(JsonDocument, ParsesAnyTopLevelValue) {
  EXPECT_EQ(parse_json_document(" {\"a\": [1, 2.5, \"x\", null, true]} ", "in.json"),
            nlohmann::json::parse(R"({"a": [1, 2.5, "x", null, true]})"));
  EXPECT_EQ(parse_json_document("[]", "in.json"), nlohmann::json::array());
  EXPECT_EQ(parse_json_document("7", "in.json"), 7);
}

TEST(JsonDocument, KeepsIntegersExactAndBigOnesAsDoubles) {
  EXPECT_TRUE(parse_json_document("18446744073709551615", "in.json").is_number_unsigned());
  EXPECT_TRUE(parse_json_document("-9223372036854775808", "in.json").is_number_integer());
  EXPECT_TRUE(parse_json_document("18446744073709551616", "in.json").is_number_float());
  EXPECT_TRUE(parse_json_document("3.0", "in.json").is_number_float());
}

TEST(JsonDocument, MalformedJsonGivesLineAndColumn) {
  EXPECT_EQ(document_error_of("{\n  \"a\": 1,\n}"),
            "in.json:3:1: malformed JSON: syntax error while parsing object key - unexpected '}'; expected string "
            "literal");
  EXPECT_EQ(document_error_of("{\"a\": tru}"),
            "in.json:1:10: malformed JSON: syntax error while parsing value - invalid literal; last read: '\"a\": tru}'");
  EXPECT_EQ(document_error_of("[1, 2"),
            "in.json:1:6: malformed JSON: syntax error while parsing array - unexpected end of input; expected ']'");
  EXPECT_EQ(document_error_of("{} x"),
            "in.json:1:4: malformed JSON: syntax error while parsing value - invalid literal; last read: '{} x'; expected end "
            "of input");
  EXPECT_EQ(document_error_of("// c\n{}"),
            "in.json:1:1: malformed JSON: syntax error while parsing value - invalid literal; last read: '/'");
}

TEST(JsonDocument, ColumnsCountCodePointsNotBytes) {
  // "é" and "→" are 2 and 3 bytes; the bad literal is the 16th character.
  EXPECT_EQ(document_error_of("{\"é→\": 1, \"b\": x}").substr(0, 13), "in.json:1:16:");
}

TEST(JsonDocument, NumberOverflowIsMalformedWithItsPosition) {
  EXPECT_EQ(document_error_of("{\n \"a\": -1e400}"), "in.json:2:12: malformed JSON: number overflow parsing '-1e400'");
}

TEST(JsonDocument, NonAsciiInTheParserMessageCannotBreakTheLine) {
  const std::string e = document_error_of("\"\xff\xfe\n\"");
  EXPECT_EQ(e.find('\n'), std::string::npos);
  EXPECT_EQ(e, "in.json:1:2: malformed JSON: syntax error while parsing value - invalid string: ill-formed UTF-8 "
               "byte; last read: '\"?'");
}

TEST(JsonDocument, EmptyInputIsNamedAsSuch) {
  EXPECT_EQ(document_error_of(""), "in.json: expected a JSON document, found an empty file");
  EXPECT_EQ(document_error_of(" \n\t\r\n"), "in.json: expected a JSON document, found an empty file");
}

TEST(JsonDocument, DuplicateKeysAreRefusedWithThePathOfTheirObject) {
  EXPECT_EQ(document_error_of(R"({"seed": 1, "seed": 2})"), "in.json: expected each key once, found \"seed\" twice");
  EXPECT_EQ(document_error_of(R"({"a": [0, {"x": 1}, [{}, {"k": {"y": 1, "y": 2}}]]})"),
            "in.json: /a/2/1/k: expected each key once, found \"y\" twice");
  EXPECT_EQ(document_error_of(R"({"a/b~": {"": 1, "": 2}})"), "in.json: /a~1b~0: expected each key once, found \"\" twice");
  // The same key in sibling objects is fine.
  EXPECT_NO_THROW(parse_json_document(R"([{"a": 1}, {"a": 2}, {"b": {"a": 3}}])", "in.json"));
}

std::string nested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

TEST(JsonDocument, NestingIsBoundedBeforeAnythingRecurses) {
  EXPECT_NO_THROW(parse_json_document(nested(kMaxJsonDepth), "in.json"));
  EXPECT_EQ(document_error_of(nested(kMaxJsonDepth + 1)), "in.json:1:65: malformed JSON: nested deeper than 64 levels");
  // Brackets inside strings do not count.
  EXPECT_NO_THROW(parse_json_document("[\"" + std::string(1000, '[') + "\"]", "in.json"));
  // A million levels is refused as quickly, without exhausting the stack.
  EXPECT_EQ(document_error_of(std::string(1'000'000, '[')), "in.json:1:65: malformed JSON: nested deeper than 64 levels");
  EXPECT_EQ(document_error_of("{\"a\":\n" + std::string(100, '[')),
            "in.json:2:64: malformed JSON: nested deeper than 64 levels");
}

TEST(ReadInputFile, NamesTheFileAndTheReason) {
  try {
    read_input_file("/nonexistent/dir/x.json");
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "/nonexistent/dir/x.json: cannot read: No such file or directory");
  }
  try {
    read_input_file(CACHESIM_SOURCE_DIR);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), std::string(CACHESIM_SOURCE_DIR) + ": cannot read: Is a directory");
  }
}

TEST(ReadInputFile, RefusesFilesOverTheLimit) {
  const std::string path = std::string(CACHESIM_SOURCE_DIR) + "/tests/scenario/good/rich.json";
  EXPECT_GT(read_input_file(path).size(), 100u);
  try {
    read_input_file(path, 100);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(std::string(e.what()), path + ": expected a file of at most 100 bytes, found more");
  }
}

}  // namespace
}  // namespace cachesim
