// The charts of report.html, each a self-contained inline <svg> (or an HTML
// table), drawn from RunStats and summary.json. Pure functions: same input,
// same bytes.
//
// Every chart carries a class naming it (latency-scatter, throughput,
// messages, ring-load) so a test can count what rendered; data marks carry
// class "mark". A chart downsampled past its point budget says so in a
// <text class="note">.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "reports/run_stats.hpp"

namespace cachesim::reports {

// Latency of every operation over time, by kind and outcome, fault windows shaded and labelled.
std::string latency_scatter_svg(const RunStats& st);
// p50, p90, p99, p99.9 and max per kind and outcome (an HTML table).
std::string percentile_table_html(const RunStats& st);
// Completed operations per second over time, by outcome.
std::string throughput_svg(const RunStats& st);
// Messages sent, delivered, dropped, duplicated by type.
std::string messages_svg(const RunStats& st);
// Per-node load from summary.json's "ring" (keys_per_node, ops_per_node), or "" when absent.
std::string ring_load_svg(const nlohmann::json& ring);

}  // namespace cachesim::reports
