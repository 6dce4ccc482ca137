// Bad input from a user: a scenario, a history, a run directory, a flag.
//
// The message is one complete line, ready to print: it names the file, the
// place in it (a JSON path such as /faults/3/at, or line:column), what was
// expected and what was found. The CLI prints it and exits with code 2.
#pragma once

#include <stdexcept>
#include <string>

namespace cachesim {

class InputError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace cachesim
