// The history of a run: what clients invoked and what they were told, in
// Jepsen's vocabulary (DESIGN.md, "Formats"), and its JSON Lines form.
//
// Contract:
// - parse_history() accepts exactly the JSON Lines that append_event_json()
//   writes (one object per line, blank lines skipped), plus histories from
//   elsewhere that follow the same format (extra fields ignored, "time"
//   absent on every line). Anything else throws InputError with one line
//   "FILE:LINE: expected ..., found ...". It also validates the pairing of
//   invokes and completions per process (see pair_operations()).
// - Event order in a history is real-time order. "time", when present, must
//   be present on every event and never decrease.
// - pair_operations() turns events into operations (an invoke joined with its
//   completion). An invoke with no completion by the end of the history is
//   an info operation (it may take effect at any time after its invoke, or
//   never).
// - The writer is hand-formatted (it runs inside the simulator, once per
//   client event) and deterministic: same event, same bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/core/json_text.hpp"  // append_json_string
#include "sim/core/time.hpp"

namespace cachesim {

// A value in a history: absent (JSON null), an integer or a string. Lists
// appear only inside operations (a cas's [expected, new], a txn's micro-ops,
// a txn read of a list-append key). Integers and strings never compare
// equal: 5 and "5" are different values.
//
// 16 bytes: a tag and an integer, or a pointer to an owned string or list.
// Values are most of a parsed history (a read of a list-append key holds one
// per element), and a checker's memory is bounded by them: at 72 bytes (an
// integer, a string and a vector side by side) a 35 MB history of long
// lists took 1 GB to load. Copies are deep; moves steal the pointer.
class Value {
 public:
  enum class Kind : std::uint8_t { kNull, kInt, kString, kList };

  Value() noexcept : int_(0) {}
  Value(const Value& other);
  Value(Value&& other) noexcept : int_(0) { take(other); }
  Value& operator=(const Value& other);
  Value& operator=(Value&& other) noexcept;
  ~Value() { release(); }

  static Value null() { return Value(); }
  static Value integer(std::int64_t v);
  static Value string(std::string v);
  static Value list(std::vector<Value> v);

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  bool is_int() const { return kind_ == Kind::kInt; }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_list() const { return kind_ == Kind::kList; }
  // Each as_ requires its kind (as_int of a non-integer is 0; the others
  // return an empty string or list).
  std::int64_t as_int() const { return kind_ == Kind::kInt ? int_ : 0; }
  const std::string& as_string() const;
  const std::vector<Value>& as_list() const;

  // Canonical JSON text, as the writer writes it.
  std::string to_json() const;
  void append_json(std::string& out) const;

  friend bool operator==(const Value& a, const Value& b);

 private:
  void release() noexcept;
  // Takes other's member (this must hold nothing); leaves other null.
  void take(Value& other) noexcept;

  Kind kind_ = Kind::kNull;
  union {
    std::int64_t int_;
    std::string* str_;         // kString: owned
    std::vector<Value>* list_;  // kList: owned
  };
};

enum class EventType : std::uint8_t { kInvoke, kOk, kFail, kInfo };
enum class OpFunction : std::uint8_t { kRead, kWrite, kDelete, kCas, kTxn };

std::string_view to_string(EventType t);
std::string_view to_string(OpFunction f);

// One micro-operation of a txn: ["append","k",7], ["r","k",null], ["w","k",3].
// f is one of "r", "w", "append". A read's value is filled in on ok.
struct MicroOp {
  std::string f;
  std::string key;
  Value value;
  friend bool operator==(const MicroOp&, const MicroOp&) = default;
};

// Appends m as the history format writes it: ["append","k",7].
void append_json(std::string& out, const MicroOp& m);
std::string micro_op_json(const MicroOp& m);

struct Event {
  std::int64_t process = 0;
  EventType type = EventType::kInvoke;
  OpFunction f = OpFunction::kRead;
  std::string key;            // empty for txn
  Value value;                // read: value read (null on invoke); write: value;
                              // delete: null; cas: list [expected, new]; txn: unused
  std::vector<MicroOp> txn;   // txn only
  std::optional<Time> time;
  std::optional<std::string> error;  // on fail/info: why (a fail with an error did not run)
  std::uint64_t line = 0;     // 1-based line in the source file; 0 when built in memory

  // cas only: the expected and the new value.
  const Value& cas_expected() const { return value.as_list()[0]; }
  const Value& cas_new() const { return value.as_list()[1]; }
};

struct History {
  std::string source = "<history>";  // file name used in error messages
  std::vector<Event> events;
};

// How an operation ended.
enum class Outcome : std::uint8_t {
  kOk,    // took effect (read: returned `value`)
  kFail,  // did not take effect; for a cas with no error: ran and found another value
  kInfo,  // unknown: may take effect at any time after its invoke, or never
};

// An invoke joined with its completion.
struct Operation {
  std::int64_t process = 0;
  OpFunction f = OpFunction::kRead;
  std::string key;
  // write/delete/cas: the invoke's value. read: the completion's value (null
  // unless ok). txn: the completion's value when ok, else the invoke's.
  Value value;
  std::vector<MicroOp> txn;
  Outcome outcome = Outcome::kInfo;
  std::optional<std::string> error;  // from the completion
  bool completed = false;            // false: no completion in the history (treated as info)
  std::size_t invoke_event = 0;      // indices into History::events
  std::size_t complete_event = 0;    // valid when completed
  std::optional<Time> invoke_time, complete_time;
  std::uint64_t invoke_line = 0, complete_line = 0;

  // A cas that ran and found a value other than expected (a fail with no error).
  bool is_failed_cas() const { return f == OpFunction::kCas && outcome == Outcome::kFail && !error; }
};

// Parses JSON Lines text. `source` names the file in error messages.
History parse_history(std::string_view text, std::string source);
// Reads and parses a file. An unreadable file (missing, a directory, an I/O
// error), one over 1 GiB and an empty (or all blank) one are InputErrors
// too: "PATH: cannot read: REASON", "PATH: expected ..., found ...".
History read_history_file(const std::string& path);

// Joins invokes with completions, in invoke order. Throws InputError naming
// the line for a completion with no pending invoke on its process, a second
// invoke while one is pending, a completion whose f or key differs from its
// invoke's, or a txn completion whose micro-ops are not its invoke's (each
// the same f and key, and the same value but for a read's; a fail or info
// may leave them out).
std::vector<Operation> pair_operations(const History& history);
// The same, moving each event's payload (key, value, micro-ops) into its
// operation: for a caller done with the history (half the memory).
std::vector<Operation> pair_operations(History&& history);
// The same checks as pair_operations, without building the operations.
void validate_pairing(const History& history);

// Appends one JSON line (with its '\n') for `e`. Fields in a fixed order:
// process, type, f, key, value, time, error. `line` is not written.
void append_event_json(std::string& out, const Event& e);
std::string event_to_json_line(const Event& e);
void write_history(std::ostream& out, const History& history);
// The whole history as JSON Lines text (write_history into a string).
std::string history_text(const History& history);


}  // namespace cachesim
