// `cachesim report DIR`: rebuilds report.html, trace.perfetto.json and the
// .dot diagrams of a run directory from its files alone (reports/).
#include <iostream>

#include "reports/build_reports.hpp"
#include "sim/cli/commands.hpp"

namespace cachesim::cli {

int report_command(const ReportArgs& a) {
  reports::ReportOptions opts;
  if (a.window) reports::parse_window(*a.window, opts);
  opts.window_max_events = a.max_events;
  for (const std::string& f : reports::build_reports(a.dir, opts)) std::cout << a.dir << "/" << f << "\n";
  return 0;
}

}  // namespace cachesim::cli
