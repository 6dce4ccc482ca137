// Building the list-append index (txn_index.hpp): validation, key interning,
// appends sorted for lookup, and each key's longest read.
#include "sim/check/txn_index.hpp"

#include <algorithm>
#include <map>
#include <string_view>

#include "sim/core/input_error.hpp"

namespace cachesim::txn {
namespace {

std::uint64_t line_of(const Operation& op) {
  return op.completed && op.outcome == Outcome::kOk ? op.complete_line : op.invoke_line;
}

[[noreturn]] void bad(const std::string& source, const Operation& op, const std::string& what) {
  throw InputError(source + ":" + std::to_string(line_of(op)) + ": " + what);
}

bool scalar(const Value& v) { return v.is_int() || v.is_string(); }

void validate(const std::string& source, const Operation& op) {
  for (const MicroOp& m : op.txn) {
    if (m.f == "append") {
      if (!scalar(m.value))
        bad(source, op, "expected an append of an integer or a string, found " + micro_op_json(m));
    } else if (m.f == "r") {
      if (op.outcome != Outcome::kOk || m.value.is_null()) continue;
      if (!m.value.is_list())
        bad(source, op, "expected an ok read to be a list ([] when empty), found " + micro_op_json(m));
      for (const Value& e : m.value.as_list())
        if (!scalar(e))
          bad(source, op, "expected the elements of a read to be integers or strings, found " + micro_op_json(m));
    } else {
      bad(source, op, "expected list-append micro-ops (append, r), found " + micro_op_json(m));
    }
  }
}

}  // namespace

int compare_elements(const Value& a, const Value& b) {
  if (a.kind() != b.kind()) return a.kind() < b.kind() ? -1 : 1;
  if (a.is_int()) return a.as_int() < b.as_int() ? -1 : a.as_int() > b.as_int() ? 1 : 0;
  return a.as_string().compare(b.as_string()) < 0 ? -1 : a.as_string() == b.as_string() ? 0 : 1;
}

const std::vector<Value>& Index::order(std::uint32_t key) const {
  const std::uint32_t r = keys[key].longest;
  return r == kNone ? kNoElements : *reads[r].list;
}

std::uint32_t Index::find_append(std::uint32_t key, const Value& v) const {
  const std::vector<std::uint32_t>& a = keys[key].appends;
  auto it = std::lower_bound(a.begin(), a.end(), v, [&](std::uint32_t id, const Value& x) {
    return compare_elements(element(appends[id]), x) < 0;
  });
  if (it == a.end() || compare_elements(element(appends[*it]), v) != 0) return kNone;
  return *it;
}

std::size_t Index::bytes() const {
  std::size_t b = txns.capacity() * sizeof(TxnNode) + txn_of_op.capacity() * 4 + mop_key.capacity() * 4 +
                  appends.capacity() * sizeof(Append) + reads.capacity() * sizeof(Read);
  for (const Key& k : keys)
    b += sizeof(Key) + k.name.capacity() + (k.appends.capacity() + k.reads.capacity() + k.writer.capacity()) * 4;
  return b;
}

Index build_index(const std::vector<Operation>& ops, const std::string& source) {
  Index ix;
  ix.ops = &ops;
  ix.txn_of_op.assign(ops.size(), kNone);

  // Keys, numbered in byte order of their names.
  std::map<std::string_view, std::uint32_t> key_ids;
  for (const Operation& op : ops) {
    if (op.f != OpFunction::kTxn) {
      ++ix.non_txn_ops;
      continue;
    }
    validate(source, op);
    for (const MicroOp& m : op.txn) key_ids.emplace(m.key, 0);
  }
  ix.keys.resize(key_ids.size());
  {
    std::uint32_t next = 0;
    for (auto& [name, id] : key_ids) {
      id = next;
      ix.keys[next++].name = std::string(name);
    }
  }

  // Per-key stamps of the txn that last touched it, so that "first read",
  // "first append" and "final append" cost O(1) per micro-op.
  std::vector<std::uint32_t> read_stamp(ix.keys.size(), kNone), append_stamp(ix.keys.size(), kNone),
      final_stamp(ix.keys.size(), kNone);
  for (std::size_t i = 0; i < ops.size(); ++i) {
    const Operation& op = ops[i];
    if (op.f != OpFunction::kTxn) continue;
    const auto t = static_cast<std::uint32_t>(ix.txns.size());
    ix.txn_of_op[i] = t;
    TxnNode node;
    node.op = static_cast<std::uint32_t>(i);
    node.outcome = op.completed ? op.outcome : Outcome::kInfo;
    node.first_mop = static_cast<std::uint32_t>(ix.mop_key.size());
    node.first_append = static_cast<std::uint32_t>(ix.appends.size());
    node.first_read = static_cast<std::uint32_t>(ix.reads.size());
    ix.txns.push_back(node);
    const std::size_t first_append = ix.appends.size();
    for (std::size_t j = 0; j < op.txn.size(); ++j) {
      const MicroOp& m = op.txn[j];
      const std::uint32_t key = key_ids.find(m.key)->second;
      ix.mop_key.push_back(key);
      if (m.f == "append") {
        Append a;
        a.txn = t;
        a.mop = static_cast<std::uint32_t>(j);
        a.key = key;
        a.first = append_stamp[key] != t;
        append_stamp[key] = t;
        ix.keys[key].appends.push_back(static_cast<std::uint32_t>(ix.appends.size()));
        ix.appends.push_back(a);
      } else if (node.outcome == Outcome::kOk) {
        Read r;
        r.txn = t;
        r.mop = static_cast<std::uint32_t>(j);
        r.key = key;
        r.external = read_stamp[key] != t && append_stamp[key] != t;
        read_stamp[key] = t;
        r.list = m.value.is_list() ? &m.value.as_list() : &kNoElements;
        const auto id = static_cast<std::uint32_t>(ix.reads.size());
        Key& k = ix.keys[key];
        k.reads.push_back(id);
        if (k.longest == kNone || r.list->size() > ix.reads[k.longest].list->size()) k.longest = id;
        ix.reads.push_back(r);
      }
    }
    for (std::size_t a = ix.appends.size(); a-- > first_append;) {
      Append& ap = ix.appends[a];
      ap.final = final_stamp[ap.key] != t;
      final_stamp[ap.key] = t;
    }
  }

  // Appends sorted by element for lookup; a value appended twice to one key
  // would make every inference about it ambiguous.
  for (Key& k : ix.keys) {
    std::stable_sort(k.appends.begin(), k.appends.end(), [&](std::uint32_t a, std::uint32_t b) {
      return compare_elements(ix.element(ix.appends[a]), ix.element(ix.appends[b])) < 0;
    });
    for (std::size_t i = 1; i < k.appends.size(); ++i) {
      const Append& prev = ix.appends[k.appends[i - 1]];
      const Append& cur = ix.appends[k.appends[i]];
      if (compare_elements(ix.element(prev), ix.element(cur)) != 0) continue;
      std::string key;
      append_json_string(key, k.name);
      bad(source, ix.op(cur.txn),
          "expected each value to be appended to a key at most once (list-append), found " +
              ix.element(cur).to_json() + " appended to " + key + " again (first on line " +
              std::to_string(ix.op(prev.txn).invoke_line) + ")");
    }
  }
  return ix;
}

}  // namespace cachesim::txn
