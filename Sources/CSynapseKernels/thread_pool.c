// A pool of worker threads for Synapse's parallel loops (see include/synapse_thread_pool.h).
//
// Why not GCD's concurrentPerform alone: on Linux it wakes a sleeping worker for every loop, which costs tens of
// microseconds, i.e. a third of a 150 µs softmax or layer norm split over two cores. PyTorch's OpenMP threads spin
// for a while after each loop; these do too, then sleep on a condition variable.
//
// One loop at a time: `busy` is taken with an atomic exchange; a second caller (another thread, or a chunk that
// starts a loop of its own) gets -1 and runs its loop without the pool. The loop's description (`job`) is written
// only while no worker can read it: a worker joins through a compare-and-swap on `state` that succeeds only while
// the loop is open and of the generation it has not yet served, and the caller closes the loop and waits for the
// joined workers to leave before it returns.
#include "synapse_thread_pool.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define TP_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define TP_PAUSE() __asm__ __volatile__("yield")
#else
#define TP_PAUSE() ((void)0)
#endif

#define TP_MAX_WORKERS 63
#define TP_SPIN_NS 100000  // how long an idle worker spins before it sleeps
#define TP_PAUSE_NS 50000  // how long a waiting thread pauses before it starts yielding its core
// `state`: generation in the high 32 bits, the open flag, then the number of workers inside the loop.
#define TP_OPEN ((uint64_t)1 << 31)
#define TP_ACTIVE_MASK (TP_OPEN - 1)
#define TP_GENERATION(s) ((s) >> 32)

static struct {
    _Atomic int busy;
    _Atomic uint64_t state;
    _Atomic size_t next;  // the next chunk to take
    _Atomic int sleeping;
    size_t chunks;
    synapse_pool_body body;
    void *context;
    int workers;  // started so far (only grows; written under `lock`)
    pthread_mutex_t lock;
    pthread_cond_t wake;
} tp = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static uint64_t tp_now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

// One step of a busy wait that began at `start`: pauses for the first TP_PAUSE_NS, then yields, so that on a
// machine with more runnable threads than cores a waiting thread hands its core to the one it waits for (or to
// this process's calling thread) instead of burning a scheduler slice: with pauses only, the LeNet step and the
// small encoder took twice as long while other builds ran; yielding from the first step lost the second core.
static void tp_relax(unsigned spins, uint64_t start, int *yielding) {
    if (!*yielding && (spins & 63) == 0 && tp_now_ns() - start > TP_PAUSE_NS) *yielding = 1;
    if (*yielding)
        sched_yield();
    else
        TP_PAUSE();
}

static void tp_take_chunks(void) {
    size_t chunk;
    while ((chunk = atomic_fetch_add_explicit(&tp.next, 1, memory_order_relaxed)) < tp.chunks)
        tp.body(tp.context, chunk);
}

// `first` is the generation current when the worker was started: it serves the loops after it.
static void *tp_worker(void *first) {
    uint64_t served = (uint64_t)(uintptr_t)first;
    for (;;) {
        uint64_t s = atomic_load_explicit(&tp.state, memory_order_acquire);
        if (TP_GENERATION(s) == served) {
            // Wait for the next loop: spin (checking the clock now and then), then sleep.
            uint64_t start = tp_now_ns();
            int yielding = 0;
            for (unsigned spins = 1; TP_GENERATION(s) == served; spins++) {
                tp_relax(spins, start, &yielding);
                if ((spins & 255) == 0 && tp_now_ns() - start > TP_SPIN_NS) {
                    pthread_mutex_lock(&tp.lock);
                    atomic_fetch_add(&tp.sleeping, 1);
                    while (TP_GENERATION(atomic_load(&tp.state)) == served) pthread_cond_wait(&tp.wake, &tp.lock);
                    atomic_fetch_sub(&tp.sleeping, 1);
                    pthread_mutex_unlock(&tp.lock);
                    start = tp_now_ns();
                    yielding = 0;
                }
                s = atomic_load_explicit(&tp.state, memory_order_acquire);
            }
        }
        if (!(s & TP_OPEN)) {  // missed that loop: it is already closed
            served = TP_GENERATION(s);
            continue;
        }
        if (!atomic_compare_exchange_weak_explicit(&tp.state, &s, s + 1, memory_order_acquire, memory_order_relaxed))
            continue;
        served = TP_GENERATION(s);
        tp_take_chunks();
        atomic_fetch_sub_explicit(&tp.state, 1, memory_order_release);
    }
    return NULL;
}

// Starts workers until there are `count` (under the lock); returns how many there are.
static int tp_start_workers(int count) {
    pthread_mutex_lock(&tp.lock);
    while (tp.workers < count) {
        pthread_t thread;
        pthread_attr_t attributes;
        pthread_attr_init(&attributes);
        pthread_attr_setdetachstate(&attributes, PTHREAD_CREATE_DETACHED);
        void *first = (void *)(uintptr_t)TP_GENERATION(atomic_load(&tp.state));
        int failed = pthread_create(&thread, &attributes, tp_worker, first);
        pthread_attr_destroy(&attributes);
        if (failed) break;
        tp.workers++;
    }
    int workers = tp.workers;
    pthread_mutex_unlock(&tp.lock);
    return workers;
}

int synapse_pool_run(size_t chunks, size_t threads, synapse_pool_body body, void *context) {
    if (chunks == 0) return 0;
    if (atomic_exchange_explicit(&tp.busy, 1, memory_order_acquire)) return -1;
    size_t wanted = threads > 1 ? threads - 1 : 0;
    if (wanted > TP_MAX_WORKERS) wanted = TP_MAX_WORKERS;
    if (wanted > chunks - 1) wanted = chunks - 1;
    if (wanted > 0 && tp.workers < (int)wanted) tp_start_workers((int)wanted);
    // No worker is inside (the previous loop waited for them to leave) and none can join: write the loop.
    tp.chunks = chunks;
    tp.body = body;
    tp.context = context;
    atomic_store_explicit(&tp.next, 0, memory_order_relaxed);
    uint64_t generation = TP_GENERATION(atomic_load(&tp.state)) + 1;
    atomic_store(&tp.state, (generation << 32) | TP_OPEN);  // seq_cst: ordered before reading `sleeping`
    if (atomic_load(&tp.sleeping) > 0) {
        pthread_mutex_lock(&tp.lock);
        pthread_cond_broadcast(&tp.wake);
        pthread_mutex_unlock(&tp.lock);
    }
    tp_take_chunks();
    // Close the loop, then wait for the workers inside to finish their chunks.
    atomic_fetch_and_explicit(&tp.state, ~TP_OPEN, memory_order_acq_rel);
    uint64_t start = tp_now_ns();
    int yielding = 0;
    for (unsigned spins = 1; atomic_load_explicit(&tp.state, memory_order_acquire) & TP_ACTIVE_MASK; spins++)
        tp_relax(spins, start, &yielding);
    atomic_store_explicit(&tp.busy, 0, memory_order_release);
    return 0;
}
