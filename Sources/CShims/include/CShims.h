#ifndef READINESS_CSHIMS_H
#define READINESS_CSHIMS_H

/// Asks the processor to start loading the cache line at `address` (for writing), so
/// that a hash table slot is in cache by the time a row has been checked.
static inline void readiness_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

#endif
