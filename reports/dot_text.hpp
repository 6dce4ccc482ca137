// Graphviz DOT text shared by the .dot writers (lamport.dot, ring.dot,
// txn-cycle.dot).
#pragma once

#include <string>
#include <string_view>

namespace cachesim::reports {

// A DOT double-quoted string: quotes and backslashes escaped, a newline
// written as \n (a line break in a label).
std::string dot_quote(std::string_view s);

}  // namespace cachesim::reports
