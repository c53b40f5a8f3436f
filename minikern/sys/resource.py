"""Resource limits and usage (OpenBSD's sys/resource.h): the resources a
process is limited in and the soft limit it is held to, and the usage
getrusage(2) reports.  getrlimit(2), setrlimit(2) and getrusage(2) are
kern/kern_resource.py; the names are here because uvm/ enforces
RLIMIT_DATA when it maps memory, and struct proc keeps a Rusage."""

from dataclasses import dataclass

(RLIMIT_CPU, RLIMIT_FSIZE, RLIMIT_DATA, RLIMIT_STACK, RLIMIT_CORE, RLIMIT_RSS,
 RLIMIT_MEMLOCK, RLIMIT_NPROC, RLIMIT_NOFILE) = range(9)
RLIM_NLIMITS = 9
RLIM_INFINITY = (1 << 63) - 1

# The most stack a process can have, whatever its RLIMIT_STACK (OpenBSD's
# MAXSSIZ, from machine/vmparam.h): exec reserves this much below the
# stack's top, and setrlimit clamps RLIMIT_STACK to it.
MAXSSIZ = 8 << 20


def lim_cur(p, which):
    """The soft limit thread p is held to (its process's; OpenBSD's lim_cur_proc)."""
    return p.p_p.ps_limit[which][0]


# getrusage(2)'s `who`: the caller, its waited-for children, the calling thread.
RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD = 0, -1, 1


@dataclass
class Rusage:
    """Resource usage in the kernel's units (OpenBSD's struct rusage keeps
    timevals; here virtual cycles until getrusage converts them)."""
    user_cycles: int = 0        # running the program's own instructions
    sys_cycles: int = 0         # in the kernel on its behalf (calls, faults, switches)
    minflt: int = 0             # page faults

    def add(self, other):
        """OpenBSD's ruadd: fold other's usage into this one."""
        self.user_cycles += other.user_cycles
        self.sys_cycles += other.sys_cycles
        self.minflt += other.minflt
