/*
 * fuzz: the kernel's system call fuzzer (what `minikern fuzz` runs).
 *
 *	fuzz SEED CALLS PROCS
 *
 * The first process is the coordinator: it never fuzzes.  It forks PROCS
 * workers and keeps that many alive (a worker that dies, of a signal or an
 * exit it chose, is replaced) until CALLS system calls have been made by
 * all of them together.  A worker issues random raw system calls (the
 * `syscall` instruction, no libc wrapper) taken from <sys/syscall_args.h>,
 * the table the build generates from the kernel's syscalls.master: a call
 * added to the kernel is fuzzed without a change here.  Each argument gets
 * a valid, boundary or hostile value for its kind: pointers into the
 * worker's own memory (mapped, unmapped, read-only, PROT_NONE, code,
 * straddling a hole), into the kernel half, non-canonical, misaligned;
 * huge lengths; every flag bit; negative and huge integers; open, closed
 * and absurd descriptors.  fork, execve, signals and kill are in the mix;
 * what would end the campaign trivially is not (kill(-1), a signal to the
 * coordinator or its group), and sleeps are short.
 *
 * The coordinator is also the watchdog: a process that makes no progress
 * for two of its periods (blocked on a pipe it holds itself, in
 * sigsuspend, or looping in a signal handler) is killed.  Everything is
 * deterministic: the same seed gives the same calls in the same order.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mman.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/syscall_args.h>
#include <sys/wait.h>

#define PAGE		4096UL
#define ARENA_PAGES	16	/* the worker's own region for mmap & co */
#define UNTERMINATED	7	/* arena page full of 'a', no NUL, before... */
#define HOLE		8	/* ...an unmapped page */
#define READONLY	10
#define NOACCESS	12
#define MAXSLOTS	48	/* fuzzing processes alive at once */
#define MAXFDS		16
#define MAXKIDS		8
#define CHILD_BUDGET	64	/* calls a forked child makes before it exits */
#define WATCH_NS	1000000	/* the watchdog's period: 1 ms (virtual) */

/* Shared by every process of the campaign (MAP_SHARED). */
struct slot {
	volatile long pid;	/* 0: free */
	volatile long progress;	/* calls made, as the watchdog sees it */
};
static struct shared {
	volatile long calls;	/* made so far, by all */
	long limit;
	struct slot slots[MAXSLOTS];
} *sh;

static int coordinator;		/* its pid, which is also its group */
static unsigned long rng;

/* A fuzzing process's own state (never handed to the kernel). */
static struct slot *myslot;
static char *arena;
static long budget = -1;	/* a forked child's calls left; -1: worker */
static long mypid;
static unsigned long caught;	/* a signal on_signal was installed for */
static long fds[MAXFDS];
static int nfds;
static long kids[MAXKIDS];
static int nkids;
static unsigned char rarity[SYSARG_COUNT];

/* Memory the kernel may write at will. */
static char scratch[4 * PAGE];
static char victim[2 * PAGE];
static char longpath[3000];

static const char *const paths[] = {
	"/tmp/fz/a", "/tmp/fz/b", "/tmp/fz/d", "/tmp/fz/d/c", "/tmp/fz/d/e",
	"/tmp/fz", "/tmp", "/", ".", "..", "", "/tmp/fz/d/../a", "/tmp/fz/a/x",
	"/nonexistent/x", "/dev/null", "/dev/zero", "/dev/console",
	"/tmp/fz/true", "fz-rel", "d", "d/c", "e", "../fz/e",
};
#define NPATHS (sizeof paths / sizeof paths[0])
static char *const argv_echo[] = { "echo", "fuzz: exec", NULL };
static char *const argv_bad[] = { "true", (char *)0xffff800000001000UL, NULL };

static unsigned long next(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545F4914F6CDD1DUL;
}

static unsigned long rnd(unsigned long n)
{
	return next() % n;
}

static long raw_syscall(long number, unsigned long a[6], int *failed)
{
	register unsigned long r10 __asm__("r10") = a[3];
	register unsigned long r8 __asm__("r8") = a[4];
	register unsigned long r9 __asm__("r9") = a[5];
	unsigned long rax = number, rdi = a[0], rsi = a[1], rdx = a[2];
	unsigned char carry;

	__asm__ volatile("syscall; setc %1"
	    : "+a"(rax), "=q"(carry), "+D"(rdi), "+S"(rsi), "+d"(rdx),
	      "+r"(r10), "+r"(r8), "+r"(r9)
	    : : "rcx", "r11", "memory", "cc");
	*failed = carry;
	return rax;
}

static void raw_exit(int status)
{
	unsigned long a[6] = { status };
	int failed;

	if (myslot != NULL)
		myslot->pid = 0;
	for (;;)
		raw_syscall(SYS_exit, a, &failed);
}

static unsigned long struct_word(void);

/* The handler the fuzz installs.  Now and then it damages the signal
 * context the kernel saved on its stack (ctx, as sendsig passes it in
 * the third argument), so that the sigreturn made on its way out hands
 * the kernel a hostile frame. */
static void on_signal(int sig, void *info, void *ctx)
{
	unsigned long *words = ctx;
	int i;

	(void)sig;
	(void)info;
	if (rnd(4) != 0 || ctx == NULL)
		return;
	for (i = 1 + rnd(3); i > 0; i--)
		words[rnd(32)] = struct_word();
}

/* -- values ------------------------------------------------------------ */

static unsigned long hostile_int(void)
{
	static const unsigned long values[] = {
		0, 1, 2, 3, 7, 64, 255, 4096, 0x7fffffff, 0x80000000UL,
		0xffffffffUL, 0x100000000UL, 0x7fffffffffffffffUL,
		0x8000000000000000UL, -1UL, -2UL, -4096UL,
	};
	switch (rnd(4)) {
	case 0:
		return values[rnd(sizeof values / sizeof values[0])];
	case 1:
		return next();
	case 2:
		return (unsigned int)next();
	default:
		return rnd(64);
	}
}

/* Constants the headers define, for flag and command arguments: a few of
 * them or'ed together are often valid, so the calls get past EINVAL. */
static const unsigned long known_flags[] = {
	O_WRONLY, O_RDWR, O_NONBLOCK, O_APPEND, O_CREAT, O_TRUNC, O_EXCL,
	O_CLOEXEC, O_DIRECTORY, PROT_READ, PROT_WRITE, PROT_EXEC, MAP_SHARED,
	MAP_PRIVATE, MAP_FIXED, MAP_ANON, MAP_STACK, MADV_RANDOM,
	MADV_SEQUENTIAL, MADV_WILLNEED, MADV_DONTNEED, F_DUPFD, F_GETFD,
	F_SETFD, F_GETFL, F_SETFL, SEEK_CUR, SEEK_END, SIG_BLOCK, SIG_UNBLOCK,
	SIG_SETMASK, CLOCK_MONOTONIC, WNOHANG, 0644, 0755, TIOCGETA, TIOCSETA,
	TIOCGPGRP, TIOCSPGRP, TIOCGWINSZ, FIONREAD,
};

static unsigned long known(void)
{
	return known_flags[rnd(sizeof known_flags / sizeof known_flags[0])];
}

static unsigned long flags(void)
{
	switch (rnd(9)) {
	case 0:
		return 0;
	case 5:
	case 6:
		return known();
	case 7:
	case 8:
		return known() | known() | (rnd(2) ? known() : 0);
	case 1:
		return 1UL << rnd(64);		/* every bit, one at a time */
	case 2:
		return rnd(16);
	case 3:
		return next() & 0xfff;
	default:
		return hostile_int();
	}
}

static unsigned long length(void)
{
	static const unsigned long values[] = {
		0, 1, 8, 16, 100, PAGE - 1, PAGE, PAGE + 1, 3 * PAGE,
		ARENA_PAGES * PAGE, 1UL << 20, 1UL << 30, 1UL << 40,
		0x7fffffffffffffffUL, -1UL, -PAGE,
	};
	return rnd(2) ? rnd(2 * PAGE) : values[rnd(sizeof values / sizeof values[0])];
}

static unsigned long offset(void)
{
	static const unsigned long values[] = {
		0, 1, 512, PAGE, 1UL << 20, 1UL << 32, 1UL << 40,
		0x7fffffffffffffffUL, -1UL, 0x8000000000000000UL,
	};
	switch (rnd(4)) {
	case 0:
		return 0;
	case 1:
		return rnd(3 * PAGE);
	case 2:
		return rnd(4) * PAGE;
	default:
		return values[rnd(sizeof values / sizeof values[0])];
	}
}

static unsigned long descriptor(void)
{
	static const unsigned long values[] = {
		-1UL, 3, 9, 63, 64, 255, 1000, 0x7fffffff, 0x80000000UL,
		0x100000001UL, -100UL,
	};
	int r = rnd(8);
	if (r < 5 && nfds > 0)
		return fds[rnd(nfds)];
	if (r == 5)
		return rnd(3);
	return values[rnd(sizeof values / sizeof values[0])];
}

static unsigned long process(void)
{
	static const unsigned long values[] = {
		0, 2, 5, 17, 99999, 0x7fffffff, 0x80000000UL, -99999UL,
		0x100000000UL,
	};
	switch (rnd(6)) {
	case 0:
	case 1:
		if (nkids > 0)
			return kids[rnd(nkids)];
		/* fall through */
	case 2:
		return mypid;
	case 3:
		return -(long)getpgrp();
	default:
		return values[rnd(sizeof values / sizeof values[0])];
	}
}

static unsigned long signal_number(void)
{
	static const unsigned long values[] = { 0, 9, 17, 19, 31, 32, 33, 64, -1UL, 1000 };
	return rnd(4) ? 1 + rnd(31) : values[rnd(sizeof values / sizeof values[0])];
}

/* An address the kernel must refuse or handle with care. */
static unsigned long bad_pointer(void)
{
	unsigned long a = (unsigned long)arena;
	unsigned long sp = (unsigned long)&a;

	switch (rnd(14)) {
	case 0:
		return 0;
	case 1:
		return 0xffff800000000000UL + rnd(1UL << 30);	/* kernel half */
	case 2:
		return -PAGE + rnd(PAGE);
	case 3:
		return 0x0000800000000000UL + rnd(PAGE);	/* non-canonical */
	case 4:
		return 0x00007ffffffff000UL + rnd(PAGE);	/* top of user */
	case 5:
		return a + HOLE * PAGE + rnd(PAGE);		/* unmapped */
	case 6:
		return a + HOLE * PAGE - 1 - rnd(64);		/* straddles it */
	case 7:
		return a + READONLY * PAGE + rnd(PAGE);
	case 8:
		return a + NOACCESS * PAGE + rnd(PAGE);
	case 9:
		return (unsigned long)on_signal;		/* own code */
	case 10:
		return (unsigned long)victim + 1 + rnd(7);	/* misaligned */
	case 11:
		return (sp - 65536 - rnd(65536)) & ~7UL;	/* unused stack */
	case 12:
		return 1 + rnd(PAGE);
	default:
		return a + rnd(ARENA_PAGES * PAGE);
	}
}

/* A word for a structure the kernel reads: a timespec, sigaction, argv,
 * sysctl name... anything, so a mix of what such fields hold. */
static unsigned long struct_word(void)
{
	switch (rnd(8)) {
	case 0:
		return 0;
	case 1:
		return rnd(16);
	case 2:
		return rnd(1000000000);
	case 3:
		return (unsigned long)paths[rnd(NPATHS)];
	case 4:
		return (unsigned long)on_signal;
	case 5:
		return bad_pointer();
	default:
		return hostile_int();
	}
}

static unsigned long buffer(void)
{
	unsigned long *w = (unsigned long *)scratch;
	unsigned int i, n = 1 + rnd(16);

	if (rnd(4) == 0)
		return bad_pointer();
	if (rnd(4) == 0)
		return (unsigned long)victim + rnd(PAGE);
	for (i = 0; i < n; i++)
		w[i] = struct_word();
	return (unsigned long)scratch;
}

static unsigned long path(void)
{
	switch (rnd(8)) {
	case 0:
		return (unsigned long)longpath + rnd(sizeof longpath - 1);
	case 1:
		return (unsigned long)arena + HOLE * PAGE - 1 - rnd(32);  /* no NUL */
	case 2:
		return bad_pointer();
	default:
		return (unsigned long)paths[rnd(NPATHS)];
	}
}

static unsigned long address(void)
{
	unsigned long a = (unsigned long)arena;

	switch (rnd(6)) {
	case 0:
		return bad_pointer();
	case 1:
		return a + rnd(ARENA_PAGES * PAGE);		/* misaligned */
	default:
		return a + rnd(ARENA_PAGES) * PAGE;
	}
}

static unsigned long argv_array(void)
{
	switch (rnd(5)) {
	case 0:
		return (unsigned long)argv_echo;
	case 1:
		return (unsigned long)argv_bad;
	case 2:
		return 0;
	case 3:
		return bad_pointer();
	default:
		return buffer();
	}
}

static unsigned long value(int kind)
{
	switch (kind) {
	case SYSARG_FLAGS:	return flags();
	case SYSARG_LEN:	return length();
	case SYSARG_OFF:	return offset();
	case SYSARG_FD:	return descriptor();
	case SYSARG_PID:	return process();
	case SYSARG_SIG:	return signal_number();
	case SYSARG_PATH:	return path();
	case SYSARG_BUF:	return buffer();
	case SYSARG_ADDR:	return address();
	case SYSARG_ARGV:	return argv_array();
	default:	return hostile_int();
	}
}

/* -- the rules: what must not end the campaign ---------------------------- */

static int targets_coordinator(long pid)
{
	int p = (int)pid;

	return p == -1 || p == coordinator || p == -coordinator ||
	    (p == 0 && getpgrp() == coordinator);
}

static int named(const struct sysarg_desc *d, const char *name)
{
	return strcmp(d->name, name) == 0;
}

/* Adjust generated arguments where a call would end the campaign or
 * sleep for ever; return 0 to skip the call. */
static int make_safe(const struct sysarg_desc *d, unsigned long a[6])
{
	if (named(d, "kill") && targets_coordinator(a[0]))
		a[0] = mypid;
	else if (named(d, "setpgid") && (int)a[1] == coordinator)
		a[1] = 0;
	else if (named(d, "nanosleep") && a[0] == (unsigned long)scratch) {
		long *ts = (long *)scratch;	/* short, now and then invalid */
		ts[0] = rnd(16) ? 0 : (long)hostile_int();
		ts[1] = rnd(16) ? (long)rnd(200000) : (long)hostile_int();
	} else if (named(d, "sigaction") && a[1] == (unsigned long)scratch) {
		unsigned long handlers[] = { (unsigned long)on_signal, 0, 1 };
		unsigned long *sa = (unsigned long *)scratch;
		if (rnd(4)) {		/* mostly a handler that can run */
			sa[0] = handlers[rnd(3)];
			sa[1] = rnd(2) ? 0 : sa[1];	/* sa_mask, sa_flags */
			if (sa[0] == (unsigned long)on_signal)
				caught = a[0];
		}
	} else if (named(d, "kill") && caught != 0 && rnd(2)) {
		a[1] = caught;		/* a signal with a handler, often */
	} else if (named(d, "execve") && rnd(2)) {
		/* (not in paths[]: no fuzzing call damages these two) */
		a[0] = (unsigned long)(rnd(2) ? "/bin/true" : "/bin/echo");
		a[1] = (unsigned long)argv_echo;	/* so that some succeed */
		a[2] = 0;
	} else if (named(d, "wait4") && rnd(4))
		a[2] = WNOHANG;
	else if ((named(d, "exit") || named(d, "__threxit")) && budget < 0 && rnd(4))
		return 0;			/* a worker exits rarely */
	else if (named(d, "futex") && (a[1] & 127) == 1 && a[3] == 0)
		return 0;			/* FUTEX_WAIT with no timeout: for ever */
	else if (named(d, "__set_tcb"))
		return 0;			/* any value is valid; a wrong one breaks libc */
	else if (named(d, "reboot"))
		return 0;			/* it stops the machine */
	return 1;
}

/* How rarely each call is made (1: as often as any). */
static void set_rarity(void)
{
	static const struct { const char *name; int rarity; } rare[] = {
		{ "exit", 32 }, { "fork", 8 }, { "execve", 8 }, { "sigreturn", 16 },
		{ "sigsuspend", 16 }, { "kill", 4 }, { "nanosleep", 4 }, { "wait4", 2 },
		{ "__threxit", 32 }, { "__tfork", 8 }, { "thrkill", 4 },
	};
	unsigned int i, j;

	for (i = 0; i < SYSARG_COUNT; i++) {
		rarity[i] = 1;
		for (j = 0; j < sizeof rare / sizeof rare[0]; j++)
			if (named(&sysarg_table[i], rare[j].name))
				rarity[i] = rare[j].rarity;
	}
}

/* -- a fuzzing process ---------------------------------------------------- */

static void remember(long *list, int *n, int max, long value)
{
	if (*n < max)
		list[(*n)++] = value;
	else
		list[rnd(max)] = value;
}

static void claim_slot(void)
{
	int i;

	mypid = getpid();
	for (i = 0; i < MAXSLOTS; i++)
		if (__sync_bool_compare_and_swap(&sh->slots[i].pid, 0, mypid)) {
			myslot = &sh->slots[i];
			return;
		}
	myslot = NULL;
	raw_exit(0);		/* too many: this one does not fuzz */
}

/* The forked child of a fuzzing call goes on fuzzing, for a while. */
static void became_child(void)
{
	myslot = NULL;
	nkids = 0;
	budget = CHILD_BUDGET;
	claim_slot();
	rng ^= 0x9E3779B97F4A7C15UL * (unsigned long)mypid;
}

/* Use memory a successful mmap gave: every page of it (up to 1 MiB) is
 * read or written, so faults, copy-on-write after fork, file pages and
 * running out of memory are fuzzed too.  A fault on a page the
 * protection forbids kills this process, as it should. */
static void touch(volatile char *start, unsigned long len, unsigned long prot)
{
	unsigned long off;

	if (len > (1UL << 20))
		len = 1UL << 20;
	for (off = 0; off < len; off += PAGE) {
		if (prot & PROT_WRITE)
			start[off] = (char)off;
		else
			(void)start[off];
	}
}

static void after_call(const struct sysarg_desc *d, unsigned long a[6], long rv)
{
	if (named(d, "mmap") && rnd(2)) {
		touch((volatile char *)rv, a[1], a[2]);
	} else if (named(d, "fork")) {
		if (rv == 0)
			became_child();
		else
			remember(kids, &nkids, MAXKIDS, rv);
	} else if (named(d, "open") || named(d, "dup") || named(d, "dup2")) {
		remember(fds, &nfds, MAXFDS, rv);
	} else if ((named(d, "pipe") || named(d, "pipe2")) &&
	    a[0] == (unsigned long)scratch) {
		remember(fds, &nfds, MAXFDS, ((int *)scratch)[0]);
		remember(fds, &nfds, MAXFDS, ((int *)scratch)[1]);
	}
}

static void fuzz_one(void)
{
	const struct sysarg_desc *d = &sysarg_table[rnd(SYSARG_COUNT)];
	unsigned long a[6] = { 0 };
	int i, failed;
	long rv;

	if (rarity[d - sysarg_table] > 1 && rnd(rarity[d - sysarg_table]))
		return;
	for (i = 0; i < d->nargs; i++)
		a[i] = value(d->kind[i]);
	if (!make_safe(d, a))
		return;
	__atomic_fetch_add(&sh->calls, 1, __ATOMIC_RELAXED);
	myslot->progress++;
	rv = raw_syscall(d->number, a, &failed);
	if (!failed)
		after_call(d, a, rv);
}

static void make_arena(void)
{
	int i;

	arena = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANON, -1, 0);
	if (arena == MAP_FAILED)
		raw_exit(1);
	for (i = 0; i < ARENA_PAGES; i++)
		arena[i * PAGE] = i;
	memset(arena + UNTERMINATED * PAGE, 'a', PAGE);
	munmap(arena + HOLE * PAGE, PAGE);
	mprotect(arena + READONLY * PAGE, PAGE, PROT_READ);
	mprotect(arena + NOACCESS * PAGE, PAGE, PROT_NONE);
}

static void worker(unsigned long seed, int index)
{
	int p[2];

	rng = (seed + 1) * 0x9E3779B97F4A7C15UL ^ (unsigned long)(index + 1) << 32;
	next();
	setpgid(0, 0);
	claim_slot();
	chdir("/tmp/fz");		/* where relative paths point */
	make_arena();
	fds[nfds++] = open(paths[rnd(2)], O_RDWR | O_CREAT, 0644);
	fds[nfds++] = open("/tmp/fz/d", O_RDONLY);
	if (pipe2(p, O_NONBLOCK) == 0) {
		fds[nfds++] = p[0];
		fds[nfds++] = p[1];
	}
	while (sh->calls < sh->limit && budget != 0) {
		fuzz_one();
		if (budget > 0)
			budget--;
	}
	raw_exit(0);
}

/* -- the coordinator ------------------------------------------------------ */

static void copy_file(const char *from, const char *to)
{
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT, 0755);
	ssize_t n;

	while (in >= 0 && out >= 0 && (n = read(in, scratch, sizeof scratch)) > 0)
		write(out, scratch, n);
	close(in);
	close(out);
}

static void prepare_files(void)
{
	int fd, i;

	mkdir("/tmp", 0777);
	mkdir("/tmp/fz", 0777);
	mkdir("/tmp/fz/d", 0777);
	for (i = 0; i < 3; i++) {
		fd = open(i == 2 ? "/tmp/fz/d/c" : paths[i], O_WRONLY | O_CREAT, 0644);
		if (fd >= 0) {
			write(fd, "fuzz file contents\n", 19);
			close(fd);
		}
	}
	copy_file("/bin/true", "/tmp/fz/true");	/* one the fuzz may damage */
	for (i = 0; i + 2 < (int)sizeof longpath; i += 2)
		memcpy(longpath + i, "a/", 2);
}

static long spawn_worker(unsigned long seed, int index)
{
	long pid = fork();

	if (pid == 0)
		worker(seed, index);
	return pid;
}

/* Kill whoever has made no progress for two periods; free the slots of
 * processes that are gone.  Returns how many fuzzing processes live. */
static int watch(long *seen, int *stalls)
{
	int i, alive = 0;

	for (i = 0; i < MAXSLOTS; i++) {
		long pid = sh->slots[i].pid;
		if (pid == 0)
			continue;
		if (kill(pid, 0) < 0) {		/* gone (or a zombie) */
			__sync_bool_compare_and_swap(&sh->slots[i].pid, pid, 0);
			continue;
		}
		alive++;
		if (sh->slots[i].progress != seen[i]) {
			seen[i] = sh->slots[i].progress;
			stalls[i] = 0;
		} else if (++stalls[i] >= 2) {
			kill(pid, SIGKILL);
			stalls[i] = 0;
		}
	}
	return alive;
}

int main(int argc, char **argv)
{
	static long workers[MAXSLOTS];
	long seen[MAXSLOTS] = { 0 };
	int stalls[MAXSLOTS] = { 0 };
	struct timespec period = { 0, WATCH_NS };
	unsigned long seed;
	int procs, i, alive, status, spawned;
	long pid;

	if (argc != 4) {
		fprintf(stderr, "usage: fuzz SEED CALLS PROCS\n");
		return 2;
	}
	seed = strtoul(argv[1], NULL, 0);
	procs = atoi(argv[3]);
	if (procs < 1 || procs > MAXSLOTS / 2)
		procs = procs < 1 ? 1 : MAXSLOTS / 2;
	sh = mmap(NULL, sizeof *sh, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANON, -1, 0);
	if (sh == MAP_FAILED) {
		perror("fuzz: mmap");
		return 1;
	}
	sh->limit = strtol(argv[2], NULL, 0);
	coordinator = getpid();
	setpgid(0, 0);
	set_rarity();
	prepare_files();
	signal(SIGPIPE, SIG_IGN);
	for (spawned = 0;;) {
		while ((pid = wait4(-1, &status, WNOHANG, NULL)) > 0)
			for (i = 0; i < procs; i++)
				if (workers[i] == pid)
					workers[i] = 0;
		for (i = 0; i < procs; i++)	/* keep PROCS workers fuzzing */
			if (workers[i] <= 0 && sh->calls < sh->limit)
				workers[i] = spawn_worker(seed + spawned++, i);
		alive = watch(seen, stalls);
		if (sh->calls >= sh->limit && alive == 0)
			break;
		nanosleep(&period, NULL);
	}
	kill(-1, SIGKILL);	/* what the workers exec'd or left behind */
	while (wait4(-1, &status, 0, NULL) > 0 || errno == EINTR)
		;
	return 0;
}
