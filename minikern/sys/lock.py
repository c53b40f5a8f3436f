"""Locks in virtual time: the big kernel lock, mutexes and rwlocks, with
statistics (lockstat) and a lock-order checker (witness).

Kernel code here is Python and runs to completion inside one trap, so no
lock is ever held across host time; what matters is virtual time.  A
lock remembers the intervals [acquired, released) during which cores held
it.  A core that wants the lock at virtual time t, and finds t inside an
interval another core recorded, spins until that interval ends: the spin
is charged to its clock (and to the lock's statistics), exactly as a core
spinning on a real lock loses those cycles.

The cores run in slices, each up to a quantum ahead of the others, so the
holds of two cores are serialized in the order the host ran them; within
a slice's window that order may differ from the virtual-time order of the
requests.  The cost of the contention, which the experiment measures, is
kept; the identity of the winner of a near tie may not be.

Like OpenBSD's __mp_lock, the kernel lock is recursive.  tsleep needs no
special case: a sleeping system call returns (ERESTART), which ends its
kernel section and releases whatever it held.
"""

import bisect
import sys

from .clock import COST_LOCK
from .tracepoint import TP_LOCK_ACQUIRE, TP_LOCK_RELEASE

PRUNE_AT = 256      # holds kept per core before old ones are dropped


class Lock:
    """A lock with hold intervals and statistics.  kind is "kernel",
    "mutex" or "rwlock"; `name` is the lock's class for lockstat and
    witness (every process's map lock is "vmmaplk").  With own_stats the
    lock also keeps statistics of its own (lockstat's per-process map
    lock lines), beside its class's."""

    def __init__(self, kernel, name, kind="mutex", private=False, own_stats=False):
        self.kernel = kernel
        self.name = name
        self.kind = kind
        # A private lock is only ever taken by one thread at a time (the
        # map lock of a process with a single thread), so no other core
        # can contend for it: it is counted, not timed.  __tfork makes a
        # process's map lock shared (timed) when it gets a second thread.
        self.private = private
        self.holder = None          # the CpuInfo in its critical section
        self.depth = 0
        self._since = 0
        self._shared = False
        # Per core: the starts, ends and reader flags of its holds, in
        # order (a core's clock only moves forward, so they stay sorted).
        self._holds = {}
        self.stats = kernel.lockstats.get(name) or kernel.lockstats.setdefault(
            name, LockStats(name, kind))
        self.own = LockStats(name, kind) if own_stats else None

    # -- taking and releasing --------------------------------------------

    def enter(self, shared=False):
        """Take the lock (shared: as a reader of an rwlock).  Returns the
        cycles spent spinning."""
        ci = self.kernel.curcpu
        if ci is None:
            return 0                # boot or host-side work: no core, no cost
        if self.holder is ci:
            self.depth += 1         # the recursive kernel lock
            return 0
        if self.private:
            return self._enter_private(ci)
        t = ci.now()
        holds = self._holds
        spin = 0
        if len(holds) > 1 or (holds and ci.index not in holds):
            spin = self._free_at(t, ci.index, shared) - t
        self.stats.count(spin)
        if self.own is not None:
            self.own.count(spin)
        if spin:
            ci.spin_cycles += spin
        ci.kernel_cycles += spin + COST_LOCK
        self.holder = ci
        self.depth = 1
        self._since = t + spin
        self._shared = shared
        if self.kernel.witness is not None:
            self.kernel.witness.acquire(ci, self)
        ci.held.append(self)
        if TP_LOCK_ACQUIRE.listeners:
            TP_LOCK_ACQUIRE.fire(self.kernel, ci, self, self._since, spin)
        return spin

    def _enter_private(self, ci):
        self.stats.acquisitions += 1
        if self.own is not None:
            self.own.acquisitions += 1
        ci.kernel_cycles += COST_LOCK
        self.holder = ci
        self.depth = 1
        if self.kernel.witness is not None:
            self.kernel.witness.acquire(ci, self)
        ci.held.append(self)
        return 0

    def leave(self):
        ci = self.holder
        if ci is None:
            return
        self.depth -= 1
        if self.depth:
            return
        if self.private:
            self.holder = None
            ci.held.remove(self)
            return
        end = ci.now()
        hold = end - self._since
        self.stats.held(hold)
        if self.own is not None:
            self.own.held(hold)
        self._record(ci.index, self._since, end, self._shared)
        self.holder = None
        ci.held.remove(self)
        if TP_LOCK_RELEASE.listeners:
            TP_LOCK_RELEASE.fire(self.kernel, ci, self)

    # -- the intervals ---------------------------------------------------------

    def _free_at(self, t, core, shared):
        """The first instant at or after t at which no other core's hold
        conflicts with this one."""
        moved = True
        while moved:
            moved = False
            for other, (starts, ends, readers, _) in self._holds.items():
                if other == core:
                    continue
                i = bisect.bisect_right(starts, t) - 1
                if i >= 0 and ends[i] > t and not (shared and readers[i]):
                    t = ends[i]
                    moved = True
        return t

    def _record(self, core, start, end, shared):
        holds = self._holds.get(core)
        if holds is None:
            holds = self._holds[core] = ([], [], [], [PRUNE_AT])
        starts, ends, readers, prune_at = holds
        starts.append(start)
        ends.append(end)
        readers.append(shared)
        if len(starts) > prune_at[0]:
            self._prune(holds)

    def _prune(self, holds):
        """Drop holds that ended before the earliest instant any core can
        still ask for a lock (the scheduler's horizon).  The next pruning
        waits until the list has doubled, so the cost stays constant per
        hold however many a long slice keeps."""
        starts, ends, readers, prune_at = holds
        gone = bisect.bisect_left(ends, self.kernel.sched.horizon())
        del starts[:gone], ends[:gone], readers[:gone]
        prune_at[0] = max(PRUNE_AT, 2 * len(starts))


class LockStats:
    """lockstat's numbers for one lock class."""

    def __init__(self, name, kind):
        self.name = name
        self.kind = kind
        self.acquisitions = 0
        self.contended = 0
        self.spin_cycles = 0
        self.held_cycles = 0
        self.longest_hold = 0

    def count(self, spin):
        """One acquisition, after spin cycles of spinning."""
        self.acquisitions += 1
        if spin:
            self.contended += 1
            self.spin_cycles += spin

    def held(self, cycles):
        """One hold of the lock ended, cycles long."""
        self.held_cycles += cycles
        if cycles > self.longest_hold:
            self.longest_hold = cycles

    def reset(self):
        self.acquisitions = self.contended = 0
        self.spin_cycles = self.held_cycles = self.longest_hold = 0


# OpenBSD's names for the operations.

def KERNEL_LOCK(kernel):
    return kernel.kernel_lock.enter()


def KERNEL_UNLOCK(kernel):
    kernel.kernel_lock.leave()


def mtx_enter(mtx):
    return mtx.enter()


def mtx_leave(mtx):
    mtx.leave()


RW_READ, RW_WRITE = "read", "write"


def rw_enter(rwl, how):
    return rwl.enter(shared=how == RW_READ)


def rw_exit(rwl):
    rwl.leave()


class Witness:
    """The lock-order checker (OpenBSD's witness(4)): it learns the order
    in which lock classes are taken while others are held, and reports the
    first time two classes are taken in the opposite order, with the
    places in the kernel where each order was seen."""

    def __init__(self):
        self.order = {}         # (held, taken) -> call site first seen
        self.reversals = []     # report lines, each pair once
        self._reported = set()

    def acquire(self, ci, lock):
        if not ci.held:
            return                  # nothing held: no order to learn
        site = _call_site()
        for held in ci.held:
            if held.name == lock.name:
                continue
            pair = (held.name, lock.name)
            self.order.setdefault(pair, site)
            reverse = (lock.name, held.name)
            if reverse in self.order and frozenset(pair) not in self._reported:
                self._reported.add(frozenset(pair))
                self.reversals.append(
                    f"lock order reversal: {held.name} then {lock.name} at {site}; "
                    f"{lock.name} then {held.name} first at {self.order[reverse]}")


def _call_site():
    """file:line of the kernel code that asked for the lock."""
    frame = sys._getframe(3)
    while frame is not None and frame.f_code.co_filename == __file__:
        frame = frame.f_back
    if frame is None:
        return "?"
    path = frame.f_code.co_filename
    short = path[path.rfind("minikern"):] if "minikern" in path else path
    return f"{short}:{frame.f_lineno} ({frame.f_code.co_name})"
