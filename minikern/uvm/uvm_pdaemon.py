"""uvm_pdaemon: what uvm does when physical memory runs out.

OpenBSD's page daemon keeps memory free by paging out: anonymous pages
go to swap, file pages back to their files.  minikern has no swap and its
files live in memory, so when a fault finds no free page there is only
one way to get pages back: end a process.  The out-of-memory killer picks
the process holding the most memory (its resident anons and page tables),
not whoever happened to fault last, and never init (pid 1) while another
process exists: a machine whose init is gone cannot recover.

Callers are the places a process waits for a page: trap() for a user
fault and copyin/copyout for a fault the kernel takes on the process's
behalf.  If the victim is another process, its memory is free when
uvm_oom returns (only the faulting process is on a core: the cores take
turns on one host thread) and the faulting process retries.

uvm chooses the victim; ending a process is kern's work (exit1), which
uvm may not import: uvm sits below kern (README, "How the kernel is laid
out").  So the kernel hands uvm that one operation, Kernel.oom_kill.
"""

from ..sys.lock import KERNEL_LOCK, KERNEL_UNLOCK
from ..sys.proc import PS_ZOMBIE


def uvm_oom(kernel, faulter):
    """Kill the largest consumer of memory.  True if faulter (a thread)
    is still alive and should retry its fault, False if its process was
    the one killed."""
    victim = largest_consumer(kernel) or faulter.p_p
    KERNEL_LOCK(kernel)             # exit closes files and wakes parents
    try:
        kernel.pages.uvmexp.oom_kills += 1
        kernel.log(f"pid {victim.ps_pid} ({victim.ps_comm}): killed: out of memory")
        kernel.oom_kill(victim)
    finally:
        KERNEL_UNLOCK(kernel)
    return victim is not faulter.p_p


def largest_consumer(kernel):
    """The living process holding the most pages, init excepted unless it
    is alone.  Ties go to the newest process (the highest pid)."""
    living = [p for p in kernel.procs.values()
              if not p.ps_flags & PS_ZOMBIE and p.ps_vmspace is not None]
    candidates = [p for p in living if p.ps_pid != 1] or living
    if not candidates:
        return None
    return max(candidates, key=lambda p: (pages_held(p), p.ps_pid))


def pages_held(p):
    """The pages p's death would give back at most: the anons in its
    amaps (each amap counted once) and its page-table pages."""
    amaps = {id(e.amap): len(e.amap.slots)
             for e in p.ps_vmspace.map.entries if e.amap is not None}
    return sum(amaps.values()) + len(p.ps_vmspace.pmap.ptp_pages)
