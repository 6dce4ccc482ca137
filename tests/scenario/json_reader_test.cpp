#include "sim/scenario/json_reader.hpp"

#include <gtest/gtest.h>

#include "sim/core/input_error.hpp"

namespace cachesim {
namespace {

using nlohmann::json;

const std::string kFile = "in.json";

template <class F>
std::string error_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(JsonPath, EscapesTokensAsRfc6901AndKeepsOneLine) {
  EXPECT_EQ(json_path_child("", "a"), "/a");
  EXPECT_EQ(json_path_child("/a", std::size_t{3}), "/a/3");
  EXPECT_EQ(json_path_child("/a", "b/c~d"), "/a/b~1c~0d");
  EXPECT_EQ(json_path_child("", ""), "/");
  EXPECT_EQ(json_path_child("", "x\ny"), "/x\\u000Ay");
}

TEST(RenderFound, IsCompactJsonCutOnACharacterBoundary) {
  EXPECT_EQ(render_found(json::parse(R"({"b": [1, 2], "a": "x"})")), R"({"a":"x","b":[1,2]})");
  EXPECT_EQ(render_found(json("line\nbreak")), "\"line\\nbreak\"");
  const std::string long_ascii = render_found(json(std::string(100, 'a')));
  EXPECT_EQ(long_ascii, "\"" + std::string(56, 'a') + "...");
  EXPECT_EQ(long_ascii.size(), kMaxFoundChars);
  // '→' is three bytes: the cut backs off rather than split one.
  std::string arrows, kept;
  for (int i = 0; i < 50; ++i) arrows += "\u2192";
  for (int i = 0; i < 18; ++i) kept += "\u2192";
  EXPECT_EQ(render_found(json(arrows)), "\"" + kept + "...");
}

TEST(JsonReader, ErrorLineNamesFilePathExpectedAndFound) {
  const json doc = json::parse(R"({"a": {"b": [1, "x"]}})");
  const JsonReader root(doc, kFile);
  EXPECT_EQ(error_of([&] { root.fail("nothing"); }), R"(in.json: expected nothing, found {"a":{"b":[1,"x"]}})");
  const JsonReader x = root.object().get("a")->object().required("b").array()[1];
  EXPECT_EQ(x.path(), "/a/b/1");
  EXPECT_EQ(error_of([&] { x.fail("a number"); }), R"(in.json: /a/b/1: expected a number, found "x")");
  EXPECT_EQ(error_of([&] { x.fail("a number", "a letter"); }), "in.json: /a/b/1: expected a number, found a letter");
}

TEST(JsonReader, TypedAccessorsRefuseOtherTypes) {
  const json doc = json::parse(R"({"s": "x", "i": 3, "f": 3.0, "b": true, "n": null, "neg": -1,
                                   "big": 18446744073709551615, "huge": 1e30})");
  const JsonObject o = JsonReader(doc, kFile).object();
  EXPECT_EQ(o.required("s").string(), "x");
  EXPECT_EQ(o.required("i").integer(1, 5), 3);
  EXPECT_TRUE(o.required("b").boolean());
  EXPECT_EQ(o.required("big").unsigned_integer(0, UINT64_MAX), UINT64_MAX);
  EXPECT_EQ(o.required("f").number(0, 5, "a number"), 3.0);
  EXPECT_EQ(o.required("i").number(0, 5, "a number"), 3.0);

  EXPECT_EQ(error_of([&] { o.required("f").integer(1, 5); }), "in.json: /f: expected an integer in 1..5, found 3.0");
  EXPECT_EQ(error_of([&] { o.required("s").integer(1, 5); }), "in.json: /s: expected an integer in 1..5, found \"x\"");
  EXPECT_EQ(error_of([&] { o.required("i").integer(4, 5); }), "in.json: /i: expected an integer in 4..5, found 3");
  EXPECT_EQ(error_of([&] { o.required("big").integer(0, INT64_MAX); }),
            "in.json: /big: expected an integer in 0..9223372036854775807, found 18446744073709551615");
  EXPECT_EQ(error_of([&] { o.required("neg").unsigned_integer(0, 9); }),
            "in.json: /neg: expected an integer in 0..9, found -1");
  EXPECT_EQ(error_of([&] { o.required("huge").unsigned_integer(0, UINT64_MAX); }),
            "in.json: /huge: expected an integer in 0..18446744073709551615, found 1e+30");
  EXPECT_EQ(error_of([&] { o.required("n").boolean(); }), "in.json: /n: expected true or false, found null");
  EXPECT_EQ(error_of([&] { o.required("i").string(); }), "in.json: /i: expected a string, found 3");
  EXPECT_EQ(error_of([&] { o.required("b").number(0, 1, "a fraction"); }), "in.json: /b: expected a fraction, found true");
  EXPECT_EQ(error_of([&] { o.required("s").object("a thing"); }), "in.json: /s: expected a thing, found \"x\"");
  EXPECT_EQ(error_of([&] { o.required("s").array(); }), "in.json: /s: expected an array, found \"x\"");
}

TEST(JsonReader, ChoiceListsTheOptions) {
  const json v = "c";
  const JsonReader r(v, kFile, "/k");
  EXPECT_EQ(error_of([&] { r.choice<int>({{"a", 1}, {"b", 2}}); }), R"(in.json: /k: expected one of "a", "b", found "c")");
  EXPECT_EQ((JsonReader(json("b"), kFile).choice<int>({{"a", 1}, {"b", 2}})), 2);
}

TEST(JsonReader, ArraySizeBounds) {
  const json v = json::array({1, 2, 3});
  const JsonReader r(v, kFile, "/l");
  EXPECT_EQ(r.array("a list", 3, 3).size(), 3u);
  EXPECT_EQ(error_of([&] { r.array("a list", 4); }), "in.json: /l: expected a list with at least 4 items, found [1,2,3]");
  EXPECT_EQ(error_of([&] { r.array("a list", 0, 1); }), "in.json: /l: expected a list with at most 1 item, found [1,2,3]");
}

TEST(JsonObject, AllowRefusesTheFirstUnknownKeyNamingTheKnownOnes) {
  const json doc = json::parse(R"({"b": 1, "zz": 2, "aa": 3})");
  const JsonObject o = JsonReader(doc, kFile).object("a widget");
  EXPECT_EQ(error_of([&] { o.allow({"b", "zz"}); }), R"(in.json: /aa: expected a key of a widget ("b", "zz"), found "aa")");
  EXPECT_EQ(error_of([&] { o.allow({"b", "aa"}, "a round widget"); }),
            R"(in.json: /zz: expected a key of a round widget ("b", "aa"), found "zz")");
  EXPECT_NO_THROW(o.allow({"aa", "b", "zz"}));
}

TEST(JsonObject, FieldRelations) {
  const json doc = json::parse(R"({"a": 1, "b": 2})");
  const JsonObject o = JsonReader(doc, kFile, "/o").object("a pair");
  EXPECT_FALSE(o.get("c").has_value());
  EXPECT_EQ(error_of([&] { o.required("c"); }), R"(in.json: /o: expected a pair with "c", found {"a":1,"b":2})");
  EXPECT_EQ(error_of([&] { o.exclusive("a", "b"); }), R"(in.json: /o/b: expected no "b" beside "a", found 2)");
  EXPECT_NO_THROW(o.exclusive("a", "c"));
  EXPECT_EQ(error_of([&] { o.at_least_one({"c", "d"}); }),
            R"(in.json: /o: expected a pair with at least one of "c", "d", found {"a":1,"b":2})");
  EXPECT_NO_THROW(o.at_least_one({"c", "b"}));
  EXPECT_EQ(error_of([&] { o.together("a", "c"); }), R"(in.json: /o: expected "a" and "c" together, found {"a":1,"b":2})");
  EXPECT_NO_THROW(o.together("a", "b"));
  EXPECT_NO_THROW(o.together("c", "d"));
  const auto items = o.items();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1].first, "b");
  EXPECT_EQ(items[1].second.path(), "/o/b");
}

}  // namespace
}  // namespace cachesim
