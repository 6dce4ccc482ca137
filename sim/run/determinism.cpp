#include "sim/run/determinism.hpp"

#include <cstdio>
#include <memory>

#include "sim/core/input_error.hpp"

namespace cachesim {

namespace {

struct FileCloser {
  void operator()(std::FILE* f) const { std::fclose(f); }
};
using TempFile = std::unique_ptr<std::FILE, FileCloser>;

bool read_line(std::FILE* f, std::string& out) {
  out.clear();
  int c;
  while ((c = std::fgetc(f)) != EOF && c != '\n') out.push_back(static_cast<char>(c));
  return c != EOF || !out.empty();
}

}  // namespace

DeterminismReport check_determinism(const Scenario& sc, const RunOptions& options, const SystemRegistry& systems) {
  TempFile a(std::tmpfile()), b(std::tmpfile());
  if (!a || !b) throw InputError("--check-determinism: cannot create temporary files");
  const std::vector<std::string> names = sc.endpoint_names();
  DeterminismReport rep;
  {
    JsonlTraceWriter w(a.get(), &names);
    RunOptions o = options;
    o.trace_sinks.push_back(&w);
    rep.first = run_scenario(sc, o, systems);
  }
  RunResult second;
  {
    JsonlTraceWriter w(b.get(), &names);
    RunOptions o = options;
    o.trace_sinks = {&w};
    o.history_stream = nullptr;
    o.keep_history = false;
    second = run_scenario(sc, o, systems);
  }
  rep.events = rep.first.trace_events;
  rep.hash_a = rep.first.trace_hash;
  rep.hash_b = second.trace_hash;
  std::rewind(a.get());
  std::rewind(b.get());
  std::string la, lb;
  for (std::uint64_t i = 0;; ++i) {
    const bool ha = read_line(a.get(), la), hb = read_line(b.get(), lb);
    if (!ha && !hb) break;
    if (ha != hb || la != lb) {
      rep.same = false;
      rep.first_difference = i;
      rep.line_a = ha ? la : "";
      rep.line_b = hb ? lb : "";
      return rep;
    }
  }
  rep.same = rep.hash_a == rep.hash_b;
  return rep;
}

}  // namespace cachesim
