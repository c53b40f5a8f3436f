"""The one seam between the REPL (shell/) and the kernel, as OpenBSD's
db_interface.c is ddb's: everything a debugger needs to look at a
running machine, and the only kernel module shell/ imports (with
minikern.machine to boot one, the host-side minikern.build and
minikern.programs, and isa.asm's disassembler; tests/test_ddb.py holds
shell/ to that).

What it offers, in the order of the REPL's commands:

  processes     proc_list, find_proc, find_thread, the states SRUN SSLEEP
                SSTOP SZOMB, PS_ZOMBIE, PS_STOPPED, status_to_shell, signals
                (SIGNAL_NAMES, prsignal, killpg), process groups
                (pgrp_members, stop_discarded)
  registers     user_registers, set_user_register, saved_rip (db_regs.py)
  memory        read_memory, write_memory (non-faulting peeks, a poke as
                the process would write), read_u64 (db_access.py)
  vm            vm_entries (each map entry with its resident pages),
                page_walk, extract, INHERIT_NAMES, PROT_*
  cpu           Debugger: breakpoints and stepping (db_run.py),
                backtrace (db_trace.py), proc_symtab (db_sym.py), gdb
                (serve_gdb)
  kernel        the system call table, ktrace's Tracer, lock statistics
                (lock_stats, syscall_stats, reset_lock_stats)
  tracepoints   tracepoints(), attach and detach a listener by name,
                FaultHistory (db_faults.py, the REPL's `faults`),
                Timeline (db_timeline.py, the REPL's `timeline`: a trace
                for Perfetto and the per-core strips)
  files         the guest's file system: lookup, read_file, write_file,
                list_dir, is_dir, find_guest_program (db_guestfs.py)

The kernel's objects (Proc, cpu_info, map entries, vnodes) are handed
out as they are, to be read: a debugger looks without changing (except
through write_memory, set_user_register, signals and the Debugger).
"""

import bisect

from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PAGE_SIZE, PTE_BIT_NAMES, REG_NAMES

from ..dev.cons import Console
from ..kern.kern_ktrace import Tracer
from ..kern.kern_proc import pgrp_members
from ..kern.kern_sig import (SIGCONT, SIGINT, SIGKILL, SIGSTOP, SIGTERM, SIGTSTP, SIGNAL_NAMES,
                             killpg, prsignal)
from ..kern.signalvar import stop_discarded
from ..kern.proc import status_to_shell
from ..kern.subr_prf import KernelPanic, MachineHalted
from ..kern.syscalls import syscall_table
from ..sys.clock import cycles_to_ns
from ..sys.errno import Errno, ERRNO_MESSAGES, ERRNO_NAMES
from ..sys.proc import SRUN, SSLEEP, SSTOP, SZOMB, PS_STOPPED, PS_ZOMBIE
from ..sys.tracepoint import PROBES
from ..uvm.uvm_map import MAP_INHERIT_SHARE, MAP_INHERIT_COPY, VM_MAXUSER_ADDRESS
from .db_access import read_memory, write_memory, read_u64
from .db_faults import FaultHistory
from .db_guestfs import (VDIR, lookup, read_file, write_file, list_dir, is_dir,
                         find_guest_program, mode_string)
from .db_regs import user_registers, set_user_register, saved_rip
from .db_run import Debugger
from .db_sym import proc_symtab
from .db_timeline import CLASSES as TIMELINE_CLASSES, Timeline
from .db_trace import backtrace
from .gdbstub import serve as serve_gdb

__all__ = [
    "Console", "KernelPanic", "MachineHalted", "Errno", "ERRNO_MESSAGES", "ERRNO_NAMES",
    "cycles_to_ns", "PAGE_SIZE", "PTE_BIT_NAMES", "REG_NAMES", "VM_MAXUSER_ADDRESS",
    "proc_list", "find_proc", "find_thread", "SRUN", "SSLEEP", "SZOMB", "PS_ZOMBIE",
    "SSTOP", "PS_STOPPED",
    "status_to_shell",
    "SIGINT", "SIGKILL", "SIGTERM", "SIGNAL_NAMES", "killpg", "prsignal",
    "SIGSTOP", "SIGTSTP", "SIGCONT", "pgrp_members", "stop_discarded",
    "user_registers", "set_user_register", "saved_rip",
    "read_memory", "write_memory", "read_u64",
    "vm_entries", "page_walk", "extract", "INHERIT_NAMES",
    "PROT_READ", "PROT_WRITE", "PROT_EXEC",
    "Debugger", "backtrace", "proc_symtab", "serve_gdb",
    "syscall_table", "syscall_names", "Tracer",
    "lock_stats", "map_lock_stats", "syscall_stats", "reset_lock_stats",
    "tracepoints", "attach", "detach", "FaultHistory", "Timeline", "TIMELINE_CLASSES",
    "VDIR", "lookup", "read_file", "write_file", "list_dir", "is_dir",
    "find_guest_program", "mode_string",
]

# -- processes ------------------------------------------------------------


def proc_list(kernel):
    """Every process of the machine (zombies too), by pid."""
    return sorted(kernel.procs.values(), key=lambda p: p.ps_pid)


def find_proc(kernel, pid):
    """The process with this pid, or with a thread of this id, or None."""
    p = kernel.threads.get(pid)
    return p.p_p if p is not None else kernel.procs.get(pid)


def find_thread(kernel, ident):
    """The thread ident names: a thread id, or a pid (then the process's
    first living thread); None if there is none."""
    p = kernel.threads.get(ident)
    if p is not None:
        return p
    pr = kernel.procs.get(ident)
    return pr.ps_threads[0] if pr is not None and pr.ps_threads else None


# -- the address space ----------------------------------------------------

INHERIT_NAMES = {MAP_INHERIT_SHARE: "share", MAP_INHERIT_COPY: "copy"}


def vm_entries(p):
    """(entry, pages of it in the page tables) for each entry of p's map,
    in address order (procmap's view)."""
    vmap = p.ps_vmspace.map
    entries = list(vmap.entries)
    counts = [0] * len(entries)
    starts = [e.start for e in entries]
    for va, _ in vmap.pmap.mappings():
        i = bisect.bisect_right(starts, va) - 1
        if i >= 0 and va < entries[i].end:
            counts[i] += 1
    return list(zip(entries, counts))


def page_walk(p, va):
    """The MMU's walk for va in p's page tables: (level name, table's
    physical address, index, entry) per level, as far as it goes."""
    return list(p.ps_vmspace.pmap.walk(va))


def extract(p, va):
    """The physical address va maps to in p (pmap_extract), or None."""
    return p.ps_vmspace.pmap.extract(va)


# -- the kernel -------------------------------------------------------------


def syscall_names():
    """The names of the system calls the kernel implements."""
    return [e.name for e in syscall_table() if e.implemented]


def lock_stats(kernel):
    """Each lock class's statistics (name, kind, acquisitions, contended,
    spin_cycles, held_cycles, longest_hold), most spinning first."""
    return sorted(kernel.lockstats.values(), key=lambda s: (-s.spin_cycles, s.name))


def map_lock_stats(kernel):
    """(pid, command, LockStats) of each living process whose map lock
    its threads contend for (it has had several threads), most spinning
    first."""
    rows = [(pr.ps_pid, pr.ps_comm, pr.ps_vmspace.map.lock.own)
            for pr in kernel.procs.values()
            if pr.ps_vmspace is not None and not pr.ps_vmspace.map.lock.private]
    return sorted(rows, key=lambda row: (-row[2].spin_cycles, row[0]))


def syscall_stats(kernel):
    """(name, calls, cycles in the kernel, cycles waiting for the kernel
    lock) of each system call made, most cycles first."""
    names = {e.number: e.name for e in syscall_table()}
    rows = [(names.get(n, str(n)), *c) for n, c in enumerate(kernel.syscall_stats) if c[0]]
    return sorted(rows, key=lambda row: -row[2])


def reset_lock_stats(kernel):
    for stats in kernel.lockstats.values():
        stats.reset()
    for _, _, stats in map_lock_stats(kernel):
        stats.reset()
    for counters in kernel.syscall_stats:
        counters[:] = [0, 0, 0]


# -- tracepoints ----------------------------------------------------------


def tracepoints():
    """{"provider:name": probe} of every tracepoint (minikern/sys/tracepoint.py);
    a probe's .args names what its listeners are called with."""
    return dict(PROBES)


def attach(name, listener):
    """Call listener(kernel, ...) whenever tracepoint name fires (in every
    machine of this host process: a listener keeps to its kernel)."""
    return PROBES[name].attach(listener)


def detach(name, listener):
    PROBES[name].detach(listener)
