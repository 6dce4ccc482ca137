// Writes the generated seed corpus of the history fuzz target into DIR:
// small histories from sim/check/history_gen (every operation kind, with and
// without times, string and integer values, timeouts, injected violations)
// and a few txn histories, which the generators do not make. Small, so the
// fuzzer mutates them quickly; deterministic, so the corpus is the same on
// every machine.
//
//   history_corpus DIR
#include <cstdio>
#include <fstream>
#include <string>

#include "sim/check/history_gen.hpp"

namespace {

void save(const std::string& dir, const std::string& name, const std::string& text) {
  std::ofstream(dir + "/" + name, std::ios::binary) << text;
}

std::string jsonl(const cachesim::History& h) { return cachesim::history_text(h); }

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: history_corpus DIR\n");
    return 2;
  }
  const std::string dir = argv[1];
  using namespace cachesim;
  int n = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    for (const Violation v : {Violation::kNone, Violation::kStaleRead, Violation::kPhantomRead}) {
      RegisterWorkload w;
      w.seed = seed;
      w.clients = 3;
      w.keys = 2;
      w.ops = 12;
      w.string_values = seed % 2 == 0;
      w.with_time = seed != 3;
      w.timeout = seed == 4 ? Probability::from_fraction(0.3) : Probability::never();
      w.violation = v;
      save(dir, "register-" + std::to_string(n++) + ".jsonl", jsonl(generate_register_history(w).history));
    }
    FuzzWorkload f;
    f.seed = seed;
    save(dir, "fuzz-" + std::to_string(n++) + ".jsonl", jsonl(generate_fuzz_history(f)));
  }
  save(dir, "txn.jsonl",
       R"({"process":0,"type":"invoke","f":"txn","value":[["append","k",7],["r","k",null]],"time":10})"
       "\n"
       R"({"process":0,"type":"ok","f":"txn","value":[["append","k",7],["r","k",[7]]],"time":20})"
       "\n"
       R"({"process":1,"type":"invoke","f":"txn","value":[["w","x",1]],"time":30})"
       "\n"
       R"({"process":1,"type":"info","f":"txn","value":null,"time":40,"error":"timeout"})"
       "\n");
  save(dir, "extras.jsonl",
       R"({"index":0,"process":0,"type":"invoke","f":"cas","key":"k\u00e9","value":["a\n",2]})"
       "\n\n"
       R"({"process":0,"type":"fail","f":"cas","key":"k\u00e9","value":["a\n",2],"error":{"why":"no leader"}})"
       "\n");
  return 0;
}
