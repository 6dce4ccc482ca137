// report.html in a real browser: Debian's chromium, headless, opens the page
// from disk (no network), runs its script, lays out its charts. The page
// records script errors and what rendered in attributes of <html>, which
// --dump-dom shows. A screenshot is saved with the test output
// (build/test-output/report.png) for people to look at.
//
// chromium is a test dependency (scripts/setup installs it); when it is
// missing this test FAILS, saying so: a skipped browser test would hide a
// broken page.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>

#include "fixture.hpp"
#include "reports/build_reports.hpp"

namespace cachesim::reports {
namespace {

namespace fs = std::filesystem;

std::string chromium_path() {
  for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
    if (fs::exists(p)) return p;
  return "";
}

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return out;
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
  pclose(p);
  return out;
}

std::string headless(const std::string& chromium, const fs::path& page, const fs::path& profile,
                     const std::string& extra = "") {
  return run("timeout 120 " + chromium +
             " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run --user-data-dir=" +
             profile.string() + " --window-size=1100,4000 " + extra + " --dump-dom file://" +
             fs::absolute(page).string() + " 2>/dev/null");
}

std::string attr(const std::string& dom, const std::string& name) {
  std::smatch m;
  if (std::regex_search(dom, m, std::regex("<html[^>]*\\s" + name + "=\"([^\"]*)\""))) return m[1];
  return "(absent)";
}

TEST(Chromium, ReportRendersWithoutScriptErrors) {
  const std::string chromium = chromium_path();
  ASSERT_FALSE(chromium.empty()) << "chromium is not installed: run scripts/setup (it installs Debian's chromium), "
                                    "the headless-browser test of report.html needs it";
  const auto dir = testing::make_fixture("chromium");
  build_reports(dir.string());
  const fs::path out_dir = CACHESIM_TEST_OUTPUT_DIR;
  fs::create_directories(out_dir);
  const fs::path shot = out_dir / "report.png";
  fs::remove(shot);
  const std::string dom = headless(chromium, dir / "report.html", dir / "profile", "--screenshot=" + shot.string());
  ASSERT_NE(dom.find("</html>"), std::string::npos) << "no DOM from chromium:\n" << dom.substr(0, 2000);
  EXPECT_EQ(attr(dom, "data-script-errors"), "0") << attr(dom, "data-script-error");
  EXPECT_EQ(attr(dom, "data-rendered"), "yes");
  // Six charts for this run: latency, throughput, messages, ring load, the
  // linearizability timeline and the transaction cycle; each laid out (a
  // non-empty bounding box in the browser).
  EXPECT_EQ(attr(dom, "data-charts"), "6");
  EXPECT_EQ(testing::count(dom, "data-laid-out=\"yes\""), 6u);
  EXPECT_GE(std::stoi(attr(dom, "data-marks") == "(absent)" ? "0" : attr(dom, "data-marks")), 40 + 3 + 3);
  EXPECT_TRUE(fs::exists(shot) && fs::file_size(shot) > 1000) << "no screenshot at " << shot;
}

TEST(Chromium, AScriptErrorIsCaught) {
  // Proves the test above can fail: the same page with a broken script.
  const std::string chromium = chromium_path();
  ASSERT_FALSE(chromium.empty()) << "chromium is not installed: run scripts/setup";
  const auto dir = testing::make_fixture("chromium-broken");
  build_reports(dir.string());
  std::string html = testing::slurp(dir / "report.html");
  html.replace(html.rfind("</body>"), 7, "<script>undefinedFunction();</script></body>");
  std::ofstream(dir / "broken.html") << html;
  const std::string dom = headless(chromium, dir / "broken.html", dir / "profile");
  EXPECT_EQ(attr(dom, "data-script-errors"), "1") << dom.substr(0, 500);
  EXPECT_NE(attr(dom, "data-script-error").find("undefinedFunction"), std::string::npos);
}

}  // namespace
}  // namespace cachesim::reports
