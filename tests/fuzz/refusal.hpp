// The shared part of the fuzz properties (scenario_properties.hpp,
// history_properties.hpp): what a refusal must look like.
//
// Contract: bad_message() returns "" when `message` is one line starting
// with "LABEL:", else one line saying what is wrong with it.
#pragma once

#include <string>

namespace cachesim::fuzz {

// "" if `message` is a proper one-line InputError naming `label`.
inline std::string bad_message(const std::string& message, const std::string& label) {
  if (message.find('\n') != std::string::npos || message.find('\r') != std::string::npos)
    return "an InputError message spans more than one line: " + message;
  if (message.rfind(label + ":", 0) != 0) return "an InputError message does not start with \"" + label + ":\": " + message;
  return "";
}

}  // namespace cachesim::fuzz
