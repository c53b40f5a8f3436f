"""The "proc" suite: fork+exit+wait, fork+exec+wait, pipe throughput
between two processes, file write and read throughput, signal delivery.
The guest programs are in userland/bench.

There is no bare-Unicorn floor for a process (there is no kernel to
fork), so each figure comes with other rows instead:

  * the virtual time of the very same runs: the cycles between the markers
    on the cores' virtual clocks over sys/clock.py's CPU_HZ, what a real 3 GHz
    machine with the kernel's documented costs would see (deterministic,
    so its best and median agree).  The host row says how fast the
    emulator is; the ratio on the virtual row is host over virtual;
  * for fork+exit+wait, qemu-user's figure, measured elsewhere (a hyperfine
    median of a static fork+wait program on a 2-vCPU EPYC machine, another
    day): a reference, not a floor of this run.

fork+exit+wait and fork+exec+wait are reported both in µs an operation
and in operations a second, computed from the same runs.
"""

from .. import build
from ..sys.clock import CPU_HZ
from .suite import Result, benchmark, scaled
from .guest import measure_guest

PROC_MEMORY = 16 << 20
FORK_WAITS = 300
SPAWNS = 200
SIGNALS = 2000
PIPE_MIB = 16
CHUNK = 64 << 10                # the pipe program's write and read size
VIRTUAL = f"virtual time ({CPU_HZ / 1e9:g} GHz), same runs"
QEMU_LABEL = "qemu-user 7.2 (measured elsewhere)"
QEMU_FORK_WAIT_US = 1200.0      # hyperfine median, 2-vCPU EPYC, Debian 12
TRUE = "/bin/true"
OWN_TRUE = "/usr/bench/exit0"


def per_operation(name, args, memory, repeat, operations):
    """Run /usr/bench/NAME ARGS `repeat` times, each on a fresh machine;
    return (host seconds, virtual seconds) an operation, one sample a run."""
    host, virtual = [], []
    for _ in range(repeat):
        interval = measure_guest(name, args, memory)
        host.append(interval.seconds / operations)
        virtual.append(interval.cycles / CPU_HZ / operations)
    return host, virtual


def _time_and_rate(name, host, virtual, params, reference_us=None):
    """Two Results from the same samples (seconds an operation): µs each
    and operations a second, with the virtual row and the reference."""
    floors = {VIRTUAL: [s * 1e6 for s in virtual]}
    rate_floors = {VIRTUAL: [1 / s for s in virtual]}
    if reference_us is not None:
        floors[QEMU_LABEL] = [reference_us]
        rate_floors[QEMU_LABEL] = [1e6 / reference_us]
    each = Result(name, "µs", False, [s * 1e6 for s in host], floors, params=params)
    rate = Result(name, "/s", True, [1 / s for s in host], rate_floors, params=params)
    return each, rate


@benchmark("proc")
def fork_exit_wait(repeat, scale=1.0):
    """fork+exit+wait, µs each and per second.  /usr/bench/forkwait N: N
    times the parent forks, the child calls _exit(0) at once, the parent
    waitpid()s for it and checks the status; the time between the markers
    over N (fork with copy-on-write set-up, the child's first slice on
    the other core, exit, the parent's wake-up and wait4, the reaping).
    Host wall time and virtual time of the same runs; qemu-user's 1.20 ms
    as a reference measured elsewhere."""
    n = scaled(FORK_WAITS, scale)
    host, virtual = per_operation("forkwait", [n], PROC_MEMORY, repeat, n)
    each, rate = _time_and_rate("fork+exit+wait", host, virtual,
                                {"forks": n}, QEMU_FORK_WAIT_US)
    each.target = "<= 1 ms each"
    each.met = each.best() <= 1000
    return [each, rate]


def true_program():
    """/bin/true if the userland has it, otherwise our own exit0."""
    return TRUE if (build.ensure_userland(progress=False) / "bin" / "true").is_file() \
        else OWN_TRUE


@benchmark("proc")
def fork_exec_wait(repeat, scale=1.0):
    """fork+exec+wait, µs each and per second.  /usr/bench/forkwait N PATH:
    N times the parent forks, the child execv()s PATH (/bin/true, or
    /usr/bench/exit0 when the userland has no /bin/true; params say
    which), which exits 0; the parent waitpid()s and checks the status.
    The time between the markers over N: fork, exec (namei, the ELF
    headers, text mapped from the page cache), the program's start-up and
    exit, wait4.  Host wall time and virtual time of the same runs."""
    n = scaled(SPAWNS, scale)
    program = true_program()
    host, virtual = per_operation("forkwait", [n, program], PROC_MEMORY, repeat, n)
    return list(_time_and_rate("fork+exec+wait", host, virtual,
                               {"runs": n, "program": program}))


# Throughput targets.  qemu-user hands read(2) and write(2) to the host
# kernel, so at 64 KiB a call its pipe and file throughput is the host's
# own, bound by memcpy: several GB/s (its per-call overhead, 0.33 µs for
# getpid as measured elsewhere, is nothing next to a 64 KiB copy).  minikern's
# kernel moves the bytes in Python: copyin and copyout walk the page tables
# a 4 KiB page at a time (about a microsecond a page) and a pipe step also
# sleeps and wakes a process on the other core.  So a tenth of qemu-user's
# (host) figure is the honest aim: >= 200 MB/s through a pipe, >= 250 MB/s
# into a file, >= 500 MB/s out of one (a read copies out of the page cache
# once; a write also allocates the pages).
PIPE_TARGET_MBS = 200
FILE_WRITE_TARGET_MBS = 250
FILE_READ_TARGET_MBS = 500
FILE_MIB = 16
FILE_MEMORY = 64 << 20


def _throughput(name, program, args, memory, repeat, size, target, params):
    host, virtual = per_operation(program, args, memory, repeat, size)
    r = Result(name, "MB/s", True, [1 / s / 1e6 for s in host],
               {VIRTUAL: [1 / s / 1e6 for s in virtual]}, params=params)
    r.target = f">= {target} MB/s"
    r.met = r.best() >= target
    return r


@benchmark("proc")
def pipe_throughput(repeat, scale=1.0):
    """Pipe throughput between two processes, MB/s (10^6 bytes).
    /usr/bench/pipe MIB: the parent writes MIB MiB into a pipe in 64 KiB
    write()s, a child reads them in 64 KiB read()s and counts; the parent
    marks the start before its first write, the child the stop after its
    end of file (the parent's close).  Host wall time and virtual time of
    the same runs."""
    mib = scaled(PIPE_MIB, scale)
    return _throughput("pipe throughput", "pipe", [mib], PROC_MEMORY, repeat,
                       mib << 20, PIPE_TARGET_MBS,
                       {"bytes": mib << 20, "write_size": CHUNK})


@benchmark("proc")
def file_write_throughput(repeat, scale=1.0):
    """File write throughput, MB/s.  /usr/bench/fileio w MIB: MIB MiB
    written to a new tmpfs file in 64 KiB write()s (copyin, the page cache
    pages allocated and filled).  Host wall time and virtual time."""
    mib = scaled(FILE_MIB, scale)
    return _throughput("file write", "fileio", ["w", mib], FILE_MEMORY, repeat,
                       mib << 20, FILE_WRITE_TARGET_MBS,
                       {"bytes": mib << 20, "write_size": CHUNK})


@benchmark("proc")
def file_read_throughput(repeat, scale=1.0):
    """File read throughput, MB/s.  /usr/bench/fileio r MIB: the file
    written first (untimed), then read from the start in 64 KiB read()s
    (copyout from the page cache).  Host wall time and virtual time."""
    mib = scaled(FILE_MIB, scale)
    return _throughput("file read", "fileio", ["r", mib], FILE_MEMORY, repeat,
                       mib << 20, FILE_READ_TARGET_MBS,
                       {"bytes": mib << 20, "read_size": CHUNK})


@benchmark("proc")
def signal_delivery(repeat, scale=1.0):
    """Signal delivery, µs each.  /usr/bench/sigdeliver N: N times the
    program kill()s itself with SIGUSR1, caught by a handler that counts
    it (kill, sendsig's frame on the user stack, the handler, sigreturn's
    checks and the interrupted registers loaded back: the path through
    arch/amd64/machdep.py and struct mdproc).  Host wall time and virtual
    time of the same runs."""
    n = scaled(SIGNALS, scale)
    host, virtual = per_operation("sigdeliver", [n], PROC_MEMORY, repeat, n)
    return Result("signal delivery", "µs", False, [s * 1e6 for s in host],
                  {VIRTUAL: [s * 1e6 for s in virtual]}, params={"signals": n})
