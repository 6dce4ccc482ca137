#include <gtest/gtest.h>

#include <string>

#include "sim/core/codec.hpp"
#include "sim/core/message.hpp"
#include "sim/core/rng.hpp"
#include "sim/core/storage.hpp"
#include "sim/core/time.hpp"

namespace cachesim {
namespace {

TEST(Storage, ReadsItsOwnWritesAndACrashKeepsOnlyWhatWasSynced) {
  Storage s;
  s.put("a", "1");
  s.put("b", "2");
  s.sync();
  s.put("a", "10");
  s.erase("b");
  s.put("c", "3");
  EXPECT_EQ(*s.get("a"), "10");
  EXPECT_EQ(s.get("b"), nullptr);
  EXPECT_TRUE(s.has_unsynced());
  s.lose_unsynced();
  EXPECT_EQ(*s.get("a"), "1");
  EXPECT_EQ(*s.get("b"), "2");
  EXPECT_EQ(s.get("c"), nullptr);
  EXPECT_EQ(s.stats().lost_writes, 3u);
  EXPECT_EQ(s.durable_bytes(), 4u);
}

// Keys iterate in byte order: the eight-bytes-at-a-time comparison must
// agree with std::string's < on every pair, including bytes of 0x80 and up
// (unsigned), zero bytes, prefixes and every length around the 8-byte steps.
TEST(Storage, KeysCompareInByteOrder) {
  Rng rng(7);
  const char alphabet[] = {'\0', '\x01', 'a', 'b', '\x7f', '\x80', '\xfe', '\xff'};
  auto random_key = [&] {
    std::string k(rng.below(20), '\0');
    for (char& c : k) c = alphabet[rng.below(sizeof alphabet)];
    return k;
  };
  const ByteOrder less;
  for (int i = 0; i < 200000; ++i) {
    std::string a = random_key(), b = rng.below(4) == 0 ? a : random_key();
    if (rng.below(4) == 0 && !b.empty()) b.resize(rng.below(b.size()));  // a prefix
    if (rng.below(4) == 0 && !a.empty()) a.back() = static_cast<char>(a.back() ^ 1);
    ASSERT_EQ(less(a, b), a < b) << "keys of " << a.size() << " and " << b.size() << " bytes, pair " << i;
    ASSERT_EQ(less(b, a), b < a) << "keys of " << b.size() << " and " << a.size() << " bytes, pair " << i;
  }
}

TEST(Storage, EraseRangeIsDurableAfterSync) {
  Storage s;
  for (int i = 0; i < 10; ++i) s.put("log/" + std::to_string(i), "x");
  s.sync();
  s.erase_range("log/0", "log/5");
  s.sync();
  s.lose_unsynced();
  EXPECT_EQ(s.contents().size(), 5u);
  EXPECT_EQ(s.contents().begin()->first, "log/5");
}

TEST(Codec, RoundTripsAndRefusesTruncation) {
  const std::string bytes = Writer().u8(7).u32(70000).u64(1ULL << 40).i64(-5).boolean(true).str("hello").take();
  Reader r(bytes);
  EXPECT_EQ(r.u8(), 7);
  EXPECT_EQ(r.u32(), 70000u);
  EXPECT_EQ(r.u64(), 1ULL << 40);
  EXPECT_EQ(r.i64(), -5);
  EXPECT_TRUE(r.boolean());
  EXPECT_EQ(r.str(), "hello");
  r.finish();
  Reader cut(std::string_view(bytes).substr(0, 10));
  (void)cut.u8();
  (void)cut.u32();
  EXPECT_THROW((void)cut.u64(), InvariantViolation);
}

struct Small {
  static constexpr std::string_view kName = "t.small";
  int x = 0;
};
struct Big {
  static constexpr std::string_view kName = "t.big";
  std::string s;
  char pad[100] = {};
  void describe(std::string& out) const { out += "big " + s; }
};

TEST(Message, CarriesAnyStructByValue) {
  Message a = Small{5};
  Message b = Big{"payload", {}};
  EXPECT_EQ(a.type_name(), "t.small");
  ASSERT_NE(a.as<Small>(), nullptr);
  EXPECT_EQ(a.as<Small>()->x, 5);
  EXPECT_EQ(a.as<Big>(), nullptr);
  Message c = b;  // copies are independent
  ASSERT_NE(c.as<Big>(), nullptr);
  EXPECT_EQ(c.as<Big>()->s, "payload");
  Message d = std::move(b);
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(d.as<Big>()->s, "payload");
  std::string text;
  d.describe(text);
  EXPECT_EQ(text, "big payload");
  std::string none;
  a.describe(none);
  EXPECT_TRUE(none.empty());
  a = d;
  EXPECT_EQ(a.as<Big>()->s, "payload");
}

TEST(Time, FormatsDurationsExactly) {
  EXPECT_EQ(format_duration(150 * kMillisecond), "150ms");
  EXPECT_EQ(format_duration(2 * kSecond), "2s");
  EXPECT_EQ(format_duration(1500 * kMicrosecond), "1500us");
  EXPECT_EQ(format_duration(7), "7ns");
  EXPECT_EQ(format_duration(-50 * kMillisecond), "-50ms");
  EXPECT_EQ(format_duration(0), "0s");
  EXPECT_EQ(format_time(12 * kSecond + 150), "12.000000150s");
}

}  // namespace
}  // namespace cachesim
