"""futex(2): the kernel half of user-space locks (OpenBSD's sys_futex.c).

A futex is a 32-bit word in user memory.  Threads take and release a lock
with atomic instructions on it, in user mode, and call the kernel only to
wait (FUTEX_WAIT: "sleep if the word still holds val") or to wake the
waiters (FUTEX_WAKE).  FUTEX_REQUEUE wakes some and moves the others to a
second futex (a condition variable's broadcast hands them to the mutex).

WAIT compares and sleeps atomically: the whole system call runs without a
guest instruction on any core in between (the cores are stepped in turn
on one host thread, kern_sched.py), so a WAKE cannot slip between the
comparison and the sleep.

Which futex a word is: its key.
  FUTEX_PRIVATE_FLAG  (the process, the address).  The caller promises the
      word is used only by its own threads; they share one address space,
      so the address alone names it, and no map lookup is needed.  The
      process's futex table (ps_futex) holds these.
  otherwise           the memory behind the address, as OpenBSD keys by
      (uvm object or amap, offset): a shared file mapping's word is
      (object, offset in it), shared anonymous memory's (amap, offset in
      it), so processes that map the same memory at different addresses
      meet on one futex.  Private memory (the common case) is only ever
      seen by this process: (the process, the address) again, which stays
      right across a copy-on-write copy of the page.  Shared futexes live
      in the kernel's table (kernel.futexes).

A waiter sleeps (tsleep) and its call restarts when it is woken, as every
sleeping call here does (kern_synch.py); p.p_futex remembers the wait
across the restart: woken (0), timed out (ETIMEDOUT), or still waiting.
"""

import struct

from ..sys.clock import CPU_HZ, MAXTIME
from isa.x86 import PAGE_SHIFT

from ..sys.errno import Errno, EAGAIN, EFAULT, EINTR, EINVAL, ETIMEDOUT
from ..sys.lock import RW_READ, rw_enter, rw_exit
from ..uvm.uvm_map import MAP_INHERIT_SHARE
from .copy import copyin
from .kern_synch import tsleep, wakeup_proc

FUTEX_WAIT = 1
FUTEX_WAKE = 2
FUTEX_REQUEUE = 3
FUTEX_PRIVATE_FLAG = 128

TIMESPEC = struct.Struct("<qq")


class FutexWait:
    """A thread's wait on a futex (p.p_futex), kept across its restarts."""
    __slots__ = ("table", "key", "deadline", "woken")

    def __init__(self, table, key, deadline):
        self.table = table          # the dict the waiter is queued in
        self.key = key
        self.deadline = deadline    # virtual time, or None: no timeout
        self.woken = False


def sys_futex(p, uaddr, op, val, timeout, uaddr2):
    cmd = op & ~FUTEX_PRIVATE_FLAG
    private = bool(op & FUTEX_PRIVATE_FLAG)
    if cmd == FUTEX_WAIT:
        return futex_wait(p, uaddr, val, timeout, private)
    if cmd == FUTEX_WAKE:
        return futex_wake(p, uaddr, val, private)
    if cmd == FUTEX_REQUEUE:
        # The fourth argument is a count here, not a timespec (OpenBSD's).
        return futex_requeue(p, uaddr, val, uaddr2, timeout & 0xFFFF_FFFF, private)
    raise Errno(EINVAL)


def futex_wait(p, uaddr, val, timeout, private):
    """Sleep until woken if *uaddr == val: 0 once woken, EAGAIN if the
    word differs, ETIMEDOUT at the deadline, EINTR for a signal's handler
    (futex_interrupted)."""
    wait = p.p_futex
    if wait is not None:                    # the call runs again: why?
        if wait.woken:
            p.p_futex = None
            return 0
        if wait.deadline is not None and p.p_cpu.now() >= wait.deadline:
            _unqueue(p)
            raise Errno(ETIMEDOUT)
        return tsleep(p, wait, "fsleep", wait.deadline)     # still waiting
    if uaddr & 3:
        raise Errno(EINVAL)                 # a futex is an aligned 32-bit word
    deadline = _deadline(p, timeout)
    if struct.unpack("<I", copyin(p, uaddr, 4))[0] != val & 0xFFFF_FFFF:
        raise Errno(EAGAIN)
    table, key = futex_key(p, uaddr, private)   # after the read: it faulted the page in
    wait = p.p_futex = FutexWait(table, key, deadline)
    table.setdefault(key, []).append(p)
    return tsleep(p, wait, "fsleep", deadline)


def _deadline(p, timeout):
    """The virtual time a relative timespec at timeout ends (None: none)."""
    if not timeout:
        return None
    sec, nsec = TIMESPEC.unpack(copyin(p, timeout, TIMESPEC.size))
    if sec < 0 or not 0 <= nsec < 1_000_000_000:
        raise Errno(EINVAL)
    cycles = (sec * 1_000_000_000 + nsec) * CPU_HZ // 1_000_000_000
    return min(p.p_cpu.now() + cycles, MAXTIME)


def futex_wake(p, uaddr, n, private):
    """Wake up to n threads waiting on the futex at uaddr; how many woke."""
    table, key = futex_key(p, uaddr, private)
    return _wake(p.kernel, table, key, n)


def futex_wake_all(p, uaddr):
    """Wake every waiter on the word at uaddr, private or shared (what
    __threxit does for pthread_join)."""
    woken = futex_wake(p, uaddr, 1 << 31, True)
    table, key = futex_key(p, uaddr, False)
    if table is not p.p_p.ps_futex:
        woken += _wake(p.kernel, table, key, 1 << 31)
    return woken


def futex_requeue(p, uaddr, n, uaddr2, m, private):
    """Wake up to n waiters of uaddr and move up to m of the others to
    the futex at uaddr2; returns how many were woken or moved."""
    table, key = futex_key(p, uaddr, private)
    table2, key2 = futex_key(p, uaddr2, private)
    woken = _wake(p.kernel, table, key, n)
    waiters = table.get(key, [])
    moved, rest = waiters[:max(m, 0)], waiters[max(m, 0):]
    for q in moved:
        q.p_futex.table, q.p_futex.key = table2, key2
    if moved:
        table2.setdefault(key2, []).extend(moved)
    _set_waiters(table, key, rest)
    return woken + len(moved)


def _wake(kernel, table, key, n):
    waiters = table.get(key, [])
    n = max(n, 0)
    woken, rest = waiters[:n], waiters[n:]
    _set_waiters(table, key, rest)
    for q in woken:
        q.p_futex.woken = True
        wakeup_proc(kernel, q)
    return len(woken)


def _set_waiters(table, key, waiters):
    if waiters:
        table[key] = waiters
    else:
        table.pop(key, None)


def _unqueue(p):
    """p stops waiting (a timeout, a signal, its death)."""
    wait = p.p_futex
    p.p_futex = None
    waiters = wait.table.get(wait.key)
    if waiters is not None and p in waiters:
        waiters.remove(p)
        _set_waiters(wait.table, wait.key, waiters)


def futex_interrupted(p):
    """A signal's handler is about to run while p waits on a futex: the
    wait ends with EINTR (it is never restarted, whatever SA_RESTART
    says: the word may have changed meanwhile).  Returns that errno, or
    0 if it had been woken already."""
    if p.p_futex.woken:
        p.p_futex = None
        return 0
    _unqueue(p)
    return EINTR


def futex_exit(p):
    """Thread p dies: it waits on no futex any more."""
    if p.p_futex is not None:
        _unqueue(p)


def futex_key(p, uaddr, private):
    """(the table, the key) of the futex at uaddr, as the module's doc
    says.  EFAULT if nothing is mapped there."""
    pr = p.p_p
    if private:
        return pr.ps_futex, uaddr
    vmap = pr.ps_vmspace.map
    rw_enter(vmap.lock, RW_READ)
    try:
        entry = vmap.lookup(uaddr)
    finally:
        rw_exit(vmap.lock)
    if entry is None:
        raise Errno(EFAULT)
    offset = uaddr - entry.start
    if entry.obj is not None and not entry.copy_on_write:
        return p.kernel.futexes, (entry.obj, entry.offset + offset)
    if entry.obj is None and entry.inheritance == MAP_INHERIT_SHARE and entry.amap is not None:
        return p.kernel.futexes, (entry.amap, (entry.amap_slot << PAGE_SHIFT) + offset)
    return pr.ps_futex, uaddr
