#include "sim/cli/output_file.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "sim/core/input_error.hpp"

namespace cachesim::cli {

OutputFile::OutputFile(std::string path) : path_(std::move(path)) {
  // The temporary name could be created beside a directory, and the rename
  // would fail only after the whole run: refuse it now.
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
    throw InputError(path_ + ": cannot write: " + std::strerror(EISDIR));
  tmp_ = path_ + ".tmp." + std::to_string(::getpid());
  file_ = std::fopen(tmp_.c_str(), "wb");
  if (!file_) throw InputError(path_ + ": cannot write: " + std::strerror(errno));
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
}

OutputFile::~OutputFile() {
  if (file_) std::fclose(file_);
  if (!committed_) std::remove(tmp_.c_str());
}

void OutputFile::commit() {
  const bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (!ok || !closed) throw InputError(path_ + ": cannot write: " + std::strerror(errno));
  if (std::rename(tmp_.c_str(), path_.c_str()) != 0) throw InputError(path_ + ": cannot write: " + std::strerror(errno));
  committed_ = true;
}

}  // namespace cachesim::cli
