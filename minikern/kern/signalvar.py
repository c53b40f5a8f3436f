"""What kern_exit and kern_sig share about signals (OpenBSD's
sys/signalvar.h): a signal's bit in a mask, which signals are ignored by
default, which stop, and sigpost, the half of psignal that can never kill.

exit1 sends SIGCHLD to the parent with sigpost; psignal (kern_sig.py)
uses it for every signal but SIGKILL, which it turns into exit1 at once.
So kern_sig imports kern_exit and kern_exit never imports kern_sig.

A signal is pending for a thread (p_siglist) or, when no thread could
take it yet, for its process (ps_siglist).

Job control: a stop signal (STOPSIGS) whose action is the default stops
the process when the thread taking it next returns to user mode
(kern_sig.postsig); its other threads stop as they would next run.
SIGCONT makes a stopped process run again the moment it is sent, even
if SIGCONT itself is ignored or blocked.  Each forgets the other: a stop
throws away a pending SIGCONT, a SIGCONT the pending stops.
"""

from ..sys.proc import (SZOMB, SSLEEP, SONPROC, SSTOP, P_CONTINUED, PS_EXITING,
                        PS_STOPPED, PS_ZOMBIE)
from ..sys.signal import (SIGURG, SIGSTOP, SIGTSTP, SIGCONT, SIGCHLD, SIGTTIN,
                          SIGTTOU, SIGIO, SIGWINCH, SIGINFO, SIGTHR)
from .kern_proc import pgrp_orphaned
from .kern_synch import wakeup, wakeup_proc

SIG_DFL, SIG_IGN = 0, 1

# Signals whose default action is to do nothing.
DEFAULT_IGNORE = {SIGURG, SIGCONT, SIGCHLD, SIGIO, SIGWINCH, SIGINFO, SIGTHR}
# ... to stop the process, and those of them the terminal sends.
STOPSIGS = {SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU}
TTYSTOPS = {SIGTSTP, SIGTTIN, SIGTTOU}


def sigbit(sig):
    return 1 << (sig - 1)


STOPSIG_BITS = sum(sigbit(sig) for sig in STOPSIGS)


def sigignored(pr, sig):
    """Whether process pr's action for sig is to do nothing."""
    act = pr.ps_sigacts.get(sig)
    handler = SIG_DFL if act is None else act.handler
    return handler == SIG_IGN or (handler == SIG_DFL and sig in DEFAULT_IGNORE)


def sigdefault(pr, sig):
    """Whether process pr takes sig's default action (no handler, not ignored)."""
    act = pr.ps_sigacts.get(sig)
    return act is None or act.handler == SIG_DFL


def stop_discarded(pr, sig):
    """A terminal's stop (SIGTSTP, SIGTTIN, SIGTTOU) with its default
    action does nothing in an orphaned group: nobody could continue it."""
    return sig in TTYSTOPS and sigdefault(pr, sig) and pgrp_orphaned(pr.kernel, pr.ps_pgid)


def sigpending(p):
    """The signals p could take: its own and its process's."""
    return p.p_siglist | p.p_p.ps_siglist


def discard_signals(pr, bits):
    """The signals in bits are pending nowhere in pr any more."""
    pr.ps_siglist &= ~bits
    for q in pr.ps_threads:
        q.p_siglist &= ~bits


def sigpost(pr, sig):
    """Mark sig pending for process pr (a process-directed signal) and make
    sure a thread notices.  It goes to one thread that does not block it
    (OpenBSD's ptsignal with SPROCESS); while every thread blocks it, it
    waits in ps_siglist for the first to unblock it.  SIGCONT continues a
    stopped pr here.  Not for SIGKILL: see psignal."""
    if pr.ps_flags & (PS_EXITING | PS_ZOMBIE):
        return
    if sig == SIGCONT:
        _continue(pr)
    elif sig in STOPSIGS:
        discard_signals(pr, sigbit(SIGCONT))
        pr.ps_mainproc.p_flag &= ~P_CONTINUED
        if (pr.ps_flags & PS_STOPPED and sigdefault(pr, sig)) or stop_discarded(pr, sig):
            return
    if sigignored(pr, sig):
        return
    p = _sigthread(pr, sig)
    if p is None:
        pr.ps_siglist |= sigbit(sig)
    else:
        tsigpost(p, sig)


def _sigthread(pr, sig):
    """The thread to take a process-directed sig: one not blocking it,
    the one on a core first (it notices soonest), else the first."""
    takers = [p for p in pr.ps_threads if not p.p_sigmask & sigbit(sig)]
    for p in takers:
        if p.p_stat == SONPROC:
            return p
    return takers[0] if takers else None


def tsigpost(p, sig):
    """Mark sig pending for thread p alone (thrkill, a fault, SIGPIPE)
    and make sure it notices: a sleeper is woken, a thread on a core is
    sent off it (it acts on the signal on its way back to user mode,
    postsig)."""
    pr = p.p_p
    if p.p_stat == SZOMB or sigignored(pr, sig):
        return
    p.p_siglist |= sigbit(sig)
    if p.p_sigmask & sigbit(sig):
        return                      # stays pending until unblocked
    if p.p_stat == SSLEEP:
        wakeup_proc(p.kernel, p)
    elif p.p_stat == SONPROC:
        p.p_cpu.core.stop()          # take notice at the next return to user


def _continue(pr):
    """SIGCONT: the pending stops are forgotten; a stopped pr runs again
    (its stopped threads are runnable) and its parent's wait4
    (WCONTINUED) may hear of it.  OpenBSD wakes the parent but sends it
    no SIGCHLD for a continue."""
    discard_signals(pr, STOPSIG_BITS)
    if not pr.ps_flags & PS_STOPPED:
        return
    kernel = pr.kernel
    pr.ps_flags &= ~PS_STOPPED
    pr.ps_mainproc.p_flag |= P_CONTINUED
    for q in pr.ps_threads:
        if q.p_stat == SSTOP:
            kernel.sched.setrunnable(q, kernel.now())
    if pr.ps_pptr is not None:
        wakeup(kernel, pr.ps_pptr)
