/*
 * threadtest: POSIX threads on several cores (issue 15).  Each part is a
 * race that goes wrong without correct locking, or a promise of POSIX
 * about threads; the pytest side runs the whole suite on 1, 2, 4 and 8
 * cores and several seeds.  Checks are made by the main thread only.
 *
 * `threadtest race` prints how many increments a counter lost when four
 * threads added to it without a lock (the race is real: each increment
 * loads, computes, then stores, with a branch between, where a time
 * slice may end).
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <semaphore.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"

#define NTHREADS	4
#define MS		1000000L

/* Run fn(i) on NTHREADS threads, i = 0..NTHREADS-1, and join them all. */
static int run_threads(void *(*fn)(void *))
{
	pthread_t t[NTHREADS];
	int ok = 1;

	for (intptr_t i = 0; i < NTHREADS; i++)
		ok &= pthread_create(&t[i], NULL, fn, (void *)i) == 0;
	for (int i = 0; i < NTHREADS; i++)
		ok &= pthread_join(t[i], NULL) == 0;
	return ok;
}

/* `ms` milliseconds from now on `clock`, for the timed waits. */
static struct timespec deadline_in(clockid_t clock, long ms)
{
	struct timespec t;

	clock_gettime(clock, &t);
	t.tv_nsec += ms * MS;
	t.tv_sec += t.tv_nsec / 1000000000;
	t.tv_nsec %= 1000000000;
	return t;
}

/* A little work between a load and a store: a loop, so a branch, where
 * the core's time slice can end (slices end between basic blocks). */
static void dawdle(void)
{
	for (volatile int k = 0; k < 3; k++)
		;
}

/* --- a counter: with a mutex, without one, atomic -------------------------- */

#define INCREMENTS 100000

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static volatile long counter;
static atomic_long atomic_counter;

static void *add_locked(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		pthread_mutex_lock(&counter_lock);
		long v = counter;
		dawdle();
		counter = v + 1;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void *add_unlocked(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		long v = counter;
		dawdle();
		counter = v + 1;
	}
	return NULL;
}

static void *add_atomic(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS; i++) {
		atomic_fetch_add(&atomic_counter, 1);
		dawdle();
	}
	return NULL;
}

static void test_counter(void)
{
	counter = 0;
	check("mutex: threads run", run_threads(add_locked));
	check("mutex: no increment lost", counter == NTHREADS * INCREMENTS);
	atomic_store(&atomic_counter, 0);
	check("stdatomic: threads run", run_threads(add_atomic));
	check("stdatomic: fetch_add exact across cores",
	    atomic_load(&atomic_counter) == NTHREADS * INCREMENTS);
}

/* How many increments the unlocked counter loses (the race, shown). */
static long lost_without_lock(void)
{
	counter = 0;
	run_threads(add_unlocked);
	return NTHREADS * INCREMENTS - counter;
}

/* --- mutex kinds ------------------------------------------------------------ */

static pthread_mutex_t shared_mutex;

static void *try_foreign(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)(pthread_mutex_trylock(&shared_mutex) * 1000 +
	    pthread_mutex_unlock(&shared_mutex));
}

static void test_mutex_kinds(void)
{
	pthread_mutexattr_t attr;
	pthread_t t;
	void *result;

	pthread_mutexattr_init(&attr);
	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&shared_mutex, &attr);
	check("recursive: lock twice", pthread_mutex_lock(&shared_mutex) == 0 &&
	    pthread_mutex_lock(&shared_mutex) == 0 &&
	    pthread_mutex_trylock(&shared_mutex) == 0);
	pthread_create(&t, NULL, try_foreign, NULL);
	pthread_join(t, &result);
	check("recursive: another thread gets EBUSY, and EPERM unlocking",
	    (intptr_t)result == EBUSY * 1000 + EPERM);
	pthread_mutex_unlock(&shared_mutex);
	pthread_mutex_unlock(&shared_mutex);
	check("recursive: still held after two of three unlocks",
	    pthread_mutex_destroy(&shared_mutex) == EBUSY);
	pthread_mutex_unlock(&shared_mutex);
	check("recursive: free after the third", pthread_mutex_destroy(&shared_mutex) == 0);

	pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&shared_mutex, &attr);
	pthread_mutex_lock(&shared_mutex);
	check("errorcheck: relock is EDEADLK", pthread_mutex_lock(&shared_mutex) == EDEADLK);
	pthread_mutex_unlock(&shared_mutex);
	check("errorcheck: unlocking a free mutex is EPERM",
	    pthread_mutex_unlock(&shared_mutex) == EPERM);
	check("mutexattr: a bad type is EINVAL",
	    pthread_mutexattr_settype(&attr, 99) == EINVAL);

	pthread_mutex_t normal = PTHREAD_MUTEX_INITIALIZER;
	pthread_mutex_lock(&normal);
	check("normal: trylock of a held mutex is EBUSY",
	    pthread_mutex_trylock(&normal) == EBUSY);
	struct timespec soon = deadline_in(CLOCK_REALTIME, 5);
	check("normal: timedlock of a held mutex times out",
	    pthread_mutex_timedlock(&normal, &soon) == ETIMEDOUT);
	pthread_mutex_unlock(&normal);
}

/* --- condition variables: ping-pong ----------------------------------------- */

#define VOLLEYS 500

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t table_turn = PTHREAD_COND_INITIALIZER;
static int turn, hits[2];

static void *player(void *arg)
{
	int me = (int)(intptr_t)arg;

	pthread_mutex_lock(&table_lock);
	for (int i = 0; i < VOLLEYS; i++) {
		while (turn != me)
			pthread_cond_wait(&table_turn, &table_lock);
		hits[me]++;
		turn = !me;
		pthread_cond_signal(&table_turn);
	}
	pthread_mutex_unlock(&table_lock);
	return NULL;
}

static void test_ping_pong(void)
{
	pthread_t a, b;

	turn = 0;
	pthread_create(&a, NULL, player, (void *)0);
	pthread_create(&b, NULL, player, (void *)1);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	check("cond: ping-pong, every volley in turn",
	    hits[0] == VOLLEYS && hits[1] == VOLLEYS && turn == 0);
}

static void test_cond_timeout(void)
{
	pthread_condattr_t attr;
	pthread_cond_t cond;
	pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
	struct timespec start, end;

	pthread_condattr_init(&attr);
	check("condattr: CLOCK_MONOTONIC", pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) == 0);
	pthread_cond_init(&cond, &attr);
	clock_gettime(CLOCK_MONOTONIC, &start);
	struct timespec deadline = deadline_in(CLOCK_MONOTONIC, 30);
	pthread_mutex_lock(&mutex);
	int error = pthread_cond_timedwait(&cond, &mutex, &deadline);
	clock_gettime(CLOCK_MONOTONIC, &end);
	long long waited = (end.tv_sec - start.tv_sec) * 1000000000LL + end.tv_nsec - start.tv_nsec;
	check("cond: timedwait times out on virtual time", error == ETIMEDOUT &&
	    waited >= 30 * MS && waited < 100 * MS);
	check("cond: the mutex is held again after the timeout",
	    pthread_mutex_trylock(&mutex) == EBUSY);
	pthread_mutex_unlock(&mutex);
}

/* --- producers and consumers: a bounded queue -------------------------------- */

#define QUEUE_SIZE	8
#define ITEMS		400	/* per producer */

static struct {
	pthread_mutex_t lock;
	pthread_cond_t not_empty, not_full;
	int items[QUEUE_SIZE];
	int head, count, producers_left;
} queue = { PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER,
	    PTHREAD_COND_INITIALIZER, { 0 }, 0, 0, 0 };
static long consumed_sum[2], consumed_count[2];

static void *producer(void *arg)
{
	int base = (int)(intptr_t)arg * ITEMS;

	for (int i = 1; i <= ITEMS; i++) {
		pthread_mutex_lock(&queue.lock);
		while (queue.count == QUEUE_SIZE)
			pthread_cond_wait(&queue.not_full, &queue.lock);
		queue.items[(queue.head + queue.count++) % QUEUE_SIZE] = base + i;
		pthread_cond_signal(&queue.not_empty);
		pthread_mutex_unlock(&queue.lock);
	}
	pthread_mutex_lock(&queue.lock);
	if (--queue.producers_left == 0)	/* the consumers may stop */
		pthread_cond_broadcast(&queue.not_empty);
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

static void *consumer(void *arg)
{
	int me = (int)(intptr_t)arg;

	pthread_mutex_lock(&queue.lock);
	for (;;) {
		while (queue.count == 0 && queue.producers_left > 0)
			pthread_cond_wait(&queue.not_empty, &queue.lock);
		if (queue.count == 0)
			break;
		consumed_sum[me] += queue.items[queue.head];
		consumed_count[me]++;
		queue.head = (queue.head + 1) % QUEUE_SIZE;
		queue.count--;
		pthread_cond_broadcast(&queue.not_full);	/* requeue onto the mutex */
	}
	pthread_mutex_unlock(&queue.lock);
	return NULL;
}

static void test_queue(void)
{
	pthread_t p[2], c[2];
	long n = 2 * ITEMS;

	queue.producers_left = 2;
	for (intptr_t i = 0; i < 2; i++) {
		pthread_create(&c[i], NULL, consumer, (void *)i);
		pthread_create(&p[i], NULL, producer, (void *)i);
	}
	for (int i = 0; i < 2; i++) {
		pthread_join(p[i], NULL);
		pthread_join(c[i], NULL);
	}
	check("queue: every item consumed once",
	    consumed_count[0] + consumed_count[1] == n &&
	    consumed_sum[0] + consumed_sum[1] == n * (n + 1) / 2);
}

/* --- thread-local storage and errno ------------------------------------------ */

static _Thread_local int tls_value = 42;		/* .tdata */
static __thread long tls_zeros[16];			/* .tbss */
static _Thread_local char tls_aligned __attribute__((aligned(64)));
static pthread_barrier_t tls_barrier;

static void *tls_worker(void *arg)
{
	intptr_t me = (intptr_t)arg;
	int ok = tls_value == 42 && tls_zeros[15] == 0 &&
	    (uintptr_t)&tls_aligned % 64 == 0;

	tls_value = 100 + (int)me;
	tls_zeros[15] = me;
	close(-1);			/* EBADF, ... */
	if (me % 2)
		errno = 1000 + (int)me;	/* ... or a value of this thread's own */
	pthread_barrier_wait(&tls_barrier);	/* all have written theirs */
	ok &= tls_value == 100 + me && tls_zeros[15] == me;
	ok &= errno == (me % 2 ? 1000 + (int)me : EBADF);
	pthread_barrier_wait(&tls_barrier);
	return (void *)(intptr_t)ok;
}

static void test_tls(void)
{
	pthread_t t[NTHREADS];
	void *ok;
	int all = 1;

	tls_value = 7;
	errno = 0;
	pthread_barrier_init(&tls_barrier, NULL, NTHREADS);
	for (intptr_t i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, tls_worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ok);
		all &= (intptr_t)ok == 1;
	}
	check("tls: each thread starts from the image and keeps its own values", all);
	check("tls: the main thread's are its own", tls_value == 7);
	check("errno: each thread has its own", errno == 0);
	pthread_barrier_destroy(&tls_barrier);
}

/* --- rwlocks -------------------------------------------------------------------- */

static pthread_rwlock_t rw = PTHREAD_RWLOCK_INITIALIZER;
static volatile long rw_a, rw_b;
static atomic_int readers_inside, max_readers;
static atomic_int torn;

static void *rw_worker(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int i = 0; i < 300; i++) {
		if ((i + me) % 5 == 0) {
			pthread_rwlock_wrlock(&rw);
			rw_a++;
			dawdle();
			rw_b++;
			pthread_rwlock_unlock(&rw);
		} else {
			pthread_rwlock_rdlock(&rw);
			int inside = atomic_fetch_add(&readers_inside, 1) + 1;
			if (inside > atomic_load(&max_readers))
				atomic_store(&max_readers, inside);
			long a = rw_a;
			dawdle();
			if (rw_b != a)
				atomic_fetch_add(&torn, 1);
			atomic_fetch_sub(&readers_inside, 1);
			pthread_rwlock_unlock(&rw);
		}
	}
	return NULL;
}

static void test_rwlock(void)
{
	check("rwlock: threads run", run_threads(rw_worker));
	check("rwlock: a writer is alone (no torn pair seen)", atomic_load(&torn) == 0);
	check("rwlock: every write done", rw_a == NTHREADS * 60 && rw_b == rw_a);
	pthread_rwlock_rdlock(&rw);
	check("rwlock: readers share", pthread_rwlock_tryrdlock(&rw) == 0);
	check("rwlock: a writer waits for readers", pthread_rwlock_trywrlock(&rw) == EBUSY);
	pthread_rwlock_unlock(&rw);
	pthread_rwlock_unlock(&rw);
	check("rwlock: free again", pthread_rwlock_trywrlock(&rw) == 0 &&
	    pthread_rwlock_tryrdlock(&rw) == EBUSY);
	pthread_rwlock_unlock(&rw);
}

/* --- barriers -------------------------------------------------------------------- */

#define ROUNDS 20

static pthread_barrier_t barrier;
static atomic_int arrived[ROUNDS], serial[ROUNDS], early;

static void *barrier_worker(void *arg)
{
	(void)arg;
	for (int r = 0; r < ROUNDS; r++) {
		atomic_fetch_add(&arrived[r], 1);
		if (pthread_barrier_wait(&barrier) == PTHREAD_BARRIER_SERIAL_THREAD)
			atomic_fetch_add(&serial[r], 1);
		if (atomic_load(&arrived[r]) != NTHREADS)	/* past it before all came */
			atomic_fetch_add(&early, 1);
	}
	return NULL;
}

static void test_barrier(void)
{
	int serials = 1;

	pthread_barrier_init(&barrier, NULL, NTHREADS);
	check("barrier: threads run", run_threads(barrier_worker));
	for (int r = 0; r < ROUNDS; r++)
		serials &= atomic_load(&serial[r]) == 1;
	check("barrier: nobody passes before all arrive", atomic_load(&early) == 0);
	check("barrier: one serial thread a round", serials);
	check("barrier: a count of 0 is EINVAL",
	    pthread_barrier_init(&barrier, NULL, 0) == EINVAL);
}

/* --- spin locks ---------------------------------------------------------------- */

static pthread_spinlock_t spin;

static void *add_spin(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCREMENTS / 4; i++) {
		pthread_spin_lock(&spin);
		long v = counter;
		dawdle();
		counter = v + 1;
		pthread_spin_unlock(&spin);
	}
	return NULL;
}

static void test_spin(void)
{
	pthread_spin_init(&spin, PTHREAD_PROCESS_PRIVATE);
	counter = 0;
	check("spinlock: threads run", run_threads(add_spin));
	check("spinlock: no increment lost", counter == NTHREADS * (INCREMENTS / 4));
	check("spinlock: trylock", pthread_spin_trylock(&spin) == 0 &&
	    pthread_spin_trylock(&spin) == EBUSY && pthread_spin_unlock(&spin) == 0);
}

/* --- semaphores ----------------------------------------------------------------- */

static sem_t items, slots;
static atomic_long sem_sum;

static void *sem_consumer(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		sem_wait(&items);
		atomic_fetch_add(&sem_sum, i);
		sem_post(&slots);
	}
	return NULL;
}

static void test_semaphores(void)
{
	pthread_t t[2];
	int value;

	sem_init(&items, 0, 0);
	sem_init(&slots, 0, 3);
	for (int i = 0; i < 2; i++)
		pthread_create(&t[i], NULL, sem_consumer, NULL);
	for (int i = 0; i < 200; i++) {
		sem_wait(&slots);
		sem_post(&items);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(t[i], NULL);
	check("sem: every post taken by a wait", atomic_load(&sem_sum) == 2 * 4950);
	sem_getvalue(&slots, &value);
	check("sem: getvalue", value == 3);
	sem_getvalue(&items, &value);
	check("sem: trywait at 0 is EAGAIN", value == 0 && sem_trywait(&items) == -1 &&
	    errno == EAGAIN);

	struct timespec deadline = deadline_in(CLOCK_REALTIME, 10);
	check("sem: timedwait at 0 is ETIMEDOUT",
	    sem_timedwait(&items, &deadline) == -1 && errno == ETIMEDOUT);
	check("sem: pshared is refused", sem_init(&items, 1, 0) == -1);
}

/* --- once and keys --------------------------------------------------------------- */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static atomic_int once_runs;

static void once_init(void)
{
	dawdle();
	atomic_fetch_add(&once_runs, 1);
}

static void *call_once(void *arg)
{
	(void)arg;
	pthread_once(&once, once_init);
	return (void *)(intptr_t)atomic_load(&once_runs);
}

static pthread_key_t key;
static atomic_long destroyed_sum;
static atomic_int destroyed;

static void destructor(void *value)
{
	atomic_fetch_add(&destroyed, 1);
	atomic_fetch_add(&destroyed_sum, (long)(intptr_t)value);
}

static void *use_key(void *arg)
{
	intptr_t me = (intptr_t)arg;

	if (pthread_getspecific(key) != NULL)
		return (void *)0;
	pthread_setspecific(key, (void *)(me + 1));
	sched_yield();
	return (void *)(intptr_t)(pthread_getspecific(key) == (void *)(me + 1));
}

static void test_once_and_keys(void)
{
	pthread_t t[NTHREADS];
	void *seen;
	int all = 1;

	for (intptr_t i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, call_once, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &seen);
		all &= (intptr_t)seen == 1;
	}
	check("once: the routine ran once, and before anyone returned",
	    all && atomic_load(&once_runs) == 1);

	check("keys: create", pthread_key_create(&key, destructor) == 0);
	pthread_setspecific(key, (void *)100);
	all = 1;
	for (intptr_t i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, use_key, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &seen);
		all &= (intptr_t)seen == 1;
	}
	check("keys: a value per thread", all && pthread_getspecific(key) == (void *)100);
	check("keys: destructors ran at each thread's exit with its value",
	    atomic_load(&destroyed) == NTHREADS && atomic_load(&destroyed_sum) == 1 + 2 + 3 + 4);
	pthread_key_delete(key);
	check("keys: a deleted key is EINVAL", pthread_setspecific(key, NULL) == EINVAL);
}

/* --- create, join, detach ----------------------------------------------------------- */

static void *echo(void *arg)
{
	return arg;
}

static void *self_check(void *arg)
{
	pthread_t *slot = arg;

	return (void *)(intptr_t)(pthread_equal(pthread_self(), *slot) &&
	    pthread_join(pthread_self(), NULL) == EDEADLK);
}

static atomic_int detached_done;

static void *detached(void *arg)
{
	(void)arg;
	atomic_fetch_add(&detached_done, 1);
	return NULL;
}

static void test_lifecycle(void)
{
	pthread_t t;
	pthread_attr_t attr;
	void *value;
	size_t size;

	pthread_create(&t, NULL, echo, (void *)1234);
	check("join: the thread's return value", pthread_join(t, &value) == 0 &&
	    value == (void *)1234);
	pthread_create(&t, NULL, self_check, &t);
	pthread_join(t, &value);
	check("self, equal, join of oneself is EDEADLK", value == (void *)1);
	check("equal: main is not another", !pthread_equal(pthread_self(), t));

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	check("attr: small stacks refused", pthread_attr_setstacksize(&attr, 100) == EINVAL);
	pthread_attr_setstacksize(&attr, 64 * 1024);
	pthread_attr_getstacksize(&attr, &size);
	check("attr: stack size", size == 64 * 1024);
	for (int round = 0; round < 3; round++)	/* later creates free the gone */
		for (int i = 0; i < 8; i++)
			pthread_create(&t, &attr, detached, NULL);
	while (atomic_load(&detached_done) < 24)
		sched_yield();
	check("detach: detached threads ran", atomic_load(&detached_done) == 24);
	pthread_create(&t, NULL, echo, NULL);
	check("detach: after creation", pthread_detach(t) == 0);
}

/* --- thread-safe malloc and stdio ------------------------------------------------------ */

static void *malloc_worker(void *arg)
{
	unsigned long seed = (unsigned long)(intptr_t)arg + 1;
	unsigned char *blocks[32] = { 0 };
	size_t sizes[32];
	int ok = 1;

	for (int i = 0; i < 600; i++) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		int slot = (int)(seed >> 59) & 31;
		if (blocks[slot] != NULL) {
			for (size_t k = 0; k < sizes[slot]; k++)
				ok &= blocks[slot][k] == (unsigned char)(slot + (intptr_t)arg);
			free(blocks[slot]);
		}
		sizes[slot] = 1 + (seed >> 40) % (i % 10 == 0 ? 20000 : 300);
		blocks[slot] = malloc(sizes[slot]);
		memset(blocks[slot], slot + (intptr_t)arg, sizes[slot]);
	}
	for (int slot = 0; slot < 32; slot++)
		free(blocks[slot]);
	return (void *)(intptr_t)ok;
}

static FILE *shared_file;

static void *print_lines(void *arg)
{
	int me = (int)(intptr_t)arg;

	for (int i = 0; i < 200; i++)
		fprintf(shared_file, "thread %d line %d %s\n", me, i, "abcdefghijklmnopqrstuvwxyz");
	flockfile(shared_file);		/* three lines that stay together */
	for (int i = 0; i < 3; i++)
		fprintf(shared_file, "block %d %d\n", me, i);
	funlockfile(shared_file);
	return NULL;
}

static void test_malloc_stdio(void)
{
	pthread_t t[NTHREADS];
	void *ok;
	int all = 1;

	for (intptr_t i = 0; i < NTHREADS; i++)
		pthread_create(&t[i], NULL, malloc_worker, (void *)i);
	for (int i = 0; i < NTHREADS; i++) {
		pthread_join(t[i], &ok);
		all &= (intptr_t)ok == 1;
	}
	check("malloc: blocks intact under four allocating threads", all);

	shared_file = fopen("/tmp/threadtest.out", "w+");
	setvbuf(shared_file, NULL, _IOFBF, 256);	/* many flushes, mid-line too */
	run_threads(print_lines);
	rewind(shared_file);
	char line[128];
	int lines = 0, intact = 1, me, i, prev_block = -1, blocks_together = 1;
	while (fgets(line, sizeof line, shared_file) != NULL) {
		char tail[40];
		lines++;
		if (sscanf(line, "block %d %d", &me, &i) == 2) {
			blocks_together &= i == 0 || prev_block == me * 10 + i - 1;
			prev_block = me * 10 + i;
			continue;
		}
		prev_block = -1;
		intact &= sscanf(line, "thread %d line %d %39s", &me, &i, tail) == 3 &&
		    strcmp(tail, "abcdefghijklmnopqrstuvwxyz") == 0;
	}
	fclose(shared_file);
	unlink("/tmp/threadtest.out");
	check("stdio: every line whole", lines == NTHREADS * 203 && intact);
	check("stdio: flockfile keeps a thread's lines together", blocks_together);
	int locked = ftrylockfile(stdout) == 0;
	if (locked)
		funlockfile(stdout);
	check("stdio: ftrylockfile", locked);
}

/* --- processes: exit, fork, signals ------------------------------------------------------ */

static int exit_code(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static void *spin_forever(void *arg)
{
	(void)arg;
	for (;;)
		dawdle();
}

static void *sleep_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
}

static void *exit_soon(void *arg)
{
	(void)arg;
	struct timespec t = { 0, 5 * MS };
	nanosleep(&t, NULL);
	exit(3);
}

static void test_exit_from_a_thread(void)
{
	pid_t pid = fork();

	if (pid == 0) {
		pthread_t t;
		pthread_create(&t, NULL, spin_forever, NULL);
		pthread_create(&t, NULL, sleep_forever, NULL);
		pthread_create(&t, NULL, exit_soon, NULL);
		spin_forever(NULL);
	}
	check("exit: one thread's exit ends the process", exit_code(pid) == 3);

	pid = fork();
	if (pid == 0) {			/* main leaves first; the last one out exits 0 */
		pthread_t t;
		pthread_create(&t, NULL, echo, NULL);
		pthread_exit(NULL);
	}
	check("exit: pthread_exit of every thread exits 0", exit_code(pid) == 0);
}

static void *fork_in_thread(void *arg)
{
	(void)arg;
	pid_t pid = fork();

	if (pid == 0) {
		/* the only thread here; malloc and stdio work, so do threads */
		char *p = malloc(100);
		pthread_t t;
		void *value;
		snprintf(p, 100, "child");
		int ok = pthread_create(&t, NULL, echo, (void *)5) == 0 &&
		    pthread_join(t, &value) == 0 && value == (void *)5;
		_exit(ok && strcmp(p, "child") == 0 ? 7 : 1);
	}
	return (void *)(intptr_t)exit_code(pid);
}

static void test_fork_from_a_thread(void)
{
	pthread_t t, busy[2];
	void *code;

	for (int i = 0; i < 2; i++)	/* busy with malloc meanwhile */
		pthread_create(&busy[i], NULL, malloc_worker, (void *)(intptr_t)i);
	pthread_create(&t, NULL, fork_in_thread, NULL);
	pthread_join(t, &code);
	for (int i = 0; i < 2; i++)
		pthread_join(busy[i], NULL);
	check("fork: from a thread, the child has one working thread", code == (void *)7);
}

static pthread_t signalled_in;
static volatile sig_atomic_t signals;

static void on_usr1(int sig)
{
	(void)sig;
	signalled_in = pthread_self();
	signals++;
}

static volatile int worker_ready;

static void *signal_worker(void *arg)
{
	(void)arg;
	worker_ready = 1;
	while (signals == 0)
		dawdle();
	return NULL;
}

static void *wait_for_usr1(void *arg)
{
	(void)arg;
	sigset_t set;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* this one never takes it */
	while (signals < 2)
		sched_yield();
	return NULL;
}

static void test_signals(void)
{
	struct sigaction sa;
	sigset_t set, old;
	pthread_t worker, blocker;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	pthread_create(&blocker, NULL, wait_for_usr1, NULL);
	worker_ready = 0;
	pthread_create(&worker, NULL, signal_worker, NULL);	/* with main's mask */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &set, &old);	/* main blocks it: the worker takes it */
	while (!worker_ready)
		sched_yield();
	kill(getpid(), SIGUSR1);
	pthread_join(worker, NULL);
	check("signals: to the process, taken by the thread that does not block it",
	    signals == 1 && pthread_equal(signalled_in, worker));

	pthread_sigmask(SIG_SETMASK, &old, NULL);
	check("signals: pthread_kill to one thread", pthread_kill(pthread_self(), SIGUSR1) == 0 &&
	    signals == 2 && pthread_equal(signalled_in, pthread_self()));
	pthread_join(blocker, NULL);
	check("signals: pthread_kill of a thread that ended is ESRCH",
	    pthread_kill(worker, SIGUSR1) == ESRCH);
	check("pthread_sigmask: a bad how is EINVAL",
	    pthread_sigmask(12345, &set, NULL) == EINVAL);
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], "race") == 0) {
		printf("lost %ld of %d increments without a lock\n", lost_without_lock(),
		    NTHREADS * INCREMENTS);
		return 0;
	}
	test_counter();
	test_mutex_kinds();
	test_ping_pong();
	test_cond_timeout();
	test_queue();
	test_tls();
	test_rwlock();
	test_barrier();
	test_spin();
	test_semaphores();
	test_once_and_keys();
	test_lifecycle();
	test_malloc_stdio();
	test_exit_from_a_thread();
	test_fork_from_a_thread();
	test_signals();
	return report();
}
