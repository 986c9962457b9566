// The C functions of CShims: system calls Swift's Glibc does not declare, and a signal
// handler (which Swift cannot safely be).
#define _GNU_SOURCE
#include "CShims.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

static int rename_with_flags(int from_folder, const char *from, int to_folder, const char *to, unsigned flags) {
#if defined(__linux__) && defined(SYS_renameat2)
    return (int)syscall(SYS_renameat2, from_folder, from, to_folder, to, flags);
#elif defined(__APPLE__)
    return renameatx_np(from_folder, from, to_folder, to, flags == RENAME_EXCHANGE ? RENAME_SWAP : RENAME_EXCL);
#else
    (void)from_folder; (void)from; (void)to_folder; (void)to; (void)flags;
    errno = ENOSYS;
    return -1;
#endif
}

int readiness_memory_file(const char *name) {
#if defined(__linux__) && defined(SYS_memfd_create)
    return (int)syscall(SYS_memfd_create, name, 1u /* MFD_CLOEXEC */);
#else
    (void)name;
    errno = ENOSYS;
    return -1;
#endif
}

int readiness_exchange(int from_folder, const char *from, int to_folder, const char *to) {
    return rename_with_flags(from_folder, from, to_folder, to, RENAME_EXCHANGE);
}

int readiness_rename_no_replace(int from_folder, const char *from, int to_folder, const char *to) {
    return rename_with_flags(from_folder, from, to_folder, to, RENAME_NOREPLACE);
}

// MARK: - Guarded mappings

#define GUARD_SLOTS 64

// A slot is free when its base is 0. The handler reads slots without a lock (a signal
// handler may take none): a slot's length is stored before its base is published, and its
// base cleared before the mapping goes away.
static struct {
    uintptr_t base;
    size_t length;
    int shrank;
} guards[GUARD_SLOTS];

static struct sigaction previous_bus_action;
static long page_size;

static void bus_handler(int signal_number, siginfo_t *info, void *context) {
    uintptr_t address = (uintptr_t)info->si_addr;
    for (int slot = 0; slot < GUARD_SLOTS; slot++) {
        uintptr_t base = __atomic_load_n(&guards[slot].base, __ATOMIC_ACQUIRE);
        size_t length = __atomic_load_n(&guards[slot].length, __ATOMIC_ACQUIRE);
        if (base <= 1 || address < base || address >= base + length) continue;
        // Zero pages from the faulting page to the end of the mapping: reads past the
        // file's new end now see zeros instead of faulting again.
        uintptr_t start = address & ~(uintptr_t)(page_size - 1);
        size_t rest = base + length - start;
        void *mapped = mmap((void *)start, rest, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (mapped == MAP_FAILED) break;
        __atomic_store_n(&guards[slot].shrank, 1, __ATOMIC_RELEASE);
        return;
    }
    // Not a guarded mapping: whatever handled SIGBUS before handles this one.
    if (previous_bus_action.sa_flags & SA_SIGINFO) {
        if (previous_bus_action.sa_sigaction) {
            previous_bus_action.sa_sigaction(signal_number, info, context);
            return;
        }
    } else if (previous_bus_action.sa_handler != SIG_DFL && previous_bus_action.sa_handler != SIG_IGN) {
        previous_bus_action.sa_handler(signal_number);
        return;
    }
    // The default action: returning re-runs the faulting instruction, which now kills.
    signal(SIGBUS, SIG_DFL);
}

static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void install_bus_handler(void) {
    page_size = sysconf(_SC_PAGESIZE);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = bus_handler;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous_bus_action);
}

int readiness_guard_mapping(const void *base, size_t length) {
    if (base == NULL || length == 0) return -1;
    pthread_once(&install_once, install_bus_handler);
    for (int slot = 0; slot < GUARD_SLOTS; slot++) {
        uintptr_t expected = 0;
        // Claim a free slot with a placeholder base (1) that the handler skips, then fill it in.
        if (__atomic_compare_exchange_n(&guards[slot].base, &expected, (uintptr_t)1, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            __atomic_store_n(&guards[slot].shrank, 0, __ATOMIC_RELEASE);
            __atomic_store_n(&guards[slot].length, length, __ATOMIC_RELEASE);
            __atomic_store_n(&guards[slot].base, (uintptr_t)base, __ATOMIC_RELEASE);
            return slot;
        }
    }
    return -1;
}

int readiness_mapping_shrank(int slot) {
    if (slot < 0 || slot >= GUARD_SLOTS) return 0;
    return __atomic_load_n(&guards[slot].shrank, __ATOMIC_ACQUIRE);
}

void readiness_unguard_mapping(int slot) {
    if (slot < 0 || slot >= GUARD_SLOTS) return;
    __atomic_store_n(&guards[slot].base, (uintptr_t)1, __ATOMIC_RELEASE);
    __atomic_store_n(&guards[slot].length, 0, __ATOMIC_RELEASE);
    __atomic_store_n(&guards[slot].base, (uintptr_t)0, __ATOMIC_RELEASE);
}
