"""Signal numbers and the flags of the signal calls (OpenBSD's
sys/signal.h).  Declared here once; build.py writes them into the C
library's <sys/signal_values.h>, which <signal.h> includes.
"""

SIGHUP = 1
SIGINT = 2
SIGQUIT = 3
SIGILL = 4
SIGTRAP = 5
SIGABRT = 6
SIGEMT = 7
SIGFPE = 8
SIGKILL = 9
SIGBUS = 10
SIGSEGV = 11
SIGSYS = 12
SIGPIPE = 13
SIGALRM = 14
SIGTERM = 15
SIGURG = 16
SIGSTOP = 17
SIGTSTP = 18
SIGCONT = 19
SIGCHLD = 20
SIGTTIN = 21
SIGTTOU = 22
SIGIO = 23
SIGXCPU = 24
SIGXFSZ = 25
SIGVTALRM = 26
SIGPROF = 27
SIGWINCH = 28
SIGINFO = 29
SIGUSR1 = 30
SIGUSR2 = 31
SIGTHR = 32
NSIG = 33               # one more than the largest signal number

SIGNAL_NAMES = {number: name for name, number in list(globals().items())
                if name.startswith("SIG") and isinstance(number, int)}

# sigaction(2)'s sa_flags.
SA_ONSTACK = 0x0001
SA_RESTART = 0x0002
SA_RESETHAND = 0x0004
SA_NOCLDSTOP = 0x0008   # no SIGCHLD when a child stops
SA_NODEFER = 0x0010
SA_NOCLDWAIT = 0x0020
SA_SIGINFO = 0x0040

# sigprocmask(2)'s how.
SIG_BLOCK = 1
SIG_UNBLOCK = 2
SIG_SETMASK = 3

# sigaltstack(2): ss_flags, and the least size of a stack.
SS_ONSTACK = 0x0001     # (read only) a handler runs on it now
SS_DISABLE = 0x0004
MINSIGSTKSZ = 3 * 4096

C_DEFINES = [
    ("dec", " ".join(SIGNAL_NAMES.values()) + " NSIG"),
    ("hex", "SA_ONSTACK SA_RESTART SA_RESETHAND SA_NOCLDSTOP SA_NODEFER SA_NOCLDWAIT SA_SIGINFO"),
    ("dec", "SIG_BLOCK SIG_UNBLOCK SIG_SETMASK"),
    ("hex", "SS_ONSTACK SS_DISABLE"),
    ("unsigned", "MINSIGSTKSZ"),
]
