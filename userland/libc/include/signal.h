#ifndef _SIGNAL_H_
#define _SIGNAL_H_

#include <sys/cdefs.h>
#include <sys/types.h>

/* Signal numbers and the flags of the signal calls (SA_*, SIG_BLOCK..,
 * SS_*, MINSIGSTKSZ): OpenBSD's, from the kernel's minikern/sys/signal.py. */
#include <sys/signal_values.h>

typedef unsigned int sigset_t;
typedef int sig_atomic_t;
typedef void (*sig_t)(int);

#define SIG_DFL	((sig_t)0)
#define SIG_IGN	((sig_t)1)
#define SIG_ERR	((sig_t)-1)

typedef struct {
	int si_signo;
	int si_code;
	int si_errno;
	void *si_addr;		/* the faulting address, for SIGSEGV and friends */
	char __pad[136 - 24];
} siginfo_t;

struct sigaction {
	union {
		void (*__sa_handler)(int);
		void (*__sa_sigaction)(int, siginfo_t *, void *);
	} __sigaction_u;
	sigset_t sa_mask;
	int sa_flags;
};
#define sa_handler	__sigaction_u.__sa_handler
#define sa_sigaction	__sigaction_u.__sa_sigaction

/*
 * What a handler interrupted, as the kernel saved it on the stack
 * (OpenBSD amd64's struct sigcontext; a handler's third argument).  A
 * handler may change it: sigreturn(2) loads it back, refusing what a
 * program could not do itself (privileged flags, kernel addresses).
 */
struct fxsave64 {
	unsigned short fx_fcw, fx_fsw;
	unsigned char fx_ftw, fx_unused1;
	unsigned short fx_fop;
	unsigned long fx_rip, fx_rdp;
	unsigned int fx_mxcsr, fx_mxcsr_mask;
	unsigned long fx_st[8][2];	/* x87 ST(0)-ST(7), 80 bits used */
	unsigned long fx_xmm[16][2];
	unsigned char fx_unused3[96];
};

struct sigcontext {
	long sc_rdi, sc_rsi, sc_rdx, sc_rcx, sc_r8, sc_r9, sc_r10, sc_r11;
	long sc_r12, sc_r13, sc_r14, sc_r15, sc_rbp, sc_rbx, sc_rax;
	long sc_gs, sc_fs, sc_es, sc_ds, sc_trapno, sc_err;
	long sc_rip, sc_cs, sc_rflags, sc_rsp, sc_ss;
	struct fxsave64 *sc_fpstate;
	int __sc_unused;
	int sc_mask;
	long sc_cookie;
};
typedef struct sigcontext ucontext_t;

/* sigaltstack(2): a stack for handlers with SA_ONSTACK (a SIGSEGV
 * handler on stack overflow needs one). */
typedef struct sigaltstack {
	void *ss_sp;
	size_t ss_size;
	int ss_flags;
} stack_t;

#define SIGSTKSZ	(MINSIGSTKSZ + 4U * 4096)

int kill(pid_t pid, int sig);
int raise(int sig);
int sigaction(int sig, const struct sigaction *act, struct sigaction *oact);
sig_t signal(int sig, sig_t handler);
int sigprocmask(int how, const sigset_t *set, sigset_t *oset);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
int sigemptyset(sigset_t *set);
int sigfillset(sigset_t *set);
int sigaddset(sigset_t *set, int sig);
int sigdelset(sigset_t *set, int sig);
int sigismember(const sigset_t *set, int sig);
int sigaltstack(const stack_t *ss, stack_t *oss);
#if __POSIX_VISIBLE >= 199506
/* The calling thread's mask; a signal to one thread (pthread_t is a
 * struct pthread *). */
struct pthread;
int pthread_sigmask(int how, const sigset_t *set, sigset_t *oset);
int pthread_kill(struct pthread *thread, int sig);
#endif

#endif
