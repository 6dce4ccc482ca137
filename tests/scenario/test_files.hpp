// Finding and reading the example files the scenario tests run over.
#pragma once

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sim/scenario/json_document.hpp"

namespace cachesim::testing {

inline std::string source_dir() { return CACHESIM_SOURCE_DIR; }

// Paths relative to the repository root ("tests/scenario/bad/x.json") of
// the files in `dir` (relative to the root) ending in `ext`, sorted.
inline std::vector<std::string> files_in(const std::string& dir, const std::string& ext = ".json") {
  std::vector<std::string> out;
  const std::filesystem::path root = source_dir();
  if (!std::filesystem::is_directory(root / dir)) return out;
  for (const auto& e : std::filesystem::directory_iterator(root / dir)) {
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(dir + "/" + e.path().filename().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Every scenario the loader must accept: tests/scenario/good/ and the
// shipped scenarios/ (not the schema).
inline std::vector<std::string> good_files() {
  std::vector<std::string> files = files_in("tests/scenario/good");
  for (const std::string& f : files_in("scenarios")) {
    if (!f.ends_with("/schema.json")) files.push_back(f);
  }
  return files;
}

// The content of a file given relative to the repository root.
inline std::string read_source_file(const std::string& rel) { return read_input_file(source_dir() + "/" + rel); }

}  // namespace cachesim::testing
