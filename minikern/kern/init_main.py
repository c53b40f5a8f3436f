"""The kernel proper: what OpenBSD's main() in init_main.c sets up, and
the process table.  One Kernel runs on one machine's cores."""

import random
import sys

from isa.pmap import PmapOutOfMemory

from ..arch.amd64.trap import rdtsc, syscall, trap
from ..dev.cons import Console
from ..uvm.uvm_page import PageAllocator
from ..sys.errno import Errno, ENOMEM
from .kern_descrip import Filedesc, O_RDWR
from .kern_exec import exec_image, SIGCODE_VA
from .kern_exit import exit1
from ..sys.lock import Lock, Witness
from .kern_resource import default_limits
from .kern_sched import Scheduler
from .kern_sig import sigcode_object, SIGKILL
from ..sys.proc import PS_ZOMBIE, THREAD_PID_OFFSET
from .kern_fork import proc_new
from .proc import Process
from .subr_prf import panic_on_exception, refuse_if_panicked
from .init_sysent import NSYSENT
from .vfs_init import vfs_mountroot
from .vfs_vnops import vn_open

PID_MAX = 99999
MAXPROC = 128           # the fork limit: a fork bomb gets EAGAIN
MAXTHREAD = 256         # the __tfork limit, threads of every process counted


class Kernel:
    def __init__(self, phys, locore, cores, seed=0, console=None,
                 boottime_ns=0, log=None, rootfs=None, giant=False,
                 witness=False):
        self.phys = phys
        self.locore = locore
        # Locks (sys/lock.py).  giant: every system call and fault takes
        # the kernel lock, as before s2k15; otherwise the syscall table's
        # NOLOCK flags and uvm's finer locks decide.
        self.giant = giant
        self.curcpu = None          # the CpuInfo running a slice, if any
        self.lockstats = {}         # lock class name -> LockStats
        self.witness = Witness() if witness else None
        self.kernel_lock = Lock(self, "kernel_lock", "kernel")
        # lockstat per system call number: [calls, cycles, kernel-lock spin]
        self.syscall_stats = [[0, 0, 0] for _ in range(NSYSENT)]
        self.reaped_syscalls = 0    # system calls of processes no longer in procs
        self.cores = cores
        self.pages = PageAllocator(phys, self)
        self.pages.uvmexp.wired = phys.nframes - phys.free_count
        self.seed = seed
        self.entropy = random.Random(seed)
        self.sigcookies = random.Random(f"sigcookie {seed}")  # arch/amd64/machdep
        self.console = console or Console()
        self.console.kernel = self
        self.boottime_ns = boottime_ns
        self._log = log or _log_to_stderr
        self.messages = []
        self.panicked = None        # the KernelPanic that halted the machine
        self.shutdown = None        # "halt" or "reboot" once reboot(2) ran
        self.procs = {}             # pid -> Process, zombies included (allprocess)
        self.threads = {}           # tid -> Proc, the living threads (allproc)
        self._nextpid = 1
        self._nexttid = THREAD_PID_OFFSET + 1
        self.maxproc = MAXPROC
        self.maxthread = MAXTHREAD
        # The first process's soft RLIMIT_DATA (OpenBSD's DFLDSIZ, a kernel
        # option): the machine's memory, so that no allocation larger than
        # the machine could ever give succeeds (kern_resource.py).
        self.dfldsiz = phys.size
        self.sleepq = {}            # wait channel -> sleeping threads
        self.selwait = {}           # wait channel -> threads polling it (kern_synch)
        self.futexes = {}           # shared futexes: (memory, offset) -> waiting threads
        self.timeouts = []          # heap of (deadline, seq, Timeout)
        self.timeouts_seq = 0
        self.timeouts_cancelled = 0   # deleted, still in the heap
        self.npipes = 0
        self.hostname = b"minikern"
        self.sigcode = sigcode_object(self.pages)   # mapped by exec
        self.sigcode_va = SIGCODE_VA
        for core in cores:
            core.syscall_handler = syscall
            core.trap_handler = trap
            core.rdtsc_handler = rdtsc
        self.sched = Scheduler(self, cores, seed)
        # The root file system, filled from the host tree rootfs (if any).
        self.rootmount = vfs_mountroot(self, rootfs)
        self.rootvnode = self.rootmount.root
        self.rootvnode.vref()       # held for as long as the kernel runs

    def log(self, message):
        """A kernel message (OpenBSD's printf to the console)."""
        self.messages.append(message)
        self._log(message)

    # -- processes ------------------------------------------------------

    def now(self):
        """The current virtual time: the running core's, or the earliest
        core's between slices."""
        if self.curcpu is not None:
            return self.curcpu.now()
        return self.sched.now()

    def wait_for_input(self, seconds=None):
        """Everyone sleeps.  If someone waits for the console, block the
        host until input comes (for at most seconds, if given); otherwise
        nothing can happen (False)."""
        return self.console.wait_for_input(self, seconds)

    def allocpid(self):
        for _ in range(PID_MAX):
            pid = self._nextpid
            self._nextpid = pid + 1 if pid < PID_MAX else 1
            if pid not in self.procs:
                return pid
        raise Errno(ENOMEM)

    def alloctid(self):
        """A thread id, in a range of its own above the pids."""
        for _ in range(PID_MAX):
            tid = self._nexttid
            self._nexttid = tid + 1 if tid < THREAD_PID_OFFSET + PID_MAX else THREAD_PID_OFFSET + 1
            if tid not in self.threads:
                return tid
        raise Errno(ENOMEM)

    def spawn(self, image, argv, envp=(), parent=None, uobj=None):
        """Create a process running image (the kernel's own fork+exec, used
        to start the first program).  uobj: the object of the guest file
        image was read from, whose pages the text then shares, as after
        execve(2); None for an image from the host."""
        refuse_if_panicked(self)
        pr = Process(self, self.allocpid(), "exec", parent)
        pr.ps_fd = Filedesc()
        pr.ps_limit = default_limits(self)
        pr.ps_cwd = self.rootvnode
        pr.ps_cwd.vref()
        p = proc_new(pr)
        console = vn_open(p, b"/dev/console", O_RDWR, 0)
        for fd in (0, 1, 2):
            pr.ps_fd.install(console, fd)
        try:
            exec_image(p, image, list(argv), list(envp), uobj)
        except BaseException as e:
            pr.ps_fd.close_all()
            del self.threads[p.p_tid]
            if isinstance(e, PmapOutOfMemory):
                raise Errno(ENOMEM) from None
            raise
        self.procs[pr.ps_pid] = pr
        if not self.console.pgrp:
            self.console.pgrp = pr.ps_pgid      # the first process owns the terminal
        self.sched.setrunnable(p, self.sched.now())
        return pr

    def oom_kill(self, pr):
        """End process pr with SIGKILL for want of memory: the one thing
        uvm's out-of-memory killer (uvm_pdaemon) asks of kern, which it
        may not import (uvm sits below kern)."""
        exit1(pr.ps_mainproc, 0, SIGKILL)

    def reap_vmspace(self, pr):
        """Free a dead process's address space (OpenBSD's reaper)."""
        if pr.ps_vmspace is not None:
            pr.ps_vmspace.destroy()
            pr.ps_vmspace = None

    def retire_vmspace(self, p, old):
        """The address space an exec replaced: freed now, or when p leaves
        its core if that core may still be walking its page tables."""
        if p.p_cpu is not None:
            p.p_p.ps_old_vmspace = old
        else:
            old.destroy()

    def reap(self, pr):
        """Remove a zombie from the process table (what wait4 does)."""
        assert pr.ps_flags & PS_ZOMBIE
        self.procs.pop(pr.ps_pid, None)
        pr.ps_pptr = None
        self.reaped_syscalls += pr.ps_syscalls

    def run(self, until=None):
        """Run the machine; an exception escaping the kernel is a panic
        (subr_prf.py): KernelPanic is raised and the machine stays halted."""
        def done():             # reboot(2) stops the machine too
            return self.shutdown is not None or (until is not None and until())
        with panic_on_exception(self):
            self.sched.run(done)


def _log_to_stderr(message):
    sys.stderr.write(message + "\n")
    sys.stderr.flush()
