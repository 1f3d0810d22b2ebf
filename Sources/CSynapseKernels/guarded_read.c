#include "synapse_guarded_read.h"
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <string.h>

// A read of a page of a file mapping beyond the file's end raises SIGBUS. The probe runs its reads with a jump
// target registered for the thread; the handler jumps back to it. A SIGBUS from anywhere else (no target on the
// faulting thread) goes to the previous handler, or the default action, exactly as if this handler didn't exist.
static _Thread_local sigjmp_buf *probe_target;
static struct sigaction previous_action;
static pthread_once_t install_once = PTHREAD_ONCE_INIT;

static void on_bus_error(int signal_number, siginfo_t *info, void *context) {
    sigjmp_buf *target = probe_target;
    if (target) siglongjmp(*target, 1);
    if (previous_action.sa_flags & SA_SIGINFO) {
        if (previous_action.sa_sigaction) {
            previous_action.sa_sigaction(signal_number, info, context);
            return;
        }
    } else if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN) {
        previous_action.sa_handler(signal_number);
        return;
    }
    // The default action: restore it and let the fault happen again when the instruction is retried.
    signal(signal_number, SIG_DFL);
}

static void install_handler(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_bus_error;
    action.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, &previous_action);
}

int synapse_probe_readable(const void *base, size_t count, size_t page) {
    if (count == 0) return 0;
    if (page == 0) page = 4096;
    pthread_once(&install_once, install_handler);
    const volatile unsigned char *bytes = (const volatile unsigned char *)base;
    sigjmp_buf target;
    if (sigsetjmp(target, 1)) {
        probe_target = NULL;
        return -1;
    }
    probe_target = &target;
    unsigned char sink = 0;
    for (size_t offset = 0; offset < count; offset += page) sink ^= bytes[offset];
    sink ^= bytes[count - 1];
    probe_target = NULL;
    (void)sink;
    return 0;
}
