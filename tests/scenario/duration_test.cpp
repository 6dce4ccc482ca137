#include "sim/scenario/duration.hpp"

#include <gtest/gtest.h>

#include "sim/core/input_error.hpp"

namespace cachesim {
namespace {

TEST(ParseDuration, ReadsEveryUnit) {
  EXPECT_EQ(parse_duration("5ns"), 5);
  EXPECT_EQ(parse_duration("10us"), 10 * kMicrosecond);
  EXPECT_EQ(parse_duration("150ms"), 150 * kMillisecond);
  EXPECT_EQ(parse_duration("2s"), 2 * kSecond);
  EXPECT_EQ(parse_duration("1m"), 60 * kSecond);
  EXPECT_EQ(parse_duration("1h"), 3600 * kSecond);
  EXPECT_EQ(parse_duration("0s"), 0);
  EXPECT_EQ(parse_duration("-50ms"), -50 * kMillisecond);
}

TEST(ParseDuration, AcceptsFractionsThatAreWholeNanoseconds) {
  EXPECT_EQ(parse_duration("1.5s"), 1500 * kMillisecond);
  EXPECT_EQ(parse_duration("1.5us"), 1500);
  EXPECT_EQ(parse_duration("0.001us"), 1);
  EXPECT_EQ(parse_duration("2.000ns"), 2);
  EXPECT_EQ(parse_duration("0.5m"), 30 * kSecond);
  EXPECT_EQ(parse_duration("0.00000000005m"), 3);     // 5e-11 min: the 6 of 6e10 ns absorbs one 10
  EXPECT_EQ(parse_duration("0.0000000000025h"), 9);   // 2.5e-12 h: the 36 of 3.6e12 ns absorbs two
  EXPECT_EQ(parse_duration("1000999.999999999s"), 1000999999999999);
}

TEST(ParseDuration, RefusesFractionsOfANanosecond) {
  EXPECT_EQ(parse_duration("1.5ns"), std::nullopt);
  EXPECT_EQ(parse_duration("0.0001us"), std::nullopt);
  EXPECT_EQ(parse_duration("0.00000000000001m"), std::nullopt);
  EXPECT_EQ(parse_duration("0.000000000025m"), std::nullopt);   // 1.5ns
  EXPECT_EQ(parse_duration("0.00000000000025h"), std::nullopt);  // 0.9ns
  EXPECT_EQ(parse_duration("0.0000000000000000000000000001h"), std::nullopt);
}

TEST(ParseDuration, RefusesEverythingElse) {
  for (const char* bad : {"", "s", "5", "5 s", " 5s", "5s ", "5sec", "5S", "+5s", "--5s", "-", ".5s", "5.s", "5..0s",
                          "1e3ms", "0x10s", "5µs", "5ms5", "nan", "1,5s", "5mss"}) {
    EXPECT_EQ(parse_duration(bad), std::nullopt) << bad;
  }
}

TEST(ParseDuration, RefusesWhatDoesNotFitInt64) {
  EXPECT_EQ(parse_duration("9223372036854775807ns"), INT64_MAX);
  EXPECT_EQ(parse_duration("9223372036854775808ns"), std::nullopt);
  EXPECT_EQ(parse_duration("9223372037s"), std::nullopt);
  EXPECT_EQ(parse_duration("99999999999999999999999999h"), std::nullopt);
  EXPECT_EQ(parse_duration("9223372036.854775807s"), INT64_MAX);
  EXPECT_EQ(parse_duration("9223372036.854775808s"), std::nullopt);
}

TEST(ParseDuration, ReadsBackEverythingFormatDurationWrites) {
  for (Duration d : {Duration{0}, Duration{1}, Duration{999}, 1500 * kMicrosecond, 150 * kMillisecond, 2 * kSecond,
                     90 * kSecond, 3600 * kSecond, 7200 * kSecond + 1, -50 * kMillisecond, kMaxRunTime, INT64_MAX,
                     -INT64_MAX}) {
    EXPECT_EQ(parse_duration(format_duration(d)), d) << format_duration(d);
  }
}

std::string error_of(const nlohmann::json& j, DurationRange range = {}) {
  const std::string file = "f.json";
  try {
    read_duration(JsonReader(j, file, "/d"), range);
  } catch (const InputError& e) {
    return e.what();
  }
  return "accepted";
}

TEST(ReadDuration, TakesStringsAndIntegerNanoseconds) {
  const std::string file = "f.json";
  EXPECT_EQ(read_duration(JsonReader(nlohmann::json("150ms"), file)), 150 * kMillisecond);
  EXPECT_EQ(read_duration(JsonReader(nlohmann::json(1500), file)), 1500);
  EXPECT_EQ(read_duration(JsonReader(nlohmann::json(-20), file), {-100, 100}), -20);
}

TEST(ReadDuration, NamesTheExpectedFormAndTheRange) {
  EXPECT_EQ(error_of(-5), "f.json: /d: expected a duration such as \"150ms\", found -5");
  EXPECT_EQ(error_of("-5ms"), "f.json: /d: expected a duration such as \"150ms\", found \"-5ms\"");
  EXPECT_EQ(error_of(1.5), "f.json: /d: expected a duration such as \"150ms\", found 1.5");
  EXPECT_EQ(error_of(1000.0), "f.json: /d: expected a duration such as \"150ms\", found 1000.0");
  EXPECT_EQ(error_of(true), "f.json: /d: expected a duration such as \"150ms\", found true");
  EXPECT_EQ(error_of(nlohmann::json::parse("18446744073709551615")),
            "f.json: /d: expected a duration such as \"150ms\", found 18446744073709551615");
  EXPECT_EQ(error_of("x", {-kSecond, kSecond}), "f.json: /d: expected a duration such as \"-50ms\", found \"x\"");
  EXPECT_EQ(error_of(0, {1, kMaxRunTime}), "f.json: /d: expected a positive duration such as \"150ms\", found 0");
  EXPECT_EQ(error_of("2s", {0, kSecond}), "f.json: /d: expected a duration in 0s..1s, found \"2s\"");
  EXPECT_EQ(error_of("-2s", {-kSecond, kSecond}), "f.json: /d: expected a duration in -1s..1s, found \"-2s\"");
}

TEST(ReadMinMax, KeepsDefaultsAndChecksOrder) {
  const std::string file = "f.json";
  Duration lo = 1, hi = 10;
  read_min_max(JsonReader(nlohmann::json::parse(R"({"max": 5})"), file), "a range", {}, lo, hi);
  EXPECT_EQ(lo, 1);
  EXPECT_EQ(hi, 5);
  try {
    read_min_max(JsonReader(nlohmann::json::parse(R"({"min": 20})"), file, "/r"), "a range", {}, lo, hi);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_STREQ(e.what(), "f.json: /r/min: expected a duration no more than max (5ns), found 20");
  }
}

}  // namespace
}  // namespace cachesim
