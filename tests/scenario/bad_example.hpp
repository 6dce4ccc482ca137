// A rejected example: tests/scenario/bad/NAME.json with NAME.error beside
// it. The .error file's first line is the exact message the loader must
// give when the file is loaded under its repository-relative path; an
// optional line "loader-only: WHY" says JSON Schema cannot express the
// rule, so the schema is expected to accept the file.
#pragma once

#include <string>
#include <vector>

#include "tests/scenario/test_files.hpp"

namespace cachesim::testing {

struct BadExample {
  std::string file;            // tests/scenario/bad/NAME.json
  std::string expected_error;  // the loader's exact message
  std::string loader_only;     // why the schema cannot refuse it; "" if it must
};

inline std::vector<BadExample> bad_examples() {
  std::vector<BadExample> out;
  for (const std::string& file : files_in("tests/scenario/bad")) {
    BadExample e;
    e.file = file;
    const std::string sidecar = read_source_file(file.substr(0, file.size() - 5) + ".error");
    std::size_t start = 0;
    for (int line = 0; start < sidecar.size(); ++line) {
      std::size_t end = sidecar.find('\n', start);
      if (end == std::string::npos) end = sidecar.size();
      const std::string text = sidecar.substr(start, end - start);
      if (line == 0) {
        e.expected_error = text;
      } else if (text.rfind("loader-only: ", 0) == 0) {
        e.loader_only = text.substr(13);
      }
      start = end + 1;
    }
    out.push_back(e);
  }
  return out;
}

}  // namespace cachesim::testing
