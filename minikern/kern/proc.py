"""struct proc: one process (OpenBSD's sys/proc.h; minikern has one
thread per process, so struct process and struct proc are one)."""

from dataclasses import dataclass

from ..arch.amd64.proc import MdProc
from ..sys.proc import SIDL
from ..sys.resource import Rusage
from ..sys.signal import SS_DISABLE     # sigaltstack: no alternate stack
from ..sys.wait import _WSTOPPED


@dataclass(frozen=True)
class SigAltStack:
    """The alternate signal stack (p_sigstk; see kern_sig.sys_sigaltstack)."""
    sp: int = 0
    size: int = 0
    flags: int = SS_DISABLE

    def on_stack(self, rsp):
        """OpenBSD's sigonstack(): is rsp inside the enabled alternate stack?"""
        return not self.flags & SS_DISABLE and 0 <= rsp - self.sp < self.size


class Proc:
    def __init__(self, kernel, pid, comm, parent=None):
        self.kernel = kernel
        self.pid = pid
        self.comm = comm            # command name, as ps shows it
        self.parent = parent
        self.children = []
        self.state = SIDL
        self.vmspace = None
        self.fd = None              # Filedesc
        self.cwd = None             # working directory vnode (referenced)
        self.umask = 0o022          # permission bits taken from new files
        self.limits = None          # resource limits (kern_resource.py)
        self.argv = []
        self.image = None           # the ddb.db_sym.ExecFile exec loaded
        self.debugger = None        # the ddb GdbStub holding p, if any
        self.p_md = MdProc()        # how it returns to user mode (arch/amd64)
        self.p_cpu = None           # the cpu_info it runs on, if SONPROC
        self.old_vmspace = None     # what an exec replaced, freed after the slice
        # The cpu_info of its last slice, kept off the core too (p_cpu is
        # None then; OpenBSD's p_cpu stays set instead): a slice on another
        # core counts as a context switch there.
        self.p_lastcpu = None
        self.ready_at = 0           # virtual cycle it became runnable
        self.xstat = None           # wait status once a zombie
        self.traced = None          # a kern_ktrace.Tracer while ktrace is on
        # Sleeping (kern_synch.py).
        self.wchan = None           # the wait channel slept on
        self.wmesg = ""             # why, as ps shows it
        self.sleep_until = None     # nanosleep's deadline, across restarts
        self.sleep_to = None        # the Timeout of the current sleep
        self.poll_until = None      # poll/select's deadline, across restarts
        # Interval timers (kern_time.py): an Itimer or None for each of
        # ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF; not inherited by fork.
        self.p_itimer = [None, None, None]
        # Session, process group and signals (kern_sig.py, kern_proc.py).
        self.sid = 0                # session: 0, the console's, unless setsid
        self.pgid = pid
        self.p_flag = 0             # P_* (sys/proc.py)
        self.ps_flags = 0           # PS_*
        self.ps_xsig = 0            # the signal that stopped it (SSTOP)
        self.sigacts = {}           # signal -> SigAction (absent: SIG_DFL)
        self.sigmask = 0            # blocked signals, bit (sig - 1)
        self.siglist = 0            # pending signals
        self.sigcookie = None       # secret of the sigcontext cookies (arch/amd64/machdep.py)
        self.suspend_mask = None    # the mask to restore after sigsuspend
        self.sigstk = SigAltStack()  # the alternate signal stack (none)
        # Accounting.
        self.cycles = 0             # virtual cycles run, kernel time included
        self.sys_cycles = 0         # ... of which in the kernel
        self.p_cru = Rusage()       # the usage of its waited-for children (getrusage)
        self.syscalls = 0
        self.faults = 0

    def __repr__(self):
        return f"<proc {self.pid} {self.comm} {self.state}>"


def wait_status_exited(code):
    """The wait(2) status of a normal exit (W_EXITCODE)."""
    return (code & 0xFF) << 8


def wait_status_signaled(sig):
    return sig & 0x7F


def wait_status_stopped(sig):
    """A child stopped by sig, as wait4 with WUNTRACED reports it (W_STOPCODE)."""
    return sig << 8 | _WSTOPPED


def status_to_shell(status):
    """The exit status a shell reports: the code, or 128 + the signal."""
    if status & 0x7F:
        return 128 + (status & 0x7F)
    return (status >> 8) & 0xFF
