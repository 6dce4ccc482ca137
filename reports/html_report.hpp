// report.html: one self-contained page (no network: styles, script and
// charts inline; charts are SVG) describing a run: its figures, every
// check's verdict, latency over time with fault windows, latency
// percentiles, throughput, messages by type, per-node load from the ring,
// and, for a failed check, the picture of its witness.
//
// Contract: a pure function of its inputs (no clock, no environment), so
// rebuilding from the same run directory gives the same bytes. Data that a
// run did not produce is named and marked "not in this run". The page's
// script records any script error in the <html> attribute
// data-script-errors (a count) and data-script-error (the last message), and
// sets data-rendered="yes" with counts of what rendered (data-charts,
// data-marks), so a headless browser test can check it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reports/run_stats.hpp"

namespace cachesim::reports {

struct ReportFiles {
  // Other files of the run directory to link to (written beside report.html).
  std::vector<std::string> names;
};

std::string html_report(const nlohmann::json& summary, const RunStats& st, const ReportFiles& files);

}  // namespace cachesim::reports
