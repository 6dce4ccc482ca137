// A message between nodes: any copyable struct, carried by value.
//
// The engine moves messages without knowing their types; protocols define
// plain structs and read them back with as<T>(). A message type needs:
//
//   struct Prepare {
//     static constexpr std::string_view kName = "paxos.prepare";  // trace name
//     Ballot ballot; ...
//     void describe(std::string& out) const;   // optional: trace detail
//   };
//
// Structs up to kInlineBytes live inside the Message (no allocation per
// send, which matters: the event loop sends millions per second); larger ones
// go to the heap. Copying a Message copies the struct (duplication by the
// network gives the receiver an independent copy).
#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "sim/core/hash.hpp"

namespace cachesim {

// kName is tested first: conjunctions short-circuit, so Message itself (which
// has no kName) never reaches the copy-constructible test, which would
// recurse through Message's own converting constructor.
template <class T>
concept MessageType = requires {
  { T::kName } -> std::convertible_to<std::string_view>;
} && std::copy_constructible<T> && std::is_nothrow_move_constructible_v<T>;

template <class T>
concept Describable = requires(const T& t, std::string& out) { t.describe(out); };

class Message {
 public:
  static constexpr std::size_t kInlineBytes = 64;

  Message() = default;

  template <MessageType T>
  Message(T value) {  // NOLINT(google-explicit-constructor): messages convert implicitly at send()
    using V = Vtable<T>;
    vt_ = &V::table;
    if constexpr (V::kInline) {
      ::new (static_cast<void*>(buf_)) T(std::move(value));
    } else {
      ptr() = new T(std::move(value));
    }
  }

  Message(const Message& o) : vt_(o.vt_) {
    if (vt_) transfer_copy(o.buf_);
  }
  Message(Message&& o) noexcept : vt_(o.vt_) {
    if (vt_) transfer_move(o.buf_);
    o.vt_ = nullptr;
  }
  Message& operator=(const Message& o) {
    if (this != &o) {
      Message tmp(o);
      *this = std::move(tmp);
    }
    return *this;
  }
  Message& operator=(Message&& o) noexcept {
    if (this != &o) {
      reset();
      vt_ = o.vt_;
      if (vt_) transfer_move(o.buf_);
      o.vt_ = nullptr;
    }
    return *this;
  }
  ~Message() { reset(); }

  bool empty() const { return vt_ == nullptr; }

  // The struct inside if it is a T, else nullptr. Comparing vtable addresses
  // is an equality test only, so it cannot make behaviour depend on layout.
  template <MessageType T>
  const T* as() const {
    if (vt_ != &Vtable<T>::table) return nullptr;
    if constexpr (Vtable<T>::kInline) {
      return std::launder(reinterpret_cast<const T*>(buf_));
    } else {
      return static_cast<const T*>(cptr());
    }
  }
  template <MessageType T>
  bool is() const {
    return vt_ == &Vtable<T>::table;
  }

  // The type's kName ("" for an empty message).
  std::string_view type_name() const { return vt_ ? vt_->name : std::string_view{}; }
  // hash64(type_name()), computed at compile time: the trace hash folds it in.
  std::uint64_t type_hash() const { return vt_ ? vt_->name_hash : 0; }
  // Appends the type's describe() output, if it has one.
  void describe(std::string& out) const {
    if (vt_ && vt_->describe) vt_->describe(buf_, out);
  }

  void reset() {
    if (vt_ && !vt_->trivial) vt_->destroy(buf_);
    vt_ = nullptr;
  }

 private:
  struct Table {
    std::string_view name;
    std::uint64_t name_hash;
    bool trivial;  // inline and trivially copyable: copied as raw bytes, no call
    void (*copy)(const unsigned char* from, unsigned char* to);
    void (*move)(unsigned char* from, unsigned char* to) noexcept;
    void (*destroy)(unsigned char* buf) noexcept;
    void (*describe)(const unsigned char* buf, std::string& out);
  };

  template <class T>
  struct Vtable {
    static constexpr bool kInline = sizeof(T) <= kInlineBytes && alignof(T) <= alignof(std::max_align_t);
    static const T& get(const unsigned char* b) {
      if constexpr (kInline) {
        return *std::launder(reinterpret_cast<const T*>(b));
      } else {
        return **reinterpret_cast<T* const*>(b);
      }
    }
    static void copy(const unsigned char* from, unsigned char* to) {
      if constexpr (kInline) {
        ::new (static_cast<void*>(to)) T(get(from));
      } else {
        *reinterpret_cast<T**>(to) = new T(get(from));
      }
    }
    static void move(unsigned char* from, unsigned char* to) noexcept {
      if constexpr (kInline) {
        T* src = std::launder(reinterpret_cast<T*>(from));
        ::new (static_cast<void*>(to)) T(std::move(*src));
        src->~T();
      } else {
        *reinterpret_cast<T**>(to) = *reinterpret_cast<T**>(from);
      }
    }
    static void destroy(unsigned char* b) noexcept {
      if constexpr (kInline) {
        std::launder(reinterpret_cast<T*>(b))->~T();
      } else {
        delete *reinterpret_cast<T**>(b);
      }
    }
    static void describe(const unsigned char* b, std::string& out) {
      if constexpr (Describable<T>) get(b).describe(out);
    }
    static constexpr Table table{T::kName, hash64(T::kName), kInline && std::is_trivially_copyable_v<T>, &copy, &move, &destroy, Describable<T> ? &describe : nullptr};
  };

  // The event loop moves every message twice (into its event and out); for
  // plain structs a fixed 64-byte copy beats an indirect call.
  void transfer_move(unsigned char* from) noexcept {
    if (vt_->trivial) {
      std::memcpy(buf_, from, kInlineBytes);
    } else {
      vt_->move(from, buf_);
    }
  }
  void transfer_copy(const unsigned char* from) {
    if (vt_->trivial) {
      std::memcpy(buf_, from, kInlineBytes);
    } else {
      vt_->copy(from, buf_);
    }
  }

  void*& ptr() { return *reinterpret_cast<void**>(buf_); }
  const void* cptr() const { return *reinterpret_cast<void* const*>(buf_); }

  const Table* vt_ = nullptr;
  alignas(std::max_align_t) unsigned char buf_[kInlineBytes];
};

}  // namespace cachesim
