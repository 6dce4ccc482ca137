#include "reports/lamport_dot.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <map>
#include <set>
#include <vector>

#include "reports/dot_text.hpp"
#include "reports/svg.hpp"

namespace cachesim::reports {

namespace {

struct Ev {
  std::int64_t t;
  std::string ev, from, to, node, msg, what;
  std::uint64_t id;
};

// n2 < n10; c1 after the n's is not needed: plain natural order.
bool natural_less(const std::string& a, const std::string& b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (std::isdigit(static_cast<unsigned char>(a[i])) && std::isdigit(static_cast<unsigned char>(b[j]))) {
      std::size_t i2 = i, j2 = j;
      while (i2 < a.size() && std::isdigit(static_cast<unsigned char>(a[i2]))) ++i2;
      while (j2 < b.size() && std::isdigit(static_cast<unsigned char>(b[j2]))) ++j2;
      const std::string na = a.substr(i, i2 - i), nb = b.substr(j, j2 - j);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = i2;
      j = j2;
      continue;
    }
    if (a[i] != b[j]) return a[i] < b[j];
    ++i;
    ++j;
  }
  return a.size() - i < b.size() - j;
}

}  // namespace

std::string lamport_dot(const RunDir& run, const LamportWindow& w) {
  std::deque<Ev> kept;
  std::uint64_t in_window = 0;
  for_each_trace_line(run, [&](const TraceLine& e) {
    if (e.t < w.from) return true;
    if (e.t > w.to) return false;  // times never decrease: nothing later can be in the window
    if (e.ev == "log" || e.ev == "mark" || e.ev == "note") return true;
    ++in_window;
    if (kept.size() >= w.max_events) {
      if (!w.keep_last) return true;  // keep counting what is left out
      kept.pop_front();
    }
    kept.push_back(Ev{e.t, e.ev, e.from, e.to, e.node, e.msg, e.ev == "drop" ? e.reason : e.text, e.id});
    return true;
  });

  std::vector<std::string> lanes;
  std::set<std::int64_t> times;
  for (const Ev& e : kept) {
    times.insert(e.t);
    for (const std::string* n : {&e.from, &e.to, &e.node})
      if (!n->empty() && std::find(lanes.begin(), lanes.end(), *n) == lanes.end()) lanes.push_back(*n);
  }
  std::sort(lanes.begin(), lanes.end(), natural_less);
  const std::vector<std::int64_t> rows(times.begin(), times.end());
  auto row = [&](std::int64_t t) { return std::lower_bound(rows.begin(), rows.end(), t) - rows.begin(); };
  auto lane = [&](const std::string& n) { return std::find(lanes.begin(), lanes.end(), n) - lanes.begin(); };
  auto point = [&](const std::string& n, std::int64_t t) {
    return "p" + std::to_string(lane(n)) + "_" + std::to_string(row(t));
  };

  // What happens at each point, to label it; and the arrows.
  std::map<std::string, std::vector<std::string>> boxes;  // point -> crash/restart/...
  std::set<std::string> used;                             // points with an event
  std::vector<std::string> arrows, axis_notes(rows.size());
  std::map<std::uint64_t, std::string> sends;  // message id -> its send point (kept sends only)
  std::map<std::string, std::string> notes;    // point -> dangling-arrow note
  for (const Ev& e : kept) {
    if (e.ev == "send") {
      const std::string p = point(e.from, e.t);
      sends[e.id] = p;
      used.insert(p);
    } else if (e.ev == "deliver" || e.ev == "drop") {
      const bool at_send = e.ev == "drop" && e.what != "down";
      const std::string p = point(at_send ? e.from : e.to, e.t);
      used.insert(p);
      auto it = sends.find(e.id);
      if (at_send) {
        // Lost on the way: a red arrow to the receiver's lane, ending in a bar.
        const std::string target = point(e.to, e.t);
        used.insert(target);
        arrows.push_back("  " + p + " -> " + target + " [color=\"#cc0000\", style=dashed, arrowhead=tee, label=" +
                         dot_quote(e.msg + " \u2717 " + e.what) + "];");
      } else if (it != sends.end()) {
        const bool ok = e.ev == "deliver";
        arrows.push_back("  " + it->second + " -> " + p + " [label=" + dot_quote(e.msg + (ok ? "" : " \u2717 down")) +
                         (ok ? "" : ", color=\"#cc0000\", arrowhead=tee") + "];");
      } else {
        notes[p] += (notes[p].empty() ? "" : "\n") + e.msg + " from " + e.from + (e.ev == "drop" ? " (dropped: down)" : "");
      }
    } else if (e.ev == "duplicate") {
      // The copy's delivery draws its own arrow from the same send.
    } else if (e.ev == "timer") {
      used.insert(point(e.node, e.t));
    } else if (e.node.empty()) {
      axis_notes[static_cast<std::size_t>(row(e.t))] += " " + e.ev + (e.what.empty() ? "" : ": " + e.what);
    } else {
      const std::string p = point(e.node, e.t);
      used.insert(p);
      boxes[p].push_back(e.ev + (e.what.empty() ? "" : " " + e.what));
    }
  }
  // Sends whose delivery falls past the window (or past what was kept).
  std::set<std::uint64_t> arrived;
  for (const Ev& e : kept)
    if (e.ev == "deliver" || e.ev == "drop") arrived.insert(e.id);
  for (const Ev& e : kept)
    if (e.ev == "send" && !arrived.count(e.id)) {
      const std::string p = point(e.from, e.t);
      notes[p] += (notes[p].empty() ? "" : "\n") + e.msg + " \u2192 " + e.to + " (arrives later)";
    }

  std::string title = "Message sequence, " + seconds_label(w.from) + " to " + seconds_label(w.to);
  if (!w.why.empty()) title += " (" + w.why + ")";
  title += "\n" + std::to_string(kept.size()) + " of the window's " + std::to_string(in_window) + " events shown";
  if (kept.size() < in_window) title += w.keep_last ? " (the last ones)" : " (the first ones)";
  std::string s = "// Lamport diagram of a window of trace.jsonl. Render: dot -Tsvg lamport.dot > lamport.svg\n"
                  "digraph lamport {\n  label=" + dot_quote(title) +
                  ";\n  labelloc=t;\n  fontname=\"Helvetica\";\n  newrank=true;\n  ranksep=0.25;\n  nodesep=1.2;\n"
                  "  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9, color=\"#1f5fa8\", constraint=false];\n";
  if (kept.empty()) return s + "  empty [shape=plaintext, label=\"no events in this window\"];\n}\n";
  // Lane heads and the time axis.
  s += "  time [shape=plaintext, label=\"time\"];\n";
  for (std::size_t l = 0; l < lanes.size(); ++l)
    s += "  h" + std::to_string(l) + " [shape=box, style=filled, fillcolor=\"#eeeeee\", label=" + dot_quote(lanes[l]) + "];\n";
  s += "  { rank=same; time;";
  for (std::size_t l = 0; l < lanes.size(); ++l) s += " h" + std::to_string(l) + ";";
  s += " }\n";
  // Invisible edges inside the head rank fix the lanes' left-to-right order
  // (dot would otherwise reorder them to reduce crossings).
  s += "  time";
  for (std::size_t l = 0; l < lanes.size(); ++l) s += " -> h" + std::to_string(l);
  s += " [style=invis, constraint=true];\n";
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::string axis = "t" + std::to_string(r);
    const bool noted = !axis_notes[r].empty();
    s += "  " + axis + " [shape=plaintext, fontsize=9, label=" + dot_quote(seconds_label(rows[r]) + axis_notes[r]) +
         (noted ? ", fontcolor=\"#cc0000\"" : "") + "];\n";
    std::string same = "  { rank=same; " + axis + ";";
    for (std::size_t l = 0; l < lanes.size(); ++l) {
      const std::string p = "p" + std::to_string(l) + "_" + std::to_string(r);
      same += " " + p + ";";
      auto b = boxes.find(p);
      auto n = notes.find(p);
      if (b != boxes.end()) {
        std::string label;
        for (const std::string& x : b->second) label += (label.empty() ? "" : "\n") + x;
        s += "  " + p + " [shape=box, style=filled, fillcolor=\"#ffdddd\", color=\"#cc0000\", label=" + dot_quote(label) + "];\n";
      } else if (used.count(p)) {
        s += "  " + p + " [shape=point, width=0.08" + (n != notes.end() ? ", xlabel=" + dot_quote(n->second) : "") + "];\n";
      } else {
        s += "  " + p + " [shape=point, width=0.01, style=invis];\n";
      }
    }
    s += same + " }\n";
  }
  // Lanes: a chain per endpoint keeps it vertical; the axis likewise.
  for (std::size_t l = 0; l <= lanes.size(); ++l) {
    const bool axis = l == lanes.size();
    std::string prev = axis ? "time" : "h" + std::to_string(l);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      const std::string cur = axis ? "t" + std::to_string(r) : "p" + std::to_string(l) + "_" + std::to_string(r);
      s += "  " + prev + " -> " + cur + (axis ? " [style=invis, constraint=true, weight=100];\n"
                                             : " [arrowhead=none, color=\"#999999\", constraint=true, weight=100];\n");
      prev = cur;
    }
  }
  for (const std::string& a : arrows) s += a + "\n";
  return s + "}\n";
}

}  // namespace cachesim::reports
