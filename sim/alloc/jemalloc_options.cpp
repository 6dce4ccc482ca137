// jemalloc's options, compiled into every executable (CMakeLists.txt adds
// this file to each one it links with jemalloc). jemalloc reads the global
// `malloc_conf` when it starts, before main; MALLOC_CONF in the environment
// still overrides it, for experiments.
//
// Why these: on this project's machines (virtual machines), a page fault
// costs microseconds, and first touches of fresh memory dominated the
// checkers: `cachesim check --model txn` on a 100,000-transaction history
// took 133,000 faults, a third of its time.
//   thp:always, metadata_thp:always  back jemalloc's arenas and metadata
//                  with transparent huge pages (the kernel's default mode is
//                  madvise, which this asks for): 2 MB per fault, not 4 KB;
//   dirty_decay_ms:-1, muzzy_decay_ms:-1  never hand freed pages back to
//                  the kernel: a process (one run, one check, one sweep
//                  worker) lives for seconds, and pages handed back are
//                  faulted in again by its next allocations.
// The cost is resident memory: peaks about 10-40% higher (scripts/bench
// prints peak_rss_bytes). Allocation addresses never reach behaviour, so no
// trace hash depends on this.
extern "C" {
// NOLINTNEXTLINE(cppcoreguidelines-avoid-non-const-global-variables): the name and type jemalloc looks up
const char* malloc_conf = "thp:always,metadata_thp:always,dirty_decay_ms:-1,muzzy_decay_ms:-1";
}
