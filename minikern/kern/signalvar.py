"""What kern_exit and kern_sig share about signals (OpenBSD's
sys/signalvar.h): a signal's bit in a mask, which signals are ignored by
default, which stop, and sigpost, the half of psignal that can never kill.

exit1 sends SIGCHLD to the parent with sigpost; psignal (kern_sig.py)
uses it for every signal but SIGKILL, which it turns into exit1 at once.
So kern_sig imports kern_exit and kern_exit never imports kern_sig.

Job control: a stop signal (STOPSIGS) whose action is the default stops
the process when it next returns to user mode (kern_sig.postsig), and
SIGCONT makes a stopped process run again the moment it is sent, even
if SIGCONT itself is ignored or blocked.  Each forgets the other: a stop
throws away a pending SIGCONT, a SIGCONT the pending stops.
"""

from ..sys.proc import SZOMB, SSLEEP, SONPROC, SSTOP, P_CONTINUED
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


def sigignored(p, sig):
    """Whether p's action for sig is to do nothing."""
    act = p.sigacts.get(sig)
    handler = SIG_DFL if act is None else act.handler
    return handler == SIG_IGN or (handler == SIG_DFL and sig in DEFAULT_IGNORE)


def sigdefault(p, sig):
    """Whether p takes sig's default action (no handler, not ignored)."""
    act = p.sigacts.get(sig)
    return act is None or act.handler == SIG_DFL


def stop_discarded(p, sig):
    """A terminal's stop (SIGTSTP, SIGTTIN, SIGTTOU) with its default
    action does nothing in an orphaned group: nobody could continue it."""
    return sig in TTYSTOPS and sigdefault(p, sig) and pgrp_orphaned(p.kernel, p.pgid)


def sigpost(p, sig):
    """Mark sig pending for p and make sure p notices: a sleeper is woken,
    a process on a core is sent off it (it acts on the signal on its way
    back to user mode, postsig).  SIGCONT continues a stopped p here.
    Not for SIGKILL: see psignal."""
    if p.state == SZOMB:
        return
    if sig == SIGCONT:
        _continue(p)
    elif sig in STOPSIGS:
        p.siglist &= ~sigbit(SIGCONT)
        p.p_flag &= ~P_CONTINUED
        if (p.state == SSTOP and sigdefault(p, sig)) or stop_discarded(p, sig):
            return
    if sigignored(p, sig):
        return
    p.siglist |= sigbit(sig)
    if p.sigmask & sigbit(sig):
        return                      # stays pending until unblocked
    if p.state == SSLEEP:
        wakeup_proc(p.kernel, p)
    elif p.state == SONPROC:
        p.p_cpu.core.stop()          # take notice at the next return to user


def _continue(p):
    """SIGCONT: the pending stops are forgotten; a stopped p runs again
    and its parent's wait4 (WCONTINUED) may hear of it.  OpenBSD wakes
    the parent but sends it no SIGCHLD for a continue."""
    p.siglist &= ~STOPSIG_BITS
    if p.state != SSTOP:
        return
    kernel = p.kernel
    p.p_flag |= P_CONTINUED
    kernel.sched.setrunnable(p, kernel.now())
    if p.parent is not None:
        wakeup(kernel, p.parent)
