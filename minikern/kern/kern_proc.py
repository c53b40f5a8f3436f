"""Process groups (OpenBSD's kern_proc.c): who is in a group, and whether
the group is orphaned.

A process group is orphaned when no member has a parent in another group
of the same session: nobody is left (no shell) who could continue the
group's stopped jobs.  So the job-control stops that come from the
terminal (SIGTSTP, SIGTTIN, SIGTTOU) are discarded in an orphaned group
(kern_sig.py), a background read from the terminal fails with EIO
instead (dev/tty.py), and a group that becomes orphaned while a member is
stopped gets SIGHUP and SIGCONT (kern_exit.py's orphanpg).
"""

from ..sys.proc import PS_ZOMBIE


def pgrp_members(kernel, pgid):
    """The live processes of group pgid, in pid order of creation."""
    return [q for q in kernel.procs.values()
            if q.ps_pgid == pgid and not q.ps_flags & PS_ZOMBIE]


def pgrp_orphaned(kernel, pgid):
    """POSIX's orphaned process group: the parent of every member is in
    the group itself or outside its session (OpenBSD counts these
    parents in pg_jobc; counting them when asked is simpler to read)."""
    for q in pgrp_members(kernel, pgid):
        parent = q.ps_pptr
        if parent is not None and parent.ps_pgid != pgid and parent.ps_sid == q.ps_sid:
            return False
    return True
