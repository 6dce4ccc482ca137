#include "reports/ring_dot.hpp"

#include <algorithm>
#include <vector>

#include "reports/dot_text.hpp"
#include "reports/svg.hpp"

namespace cachesim::reports {

namespace {

std::string name_of(const nlohmann::json& ref, const std::vector<std::string>& names) {
  if (ref.is_string()) return ref.get<std::string>();
  if (ref.is_number_unsigned() && ref.get<std::size_t>() < names.size()) return names[ref.get<std::size_t>()];
  return ref.dump();
}

}  // namespace

std::string ring_dot(const nlohmann::json& ring) {
  if (!ring.is_object()) return "";
  std::vector<std::string> names;
  if (ring.contains("nodes") && ring["nodes"].is_array())
    for (const auto& n : ring["nodes"]) names.push_back(n.is_string() ? n.get<std::string>() : n.dump());
  auto load = [&](const char* key, std::size_t i) -> std::string {
    if (!ring.contains(key) || !ring[key].is_array() || i >= ring[key].size()) return "";
    return ring[key][i].dump();
  };
  const std::size_t loads = std::max(ring.value("keys_per_node", nlohmann::json::array()).size(),
                                     ring.value("ops_per_node", nlohmann::json::array()).size());
  for (std::size_t i = names.size(); i < loads; ++i) names.push_back("n" + std::to_string(i + 1));
  struct Arc {
    std::uint64_t token;
    std::string owner;
  };
  std::vector<Arc> arcs;
  std::size_t total = 0;
  if (ring.contains("points") && ring["points"].is_array()) {
    for (const auto& p : ring["points"]) {
      Arc a{0, ""};
      if (p.is_array() && p.size() >= 2 && p[0].is_number_unsigned()) {
        a = Arc{p[0].get<std::uint64_t>(), name_of(p[1], names)};
      } else if (p.is_object() && p.contains("token") && p["token"].is_number_unsigned() && p.contains("node")) {
        a = Arc{p["token"].get<std::uint64_t>(), name_of(p["node"], names)};
      } else {
        continue;
      }
      ++total;
      if (arcs.size() < kMaxRingPoints) arcs.push_back(a);
    }
  }
  if (names.empty() && arcs.empty()) return "";
  std::stable_sort(arcs.begin(), arcs.end(), [](const Arc& a, const Arc& b) { return a.token < b.token; });
  std::string s = "// The consistent-hashing ring. Render: dot -Kcirco -Tsvg ring.dot > ring.svg\n"
                  "graph ring {\n  layout=circo;\n  fontname=\"Helvetica\";\n  node [fontname=\"Helvetica\", fontsize=9];\n";
  std::string label = "Ring: " + std::to_string(names.size()) + " servers, " + std::to_string(total) + " virtual nodes";
  if (total > arcs.size()) label += " (first " + std::to_string(arcs.size()) + " by token drawn)";
  s += "  label=" + dot_quote(label) + ";\n  labelloc=t;\n";
  for (std::size_t i = 0; i < names.size(); ++i) {
    std::string l = names[i];
    const std::string k = load("keys_per_node", i), o = load("ops_per_node", i);
    if (!k.empty()) l += "\\nkeys " + k;
    if (!o.empty()) l += "\\nops " + o;
    s += "  " + dot_quote("server " + names[i]) + " [shape=box, style=filled, fillcolor=\"" + series_colour(i) +
         "\", fontcolor=white, label=\"" + l + "\"];\n";
  }
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    const auto owner = std::find(names.begin(), names.end(), arcs[i].owner) - names.begin();
    char tok[24];
    std::snprintf(tok, sizeof tok, "%016llx", static_cast<unsigned long long>(arcs[i].token));
    s += "  v" + std::to_string(i) + " [shape=circle, width=0.2, style=filled, fillcolor=\"" +
         series_colour(static_cast<std::size_t>(owner)) + "\", label=\"\", tooltip=" + dot_quote(arcs[i].owner + " @" + tok) +
         "];\n";
  }
  // The circle itself: each point to the next, wrapping.
  for (std::size_t i = 0; i < arcs.size(); ++i)
    s += "  v" + std::to_string(i) + " -- v" + std::to_string((i + 1) % arcs.size()) + " [color=\"#999999\"];\n";
  return s + "}\n";
}

}  // namespace cachesim::reports
