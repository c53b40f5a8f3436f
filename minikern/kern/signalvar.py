"""What kern_exit and kern_sig share about signals (OpenBSD's
sys/signalvar.h): a signal's bit in a mask, which signals are ignored by
default, and sigpost, the half of psignal that can never kill.

exit1 sends SIGCHLD to the parent with sigpost; psignal (kern_sig.py)
uses it for every signal but SIGKILL, which it turns into exit1 at once.
So kern_sig imports kern_exit and kern_exit never imports kern_sig.
"""

from ..sys.proc import SZOMB, SSLEEP, SONPROC
from ..sys.signal import (SIGURG, SIGSTOP, SIGTSTP, SIGCONT, SIGCHLD, SIGTTIN,
                          SIGTTOU, SIGIO, SIGWINCH, SIGINFO, SIGTHR)
from .kern_synch import wakeup_proc

SIG_DFL, SIG_IGN = 0, 1

# Signals whose default action is to do nothing.  Job-control stops are
# not implemented: SIGSTOP and friends are ignored by default here.
DEFAULT_IGNORE = {SIGURG, SIGCONT, SIGCHLD, SIGIO, SIGWINCH, SIGINFO, SIGTHR,
                  SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU}


def sigbit(sig):
    return 1 << (sig - 1)


def sigignored(p, sig):
    """Whether p's action for sig is to do nothing."""
    act = p.sigacts.get(sig)
    handler = SIG_DFL if act is None else act.handler
    return handler == SIG_IGN or (handler == SIG_DFL and sig in DEFAULT_IGNORE)


def sigpost(p, sig):
    """Mark sig pending for p and make sure p notices: a sleeper is woken,
    a process on a core is sent off it (it acts on the signal on its way
    back to user mode, postsig).  Not for SIGKILL: see psignal."""
    if p.state == SZOMB or sigignored(p, sig):
        return
    p.siglist |= sigbit(sig)
    if p.sigmask & sigbit(sig):
        return                      # stays pending until unblocked
    if p.state == SSLEEP:
        wakeup_proc(p.kernel, p)
    elif p.state == SONPROC:
        p.p_cpu.core.stop()          # take notice at the next return to user
