"""Signals.  For now every signal takes its default action, which for the
signals the kernel itself raises is to terminate the process (user
handlers, sigaction and sigprocmask come with the process issue)."""

SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGEMT, SIGFPE = range(1, 9)
SIGKILL, SIGBUS, SIGSEGV, SIGSYS, SIGPIPE, SIGALRM, SIGTERM = range(9, 16)
SIGURG, SIGSTOP, SIGTSTP, SIGCONT, SIGCHLD = range(16, 21)
SIGUSR1, SIGUSR2 = 30, 31

SIGNAL_NAMES = {
    1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP",
    6: "SIGABRT", 7: "SIGEMT", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGBUS",
    11: "SIGSEGV", 12: "SIGSYS", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
    16: "SIGURG", 17: "SIGSTOP", 18: "SIGTSTP", 19: "SIGCONT", 20: "SIGCHLD",
    21: "SIGTTIN", 22: "SIGTTOU", 23: "SIGIO", 24: "SIGXCPU", 25: "SIGXFSZ",
    26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGINFO",
    30: "SIGUSR1", 31: "SIGUSR2", 32: "SIGTHR",
}


def trapsignal(p, sig, addr, rip):
    """A fault in p's own code (trapsignal(9)): say what happened, then
    take the default action."""
    from .kern_exit import exit1
    p.kernel.log(f"pid {p.pid} ({p.comm}): {SIGNAL_NAMES[sig]} at {addr:#x} "
                 f"(rip {rip:#x})")
    exit1(p, 0, sig)
