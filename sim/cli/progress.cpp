#include "sim/cli/progress.hpp"

#include <cmath>

namespace cachesim::cli {

namespace {

std::string clock_text(double s) {
  if (!std::isfinite(s) || s < 0) return "?";
  const auto t = static_cast<std::uint64_t>(s + 0.5);
  char buf[48];
  if (t >= 3600) {
    std::snprintf(buf, sizeof buf, "%lluh%02llum", static_cast<unsigned long long>(t / 3600),
                  static_cast<unsigned long long>(t % 3600 / 60));
  } else if (t >= 60) {
    std::snprintf(buf, sizeof buf, "%llum%02llus", static_cast<unsigned long long>(t / 60),
                  static_cast<unsigned long long>(t % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%llus", static_cast<unsigned long long>(t));
  }
  return buf;
}

}  // namespace

Progress::Progress(std::FILE* out, std::uint64_t total, bool terminal, double interval_s)
    : out_(out), total_(total), terminal_(terminal), interval_s_(terminal ? 0.1 : interval_s) {}

std::string Progress::describe(std::uint64_t done, std::uint64_t total, std::uint64_t failures, double seconds) {
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  char buf[160];
  std::snprintf(buf, sizeof buf, "%llu/%llu runs, %.1f runs/s, ETA %s, %llu failure%s",
                static_cast<unsigned long long>(done), static_cast<unsigned long long>(total), rate,
                rate > 0 ? clock_text(static_cast<double>(total - done) / rate).c_str() : "?",
                static_cast<unsigned long long>(failures), failures == 1 ? "" : "s");
  return buf;
}

void Progress::update(std::uint64_t done, std::uint64_t failures) {
  done_ = done;
  failures_ = failures;
  tick();  // a run just ended: a good moment to redraw, if the interval has passed
}

void Progress::tick() {
  const double now = clock_.seconds();
  if (interval_s_ <= 0 || now - last_ < interval_s_) return;
  last_ = now;
  const std::string text = describe(done_, total_, failures_, now);
  if (terminal_) {
    constexpr int kWidth = 24;
    const int filled = total_ ? static_cast<int>(static_cast<double>(done_) / static_cast<double>(total_) * kWidth) : 0;
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(kWidth, '.');
    std::fprintf(out_, "\r\033[K[%s] %s", bar.c_str(), text.c_str());
    drawn_ = true;
  } else {
    std::fprintf(out_, "progress: %s\n", text.c_str());
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (drawn_) std::fprintf(out_, "\r\033[K");
  drawn_ = false;
  std::fflush(out_);
}

}  // namespace cachesim::cli
