"""struct process and struct proc (OpenBSD's sys/proc.h).

A process (class Process, fields ps_*) owns what its threads share: the
address space, the descriptors, the working directory, the limits, the
signal actions, the process group, its children and its exit status.  A
thread (class Proc, fields p_*) is what runs on a core: registers (p_md),
state, the core it is on, its signal mask and the signals sent to it
alone, its sleep.  p.p_p is a thread's process; pr.ps_threads its threads,
pr.ps_mainproc the first one (the one fork and exec create).

System call handlers get the calling thread, as OpenBSD's sys_xxx(struct
proc *p, ...) do, and reach the process through p.p_p.
"""

from collections import namedtuple
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


# What a process has used, its threads summed (for tools and getrusage).
ProcessUsage = namedtuple("ProcessUsage", "cycles sys_cycles syscalls faults")


class Process:
    """struct process: what the threads of one program share."""

    def __init__(self, kernel, pid, comm, parent=None):
        self.kernel = kernel
        self.ps_pid = pid
        self.ps_comm = comm             # command name, as ps shows it
        self.ps_pptr = parent           # the parent process
        self.ps_children = []
        self.ps_flags = 0               # PS_EXITING, PS_ZOMBIE, ...
        self.ps_threads = []            # its threads (Proc), the main one first
        self.ps_mainproc = None         # the thread fork or exec made
        self.ps_single = None           # the thread that single_thread_set others
        self.ps_vmspace = None
        self.ps_old_vmspace = None      # what an exec replaced, freed after the slice
        self.ps_fd = None               # Filedesc
        self.ps_cwd = None              # working directory vnode (referenced)
        self.ps_umask = 0o022           # permission bits taken from new files
        self.ps_limit = None            # resource limits (kern_resource.py)
        self.ps_argv = []
        self.ps_image = None            # the ddb.db_sym.ExecFile exec loaded
        self.ps_debugger = None         # the ddb GdbStub holding it, if any
        self.ps_traced = None           # a kern_ktrace.Tracer while ktrace is on
        # Session, process group and signals (kern_sig.py, kern_proc.py).
        self.ps_sid = 0                 # session: 0, the console's, unless setsid
        self.ps_pgid = pid
        self.ps_xsig = 0                # the signal that stopped it (PS_STOPPED)
        self.ps_sigacts = {}            # signal -> SigAction (absent: SIG_DFL)
        self.ps_siglist = 0             # signals sent to the process, not yet to a thread
        self.ps_sigcookie = None        # secret of the sigcontext cookies (arch/amd64/machdep.py)
        self.ps_futex = {}              # its private futexes: address -> waiting threads
        # Interval timers (kern_time.py): an Itimer or None for each of
        # ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF; not inherited by fork.
        self.ps_itimer = [None, None, None]
        self.ps_xstat = None            # wait status once a zombie
        # Accounting: its exited threads' usage (ps_ru), its children's (ps_cru).
        self.ps_cycles = 0
        self.ps_sys_cycles = 0
        self.ps_syscalls = 0
        self.ps_faults = 0
        self.ps_cru = Rusage()          # the usage of its waited-for children (getrusage)

    def usage(self):
        """Its usage so far: the exited threads' and the live ones'."""
        cycles, sys_cycles = self.ps_cycles, self.ps_sys_cycles
        syscalls, faults = self.ps_syscalls, self.ps_faults
        for p in self.ps_threads:
            cycles += p.p_cycles
            sys_cycles += p.p_sys_cycles
            syscalls += p.p_syscalls
            faults += p.p_faults
        return ProcessUsage(cycles, sys_cycles, syscalls, faults)

    def __repr__(self):
        return f"<process {self.ps_pid} {self.ps_comm}>"


class Proc:
    """struct proc: one thread of a process."""

    def __init__(self, pr, tid):
        self.kernel = pr.kernel
        self.p_p = pr                   # its process
        self.p_tid = tid
        self.p_stat = SIDL
        self.p_flag = 0                 # P_* (sys/proc.py)
        self.p_md = MdProc()            # how it returns to user mode (arch/amd64)
        self.p_cpu = None               # the cpu_info it runs on, if SONPROC
        # The cpu_info of its last slice, kept off the core too (p_cpu is
        # None then; OpenBSD's p_cpu stays set instead): a slice on another
        # core counts as a context switch there.
        self.p_lastcpu = None
        self.p_ready_at = 0             # virtual cycle it became runnable
        # Sleeping (kern_synch.py).
        self.p_wchan = None             # the wait channel slept on
        self.p_wmesg = ""               # why, as ps shows it
        self.p_sleep_until = None       # nanosleep's deadline, across restarts
        self.p_sleep_to = None          # the Timeout of the current sleep
        self.p_poll_until = None        # poll/select's deadline, across restarts
        self.p_futex = None             # the futex wait it is in (sys_futex.FutexWait)
        # Signals (kern_sig.py).
        self.p_sigmask = 0              # blocked signals, bit (sig - 1)
        self.p_siglist = 0              # signals pending for this thread
        self.p_oldmask = None           # the mask to restore after sigsuspend
        self.p_sigstk = SigAltStack()   # the alternate signal stack (none)
        # Accounting (folded into the process's when the thread exits).
        self.p_cycles = 0               # virtual cycles run, kernel time included
        self.p_sys_cycles = 0           # ... of which in the kernel
        self.p_syscalls = 0
        self.p_faults = 0

    def __repr__(self):
        return f"<proc {self.p_tid} of {self.p_p.ps_pid} {self.p_p.ps_comm} {self.p_stat}>"


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
