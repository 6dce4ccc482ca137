// An output file that appears only when complete: written under a temporary
// name beside the target and renamed into place by commit(). If the program
// stops before commit() (bad input, a crash), the temporary is removed and
// no partial file is left under the real name.
#pragma once

#include <cstdio>
#include <string>

namespace cachesim::cli {

class OutputFile {
 public:
  // Throws InputError ("PATH: cannot write: REASON") if it cannot be created.
  explicit OutputFile(std::string path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::FILE* get() { return file_; }
  const std::string& path() const { return path_; }
  // Flushes, closes and renames into place. Throws InputError on failure.
  void commit();

 private:
  std::string path_, tmp_;
  std::FILE* file_ = nullptr;
  bool committed_ = false;
};

}  // namespace cachesim::cli
