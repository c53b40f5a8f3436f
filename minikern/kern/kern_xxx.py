"""reboot(2): halt or restart the machine (OpenBSD's kern_xxx.c).

OpenBSD's sys_reboot checks that the caller is the superuser, writes the
file systems' dirty buffers to disk ("syncing disks... done") and halts
or resets the CPUs.  Here the file system lives in memory and has nothing
to sync, so the message is all of that step; the machine then stops
running processes: the scheduler returns (Kernel.run), and the caller's
`minikern run` or REPL decides what comes next (halt: done; reboot: boot
a new machine).
"""

from ..sys.reboot import RB_HALT
from .kern_prot import suser


def sys_reboot(p, howto):
    suser(p)
    kernel = p.kernel
    kernel.log("syncing disks... done")
    kernel.shutdown = "halt" if howto & RB_HALT else "reboot"
    kernel.log("halted" if kernel.shutdown == "halt" else "rebooting")
    p.p_cpu.core.stop()      # no instruction of any process runs after this
    return 0
