#ifndef READINESS_CSHIMS_H
#define READINESS_CSHIMS_H

#include <stddef.h>

/// Asks the processor to start loading the cache line at `address` (for writing), so
/// that a hash table slot is in cache by the time a row has been checked.
static inline void readiness_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// A file that lives in memory only (Linux memfd_create, close-on-exec): it has no name in
/// any folder, is private to the process, and vanishes with its last descriptor, however
/// the process ends. Returns its descriptor, or -1 with errno where there is none.
int readiness_memory_file(const char *name);

/// Swaps two paths atomically (Linux renameat2 with RENAME_EXCHANGE, macOS renameatx_np
/// with RENAME_SWAP): both must exist, and at every moment each name holds one of the two.
/// Returns 0, or -1 with errno (ENOSYS or EINVAL where the kernel or file system cannot).
int readiness_exchange(int from_folder, const char *from, int to_folder, const char *to);

/// Renames `from` to `to` only if `to` does not exist (RENAME_NOREPLACE); -1 with errno
/// EEXIST if it does, ENOSYS or EINVAL where this is not supported.
int readiness_rename_no_replace(int from_folder, const char *from, int to_folder, const char *to);

/// Guards a read-only file mapping against the file shrinking under it. Reading a page
/// past the new end of a mapped file raises SIGBUS, which would kill the process; once
/// guarded, such a fault instead maps zero-filled pages over the rest of the mapping and
/// marks it, so the reader finishes and the caller sees `readiness_mapping_shrank`.
/// Returns a slot to pass to the two functions below, or -1 when every slot is taken (the
/// mapping is then unguarded).
int readiness_guard_mapping(const void *base, size_t length);

/// Whether a fault past the end of the file happened in the guarded mapping of `slot`.
int readiness_mapping_shrank(int slot);

/// Stops guarding `slot`; call before unmapping.
void readiness_unguard_mapping(int slot);

#endif
