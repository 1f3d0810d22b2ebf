#if defined(__linux__)
#define _GNU_SOURCE
#endif
#include "synapse_file_lease.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>

#if defined(__linux__)

int synapse_take_read_lease(int descriptor) {
    // Setting the lease makes this process the descriptor's owner, which a lease break signals. SIGURG's default
    // action is to ignore it (SIGIO's ends the process), and clearing the owner right after stops even that.
    if (fcntl(descriptor, F_SETSIG, SIGURG) != 0) return errno;
    if (fcntl(descriptor, F_SETLEASE, F_RDLCK) != 0) {
        int reason = errno;
        fcntl(descriptor, F_SETSIG, 0);
        return reason;
    }
    fcntl(descriptor, F_SETOWN, 0);
    return 0;
}

int synapse_release_lease(int descriptor) {
    return fcntl(descriptor, F_SETLEASE, F_UNLCK) == 0 ? 0 : errno;
}

#else

int synapse_take_read_lease(int descriptor) {
    (void)descriptor;
    return ENOTSUP;
}

int synapse_release_lease(int descriptor) {
    (void)descriptor;
    return 0;
}

#endif
