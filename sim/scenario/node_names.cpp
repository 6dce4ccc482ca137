#include "sim/scenario/node_names.hpp"

#include <optional>
#include <string_view>

namespace cachesim {

namespace {

// The number k of "<prefix>k" if 1 <= k <= count.
std::optional<std::uint32_t> numbered(std::string_view name, char prefix, std::uint32_t count) {
  if (name.size() < 2 || name.size() > 11 || name[0] != prefix || name[1] == '0') return std::nullopt;
  std::uint64_t k = 0;
  for (char c : name.substr(1)) {
    if (c < '0' || c > '9') return std::nullopt;
    k = k * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (k > count) return std::nullopt;
  return static_cast<std::uint32_t>(k);
}

std::string range(char prefix, std::uint32_t count) {
  return std::string(1, prefix) + "1.." + prefix + std::to_string(count);
}

}  // namespace

std::string NodeNames::name(NodeId id) const {
  if (id < servers) return "n" + std::to_string(id + 1);
  if (id < servers + clients) return "c" + std::to_string(id - servers + 1);
  return "t" + std::to_string(id - servers - clients + 1);
}

std::optional<NodeId> NodeNames::server(std::string_view name) const {
  if (auto k = numbered(name, 'n', servers)) return *k - 1;
  return std::nullopt;
}

std::string NodeNames::server_range() const { return range('n', servers); }

NodeId NodeNames::read_server(const JsonReader& r) const {
  if (r.json().is_string()) return server_from_key(r, r.json().get_ref<const std::string&>());
  r.fail("a server name " + range('n', servers));
}

NodeId NodeNames::server_from_key(const JsonReader& at, const std::string& key) const {
  if (auto k = numbered(key, 'n', servers)) return *k - 1;
  at.fail("a server name " + range('n', servers), render_found_string(key));
}

NodeId NodeNames::read_endpoint(const JsonReader& r) const {
  if (r.json().is_string()) {
    const std::string& s = r.json().get_ref<const std::string&>();
    if (auto k = numbered(s, 'n', servers)) return *k - 1;
    if (auto k = numbered(s, 'c', clients)) return servers + *k - 1;
    if (auto k = numbered(s, 't', txn_clients)) return servers + clients + *k - 1;
  }
  std::string names = range('n', servers);
  if (clients > 0) names += (txn_clients > 0 ? ", " : " or ") + range('c', clients);
  if (txn_clients > 0) names += " or " + range('t', txn_clients);
  r.fail("a node name " + names);
}

}  // namespace cachesim
