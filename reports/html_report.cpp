#include "reports/html_report.hpp"

#include "reports/charts.hpp"
#include "reports/svg.hpp"
#include "reports/witness_views.hpp"

namespace cachesim::reports {

namespace {

constexpr const char* kStyle = R"(
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1000px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}h3{font-size:14px}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}
th{background:#f4f4f4}.pass,.ok{color:#087f5b;font-weight:bold}.fail,.illegal{color:#c92a2a;font-weight:bold}
.unknown,.info{color:#d9480f;font-weight:bold}.skipped{color:#888}
svg.chart{display:block;margin:8px 0;font-size:10px}svg text.tick{fill:#555}svg text.note{fill:#a61e4d;font-size:10px}
svg text.fault-label{fill:#a00;font-size:9px}.absent{color:#888;font-style:italic}
pre{background:#f8f8f8;padding:8px;font-size:12px;overflow-x:auto}.figures td:first-child{color:#555}
g.mark:hover rect,g.mark:hover circle{stroke-width:3}
)";

// Records script errors where a headless browser's DOM dump shows them.
constexpr const char* kHeadScript = R"(
document.documentElement.setAttribute('data-script-errors','0');
window.onerror=function(msg){var h=document.documentElement;
h.setAttribute('data-script-errors',String(Number(h.getAttribute('data-script-errors')||0)+1));
h.setAttribute('data-script-error',String(msg));};
)";

// Counts what rendered and adds tooltips for scatter points (by series name).
constexpr const char* kBodyScript = R"(
(function(){var h=document.documentElement;
var charts=document.querySelectorAll('svg.chart');var marks=0;
charts.forEach(function(c){var b=c.getBBox?c.getBBox():null;marks+=c.querySelectorAll('.mark').length;
if(b&&b.width>0)c.setAttribute('data-laid-out','yes');});
h.setAttribute('data-charts',String(charts.length));h.setAttribute('data-marks',String(marks));
document.querySelectorAll('tr.check').forEach(function(r){r.addEventListener('click',function(){
var d=r.nextElementSibling;if(d&&d.classList.contains('details'))d.hidden=!d.hidden;});});
h.setAttribute('data-rendered','yes');})();
)";

std::string s_or(const nlohmann::json& j, const char* k, const std::string& dflt = "") {
  if (!j.is_object() || !j.contains(k)) return dflt;
  return j[k].is_string() ? j[k].get<std::string>() : j[k].dump();
}

std::string figures(const nlohmann::json& sm, const RunStats& st) {
  std::string s = "<table class=\"figures\">\n";
  auto row = [&](const std::string& k, const std::string& v) {
    s += "<tr><td>" + esc(k) + "</td><td>" + esc(v) + "</td></tr>\n";
  };
  row("scenario", s_or(sm, "scenario") + (sm.contains("file") ? " (" + s_or(sm, "file") + ")" : ""));
  row("seed", s_or(sm, "seed"));
  row("simulated time", seconds_label(sm.value("sim_time_ns", std::int64_t{0})));
  row("events", s_or(sm, "events", "?") + " engine events, " + std::to_string(st.trace_lines) + " trace lines");
  if (sm.contains("messages") && sm["messages"].is_object()) {
    const auto& m = sm["messages"];
    row("messages", "sent " + s_or(m, "sent") + ", delivered " + s_or(m, "delivered") + ", dropped " + s_or(m, "dropped") +
                        ", duplicated " + s_or(m, "duplicated"));
  }
  if (sm.contains("operations") && sm["operations"].is_object()) {
    const auto& o = sm["operations"];
    row("operations", s_or(o, "total") + " (ok " + s_or(o, "ok") + ", fail " + s_or(o, "fail") + ", info " +
                          s_or(o, "info") + ")");
  }
  row("faults", s_or(sm, "faults_injected", "?") + " injected" +
                    (sm.contains("quiet_start_ns") && sm["quiet_start_ns"].is_number_integer()
                         ? ", quiet from " + seconds_label(sm["quiet_start_ns"].get<std::int64_t>())
                         : ""));
  row("trace hash", s_or(sm, "trace_hash", "?"));
  std::string verdict = s_or(sm, "verdict", "?");
  if (!s_or(sm, "failed_check").empty()) verdict += " (" + s_or(sm, "failed_check") + ")";
  s += "<tr><td>verdict</td><td class=\"" + esc(s_or(sm, "verdict")) + "\">" + esc(verdict) + "</td></tr>\n";
  if (sm.contains("as_expected"))
    row("expected", s_or(sm, "expected") + (sm["as_expected"] == true ? ": as expected" : ": NOT as expected"));
  return s + "</table>\n";
}

std::string checks_table(const nlohmann::json& sm) {
  std::string s = "<table class=\"checks\"><thead><tr><th>check</th><th>verdict</th><th>summary</th></tr></thead><tbody>\n";
  for (const auto& c : sm["checks"]) {
    const std::string v = s_or(c, "verdict");
    s += "<tr class=\"check\"><td>" + esc(s_or(c, "name")) + "</td><td class=\"" + esc(v) + "\">" + esc(v) +
         "</td><td>" + esc(s_or(c, "summary")) + "</td></tr>\n";
    const std::string d = s_or(c, "details");
    if (!d.empty()) s += "<tr class=\"details\"><td colspan=\"3\"><pre>" + esc(d) + "</pre></td></tr>\n";
  }
  return s + "</tbody></table>\n";
}

std::string faults_list(const RunStats& st) {
  if (st.faults.empty()) return "<p class=\"absent\">No faults in this run.</p>\n";
  std::string s = "<table class=\"faults\"><thead><tr><th>fault</th><th>from</th><th>to</th></tr></thead><tbody>\n";
  for (const FaultWindow& f : st.faults)
    s += "<tr><td>" + esc(f.label) + "</td><td>" + esc(seconds_label(f.start)) + "</td><td>" +
         (f.instant ? "(instant)" : esc(seconds_label(f.end))) + "</td></tr>\n";
  s += "</tbody></table>\n";
  if (st.faults_omitted)
    s += "<p class=\"note\">" + std::to_string(st.faults_omitted) + " more fault events not listed (first " +
         std::to_string(RunStats::kMaxFaultWindows) + " shown).</p>\n";
  return s;
}

}  // namespace

std::string html_report(const nlohmann::json& sm, const RunStats& st, const ReportFiles& files) {
  const std::string title = "cachesim: " + s_or(sm, "scenario") + ", seed " + s_or(sm, "seed");
  std::string h = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" + esc(title) +
                  "</title>\n<style>" + kStyle + "</style>\n<script>" + kHeadScript + "</script>\n</head>\n<body>\n";
  h += "<h1>" + esc(title) + "</h1>\n" + figures(sm, st);
  h += "<h2 id=\"checks\">Checks</h2>\n" + checks_table(sm);

  const auto lin = lin_witness_keys(sm);
  const auto txn = txn_anomalies(sm);
  if (!lin.empty()) {
    h += "<h2 id=\"linearizability\">Why the history is not linearizable</h2>\n";
    for (const auto& k : lin) h += lin_timeline_svg(k);
  }
  if (!txn.empty()) {
    h += "<h2 id=\"transactions\">Transaction anomalies</h2>\n";
    for (std::size_t i = 0; i < txn.size(); ++i) h += txn_cycle_svg(txn[i], i);
  }

  h += "<h2 id=\"latency\">Latency over time</h2>\n<p>Every operation's latency at its completion, by kind and "
       "outcome; shaded: faults in effect; dashed: instant faults (clock jumps, network changes).</p>\n";
  h += latency_scatter_svg(st);
  h += "<h2 id=\"percentiles\">Latency percentiles</h2>\n" + percentile_table_html(st);
  if (st.untimed_ops)
    h += "<p class=\"note\">" + std::to_string(st.untimed_ops) +
         " operations never completed or carry no times; they are not in the latency figures.</p>\n";
  h += "<h2 id=\"throughput\">Throughput</h2>\n" + throughput_svg(st);
  h += "<h2 id=\"messages\">Messages by type</h2>\n" + messages_svg(st);
  h += "<h2 id=\"ring\">Per-node load (ring)</h2>\n";
  const std::string ring = ring_load_svg(sm.contains("ring") ? sm["ring"] : nlohmann::json());
  h += ring.empty() ? "<p class=\"absent\">Ring load: not in this run.</p>\n" : ring;
  if (lin.empty() && txn.empty()) {
    bool txn_check = false;
    for (const auto& c : sm["checks"]) txn_check |= s_or(c, "name").find("trans") != std::string::npos;
    if (!txn_check) h += "<p class=\"absent\">Transaction check: not in this run.</p>\n";
  }
  h += "<h2 id=\"faults\">Faults</h2>\n" + faults_list(st);
  if (!files.names.empty()) {
    h += "<h2 id=\"files\">Files</h2>\n<ul>\n";
    for (const std::string& f : files.names) h += "<li><a href=\"" + esc(f) + "\">" + esc(f) + "</a></li>\n";
    h += "</ul>\n<p>Open trace.perfetto.json in ui.perfetto.dev or chrome://tracing; render the .dot files with "
         "<code>scripts/render DIR</code>.</p>\n";
  }
  h += "<script>" + std::string(kBodyScript) + "</script>\n</body>\n</html>\n";
  return h;
}

}  // namespace cachesim::reports
