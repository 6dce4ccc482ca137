#include "sim/cli/worker_pool.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <exception>
#include <iostream>
#include <vector>

namespace cachesim::cli {

namespace {

volatile std::sig_atomic_t g_interrupted = 0;
extern "C" void on_interrupt(int) { g_interrupted = 1; }

struct Worker {
  pid_t pid = -1;
  int to_child = -1;    // items, 8 bytes each
  int from_child = -1;  // framed lines: 'R' line '\n' or 'E' message '\n'
  bool busy = false;
  std::uint64_t item = 0;
  std::chrono::steady_clock::time_point started;
  std::string buffer;
};

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// 8 bytes, or false at end of input.
bool read_item(int fd, std::uint64_t& item) {
  char buf[sizeof item];
  std::size_t got = 0;
  while (got < sizeof buf) {
    const ssize_t r = ::read(fd, buf + got, sizeof buf - got);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    got += static_cast<std::size_t>(r);
  }
  std::memcpy(&item, buf, sizeof item);
  return true;
}

std::string one_line(std::string s) {
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return s;
}

[[noreturn]] void child_main(int in, int out, const PoolCallbacks& cb) {
  std::uint64_t item;
  while (read_item(in, item)) {
    std::string frame;
    try {
      frame = "R" + one_line(cb.work(item)) + "\n";
    } catch (const std::exception& e) {
      frame = "E" + one_line(e.what()) + "\n";
    }
    if (!write_all(out, frame.data(), frame.size())) break;
  }
  ::_exit(0);  // no atexit handlers, no flushing of the parent's stdio buffers
}

std::string cause_of(int status) {
  if (WIFSIGNALED(status)) {
    const int sig = WTERMSIG(status);
    switch (sig) {
      case SIGSEGV: return "signal SIGSEGV";
      case SIGABRT: return "signal SIGABRT";
      case SIGBUS: return "signal SIGBUS";
      case SIGFPE: return "signal SIGFPE";
      case SIGILL: return "signal SIGILL";
      case SIGKILL: return "signal SIGKILL";
      default: return "signal " + std::to_string(sig);
    }
  }
  if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
  return "died";
}

class Pool {
 public:
  Pool(const PoolOptions& o, const PoolCallbacks& cb) : options_(o), cb_(cb) {}
  ~Pool() { kill_all(); }

  PoolOutcome run(std::uint64_t count) {
    count_ = count;
    const auto start = std::chrono::steady_clock::now();
    const unsigned n = static_cast<unsigned>(std::min<std::uint64_t>(options_.jobs, count));
    for (unsigned i = 0; i < n; ++i) workers_.push_back(spawn());
    auto last_tick = start;
    while (true) {
      if (g_interrupted) return end(PoolEnd::interrupted);
      if (options_.time_budget_s > 0 &&
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() >= options_.time_budget_s)
        return end(PoolEnd::time_budget);
      for (Worker& w : workers_) {
        if (w.busy || w.pid < 0 || next_ >= count_) continue;
        w.item = next_++;
        w.busy = true;
        w.started = std::chrono::steady_clock::now();
        write_all(w.to_child, reinterpret_cast<const char*>(&w.item), sizeof w.item);  // a dead worker shows as EOF
      }
      bool any_busy = false;
      for (const Worker& w : workers_) any_busy |= w.busy;
      if (!any_busy && next_ >= count_) return end(PoolEnd::done);

      std::vector<pollfd> fds;
      for (const Worker& w : workers_)
        if (w.pid >= 0) fds.push_back({w.from_child, POLLIN, 0});
      const int ready = ::poll(fds.data(), fds.size(), 100);
      if (ready < 0 && errno != EINTR) return end(PoolEnd::error, std::string("poll: ") + std::strerror(errno));
      for (Worker& w : workers_) {
        if (w.pid < 0) continue;
        for (const pollfd& p : fds) {
          if (p.fd != w.from_child || !(p.revents & (POLLIN | POLLHUP | POLLERR))) continue;
          if (!drain(w)) return end(stop_end_, stop_error_);
          break;  // a respawned worker's new fd may reuse a number polled above
        }
      }
      const auto now = std::chrono::steady_clock::now();
      if (cb_.on_tick && now - last_tick >= std::chrono::milliseconds(100)) {
        last_tick = now;
        cb_.on_tick();
      }
    }
  }

 private:
  Worker spawn() {
    int down[2], up[2];
    if (::pipe(down) != 0 || ::pipe(up) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (pid == 0) {
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(1);  // the parent died before prctl
      std::signal(SIGINT, SIG_IGN);
      std::signal(SIGTERM, SIG_DFL);
      std::signal(SIGPIPE, SIG_DFL);
      for (const Worker& w : workers_) {  // other workers' pipes: keep them from seeing EOF late
        if (w.to_child >= 0) ::close(w.to_child);
        if (w.from_child >= 0) ::close(w.from_child);
      }
      ::close(down[1]);
      ::close(up[0]);
      child_main(down[0], up[1], cb_);
    }
    ::close(down[0]);
    ::close(up[1]);
    Worker w;
    w.pid = pid;
    w.to_child = down[1];
    w.from_child = up[0];
    return w;
  }

  // Reads what a worker sent; false when the pool must stop.
  bool drain(Worker& w) {
    char buf[65536];
    const ssize_t r = ::read(w.from_child, buf, sizeof buf);
    if (r < 0 && errno == EINTR) return true;
    if (r > 0) {
      w.buffer.append(buf, static_cast<std::size_t>(r));
      std::size_t nl;
      while ((nl = w.buffer.find('\n')) != std::string::npos) {
        const std::string frame = w.buffer.substr(0, nl);
        w.buffer.erase(0, nl + 1);
        w.busy = false;
        if (!frame.empty() && frame[0] == 'E') {
          stop_end_ = PoolEnd::error;
          stop_error_ = frame.substr(1);
          return false;
        }
        if (!cb_.on_line(w.item, frame.substr(1))) {
          stop_end_ = PoolEnd::stopped;
          return false;
        }
      }
      return true;
    }
    // End of file: the worker is gone.
    int status = 0;
    ::waitpid(w.pid, &status, 0);
    close_fds(w);
    w.pid = -1;
    const bool was_busy = w.busy;
    w.busy = false;
    w.buffer.clear();
    if (was_busy) {
      const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - w.started).count();
      if (!cb_.on_crash(w.item, cause_of(status), wall)) {
        stop_end_ = PoolEnd::stopped;
        return false;
      }
    }
    if (next_ < count_) w = spawn();
    return true;
  }

  static void close_fds(Worker& w) {
    if (w.to_child >= 0) ::close(w.to_child);
    if (w.from_child >= 0) ::close(w.from_child);
    w.to_child = w.from_child = -1;
  }

  PoolOutcome end(PoolEnd how, std::string error = {}) {
    if (how == PoolEnd::done) {
      // Idle workers exit at the end of their input.
      for (Worker& w : workers_) {
        if (w.pid < 0) continue;
        close_fds(w);
        ::waitpid(w.pid, nullptr, 0);
        w.pid = -1;
      }
    } else {
      kill_all();
    }
    return {how, std::move(error)};
  }

  void kill_all() {
    for (Worker& w : workers_) {
      if (w.pid < 0) continue;
      ::kill(w.pid, SIGKILL);
      close_fds(w);
      ::waitpid(w.pid, nullptr, 0);
      w.pid = -1;
    }
  }

  PoolOptions options_;
  const PoolCallbacks& cb_;
  std::vector<Worker> workers_;
  std::uint64_t count_ = 0, next_ = 0;
  PoolEnd stop_end_ = PoolEnd::stopped;
  std::string stop_error_;
};

// Installs the parent's signal handling for the pool's lifetime.
class SignalScope {
 public:
  SignalScope() {
    g_interrupted = 0;
    struct sigaction sa {};
    sa.sa_handler = on_interrupt;
    sigemptyset(&sa.sa_mask);
    ::sigaction(SIGINT, &sa, &old_int_);
    ::sigaction(SIGTERM, &sa, &old_term_);
    struct sigaction ign {};
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    ::sigaction(SIGPIPE, &ign, &old_pipe_);  // a worker that died: its write end shows EOF instead
  }
  ~SignalScope() {
    ::sigaction(SIGINT, &old_int_, nullptr);
    ::sigaction(SIGTERM, &old_term_, nullptr);
    ::sigaction(SIGPIPE, &old_pipe_, nullptr);
  }

 private:
  struct sigaction old_int_ {}, old_term_ {}, old_pipe_ {};
};

}  // namespace

PoolOutcome run_pool(std::uint64_t count, const PoolOptions& options, const PoolCallbacks& callbacks) {
  if (count == 0) return {};
  SignalScope signals;
  Pool pool(options, callbacks);
  return pool.run(count);
}

unsigned default_jobs() {
  const long n = ::sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? static_cast<unsigned>(n) : 1u;
}

}  // namespace cachesim::cli
