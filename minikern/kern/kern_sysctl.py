"""sysctl(2): the kernel's state by name, as OpenBSD's kern_sysctl.c
gives it.  A small part of the tree, enough for ps(1), uname-like
programs and libc:

    kern.ostype      (1.1)   "minikern"
    kern.osrelease   (1.2)   the version
    kern.version     (1.4)   what the kernel is (uname -v)
    kern.hostname    (1.10)  the machine's name
    kern.proc        (1.66)  process records, see below
    hw.machine       (6.1)   "amd64"
    hw.ncpu          (6.3)   number of cores
    hw.pagesize      (6.7)   4096
    hw.physmem       (6.19)  bytes of memory (64-bit)

kern.proc.all (1.66.0) and kern.proc.pid.N (1.66.1.N) return records of
struct kinfo_proc, minikern's small version of OpenBSD's:

    int32  p_pid, p_ppid, p_pgid, p_uid, p_stat, p_cpuid
    uint64 p_cycles      virtual CPU cycles used
    uint64 p_rssize      resident pages
    char   p_wmesg[8]    what it sleeps on
    char   p_comm[24]    command name
"""

import struct

from isa.x86 import PAGE_SIZE

from .copy import copyin, copyout
from ..sys.errno import Errno, EINVAL, ENOMEM, ENOTDIR, EOPNOTSUPP, EPERM
from ..sys.proc import SIDL, SRUN, SSLEEP, SSTOP, SZOMB, SONPROC, PS_STOPPED

CTL_KERN, CTL_HW = 1, 6
KERN_OSTYPE, KERN_OSRELEASE, KERN_VERSION, KERN_HOSTNAME, KERN_PROC = 1, 2, 4, 10, 66
KERN_PROC_ALL, KERN_PROC_PID = 0, 1
HW_MACHINE, HW_NCPU, HW_PAGESIZE, HW_PHYSMEM64 = 1, 3, 7, 19
KERN_PROC_SHOW_THREADS = 0x40000000     # or'ed into the op: a record per thread too

CTL_MAXNAME = 12
OSTYPE = b"minikern"
OSRELEASE = b"0.1"
OSVERSION = b"minikern 0.1: an educational kernel in Python (virtual time)"
MACHINE = b"amd64"

# p_stat values, OpenBSD's.
P_STAT = {SIDL: 1, SRUN: 2, SSLEEP: 3, SSTOP: 4, SZOMB: 5, SONPROC: 7}
KINFO_PROC = struct.Struct("<8iQQ8s24s")


def sys_sysctl(p, name, namelen, old, oldlenp, new, newlen):
    if not 2 <= namelen <= CTL_MAXNAME:
        raise Errno(EINVAL)
    mib = struct.unpack(f"<{namelen}i", copyin(p, name, 4 * namelen))
    if new:
        raise Errno(EPERM)          # nothing here may be changed
    value = _lookup(p, mib)
    return _give(p, value, old, oldlenp)


def _lookup(p, mib):
    kernel = p.kernel
    top, second, rest = mib[0], mib[1], mib[2:]
    if top == CTL_KERN:
        if second == KERN_PROC:
            return _procs(kernel, rest)
        strings = {KERN_OSTYPE: OSTYPE, KERN_OSRELEASE: OSRELEASE,
                   KERN_VERSION: OSVERSION, KERN_HOSTNAME: kernel.hostname}
        if second in strings and not rest:
            return strings[second] + b"\0"
    elif top == CTL_HW and not rest:
        if second == HW_MACHINE:
            return MACHINE + b"\0"
        ints = {HW_NCPU: struct.pack("<i", len(kernel.cores)),
                HW_PAGESIZE: struct.pack("<i", PAGE_SIZE),
                HW_PHYSMEM64: struct.pack("<q", kernel.phys.size)}
        if second in ints:
            return ints[second]
    if len(mib) > 2:
        raise Errno(ENOTDIR)
    raise Errno(EOPNOTSUPP)


def _procs(kernel, rest):
    op = rest[0] & ~KERN_PROC_SHOW_THREADS if rest else None
    threads = bool(rest and rest[0] & KERN_PROC_SHOW_THREADS)
    if op == KERN_PROC_ALL and len(rest) == 1:
        procs = [kernel.procs[pid] for pid in sorted(kernel.procs)]
    elif op == KERN_PROC_PID and len(rest) == 2:
        procs = [kernel.procs[rest[1]]] if rest[1] in kernel.procs else []
    else:
        raise Errno(EINVAL)
    records = []
    for pr in procs:
        records.append(kinfo_proc(pr))
        if threads:
            records += [kinfo_proc(pr, p) for p in pr.ps_threads]
    return b"".join(records)


def kinfo_proc(pr, thread=None):
    """The record of process pr, or of one thread of it.  A process's
    state is its first living thread's (a zombie has none), its cycles
    those of all its threads."""
    p = thread or (pr.ps_threads[0] if pr.ps_threads else None)
    stat = P_STAT[SZOMB] if p is None else P_STAT.get(p.p_stat, 0)
    if pr.ps_flags & PS_STOPPED and thread is None:
        stat = P_STAT[SSTOP]        # its threads stop as they would next run
    cpu = p.p_cpu.index if p is not None and p.p_cpu is not None else -1
    wmesg = p.p_wmesg if p is not None else ""
    rss = pr.ps_vmspace.pmap.resident if pr.ps_vmspace is not None else 0
    ppid = pr.ps_pptr.ps_pid if pr.ps_pptr else 0
    tid, cycles = (thread.p_tid, thread.p_cycles) if thread else (-1, pr.ps_cycles)
    return KINFO_PROC.pack(pr.ps_pid, ppid, pr.ps_pgid, 0, stat, cpu, tid,
                           len(pr.ps_threads), cycles, rss,
                           wmesg.encode()[:8], pr.ps_comm.encode()[:24])


def _give(p, value, old, oldlenp):
    """OpenBSD's sysctl_rdstruct: with no buffer, say how big the value
    is; with one too small, fill it and fail with ENOMEM."""
    if not oldlenp:
        return 0
    room = struct.unpack("<Q", copyin(p, oldlenp, 8))[0]
    copyout(p, struct.pack("<Q", len(value)), oldlenp)
    if not old:
        return 0
    if room < len(value):
        copyout(p, value[:room], old)
        raise Errno(ENOMEM)
    copyout(p, value, old)
    return 0
