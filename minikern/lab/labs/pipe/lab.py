"""Lab pipe: tsleep/wakeup and pipes.  The read and write paths of
minikern/kern/sys_pipe.py (OpenBSD's pipe_read and pipe_write) and the
wakeups of its close: block on an empty or full pipe, wake the other side,
EOF, EPIPE and SIGPIPE, atomic small writes, O_NONBLOCK.

Graded with pipetest.c (this folder), one part per test; the `sleep` test
also counts the system calls the machine ran (a process that polls
instead of sleeping makes thousands while it waits), and `pipeline` runs
the shell's `seq 1 20000 | wc -l`.
"""

from minikern.lab.spec import Failure, Lab, Test, all_passed, exit_status, output_matches

PIPETEST = "pipetest.c"
# What pipetest's `sleep` part needs with sleeping processes (about 50,
# most of them the two programs starting); polling for its 100 ms of
# waiting takes thousands.
MAX_SYSCALLS = 500
# The parts whose processes wait on a timer (usleep) run on one core: with
# two, a process polling a pipe on one core while the other stays idle
# holds back the clock the kernel's timeouts go by, so the sleeping timer
# never fires and the test could only end on the wall-clock limit (see
# /work/wt/FINDINGS.md, "scheduler").  On one core a poller finishes, and
# is told so by `sleep`'s count.
TIMED = 1
# Virtual seconds a part may run: the reference needs at most 0.15; a
# process that polls forever is stopped after this much, a few wall-clock
# seconds, rather than the default 5.
BUDGET_S = 0.5


def syscalls_made(kernel):
    return kernel.reaped_syscalls + sum(p.usage().syscalls for p in kernel.procs.values())


def no_busy_waiting(run):
    """The waiting processes slept: few system calls in all."""
    made = syscalls_made(run.machine.kernel)
    if made > MAX_SYSCALLS:
        raise Failure(f"{made} system calls for 100 ms of waiting (at most "
                      f"{MAX_SYSCALLS} when the waiters sleep): a process polls the pipe "
                      "(returned None without tsleep?)")


def part(name, points, summary, *more_checks, needs=("basic",), cores=2):
    return Test(name, points, summary, [PIPETEST, name],
                [exit_status(0), all_passed(), *more_checks], needs=list(needs), cores=cores,
                budget_s=BUDGET_S)


LAB = Lab(
    name="pipe",
    summary="tsleep/wakeup and pipes: pipe_read and pipe_write",
    builds_on="processes and file descriptors (kern_fork.py, kern_descrip.py)",
    files=["minikern/kern/sys_pipe.py"],
    tests=[
        part("basic", 5, "one process: bytes in and out, a short read, EOF", needs=()),
        part("transfer", 15, "a full pipe holds at most 64 KiB; 1 MiB in odd sizes, checked",
             cores=TIMED),
        part("eof", 10, "a read waits for data, then for the last writer to close",
             cores=TIMED),
        part("epipe", 10, "no reader: EPIPE, SIGPIPE; a sleeping writer wakes to EPIPE",
             cores=TIMED),
        part("nonblock", 5, "O_NONBLOCK: EAGAIN, a big write in part, a small one whole"),
        part("atomic", 15, "six writers, one reader: no 500-byte write is split",
             needs=["transfer"]),
        part("signal", 10, "a sleeping read and a signal: EINTR, or goes on with SA_RESTART",
             needs=["eof"], cores=TIMED),
        part("sleep", 10, "waiters sleep: few system calls in 100 ms of waiting",
             no_busy_waiting, needs=["eof"], cores=TIMED),
        part("smp", 10, "4 cores: 1 MiB through a chain of five processes",
             needs=["transfer"], cores=4),
        Test("pipeline", 10, "the shell: seq 1 20000 | wc -l counts 20000 lines",
             ["/bin/sh", "-c", "seq 1 20000 | wc -l"],
             [exit_status(0), output_matches(r"^\s*20000\s*$")], needs=["transfer"]),
    ],
)
