"""The "programs" suite: real workloads, guest against native.

Each program of PROGRAMS is compiled from the same source in
userland/bench twice with the same zig cc and the same code generation
(-O2, baseline x86-64): once for the guest (the userland build) and once
for this host (a static Linux executable, musl, cached next to the
userland).  Both print "bench: start" and "bench: stop" around the work;
the figure is the host wall time between the two on minikern over the same
on the host, one run each (the guest runs take seconds).  The outputs
must agree, or the figure means nothing: a difference is an error.

Host CPU seconds are kept beside wall seconds in the JSON (params): this
machine is shared, and CPU time is what another process's load does not
inflate.
"""

import hashlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import time

from .. import build
from .suite import Result, benchmark, scaled
from .guest import BenchError, START_MARK, STOP_MARK, measure_guest

NATIVE = "native (same source, zig cc)"
NATIVE_FLAGS = ["-target", "x86_64-linux-musl", "-mcpu=baseline", "-O2", "-static"]
MEMORY = 128 << 20
COMPUTE_TARGET = 8.0        # guest / native, compute-bound programs

# name, its argument at scale 1 (and the smallest that makes sense),
# compute-bound (no system calls or faults inside the timed part to speak of)
PROGRAMS = [
    ("interp", 100_000, 100, True),      # primes below N in bytecode
    ("compress", 4096, 4, True),         # KiB of text, LZ77 both ways
    ("sort", 1_000_000, 100, True),      # merge sort of N keys
    ("tree", 16, 4, False),              # malloc/free of binary trees
]


def native_program(name):
    """The host executable of userland/bench/NAME.c (built once, cached)."""
    if platform.machine() not in ("x86_64", "AMD64") or sys.platform != "linux":
        raise BenchError("native runs need an x86-64 Linux host")
    source = build.USERLAND / "bench" / f"{name}.c"
    digest = hashlib.sha256()
    for item in [source.read_bytes(), (source.parent / "bench.h").read_bytes(),
                 " ".join(NATIVE_FLAGS).encode(),
                 importlib.metadata.version("ziglang").encode()]:
        digest.update(item + b"\0")
    target = build.cache_dir() / f"native-bench-{digest.hexdigest()[:16]}" / name
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}")
        result = subprocess.run(build.cc_command() + NATIVE_FLAGS
                                + ["-o", str(partial), str(source)],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise BenchError(f"cannot build {name} for the host: "
                             f"{build.first_error_line(result.stderr)}")
        os.replace(partial, target)
    return target


def run_native(name, args):
    """(wall seconds between the markers, CPU seconds of the whole run,
    the output without the markers) of the native program."""
    proc = subprocess.Popen([str(native_program(name))] + [str(a) for a in args],
                            stdout=subprocess.PIPE)
    times, output = {}, b""
    while True:
        chunk = os.read(proc.stdout.fileno(), 65536)
        now = time.perf_counter()
        if not chunk:
            break
        for mark in (START_MARK, STOP_MARK):
            if mark in chunk and mark not in times:
                times[mark] = now
        output += chunk
    proc.stdout.close()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0 or len(times) != 2:
        raise BenchError(f"native {name} failed (status {proc.returncode}): {output!r}")
    # Markers that arrive in one read were closer than the pipe can tell:
    # a microsecond stands for "too short to see" (tiny test sizes only).
    wall = max(times[STOP_MARK] - times[START_MARK], 1e-6)
    return wall, usage.ru_utime + usage.ru_stime, without_marks(output)


def without_marks(output):
    return b"".join(line for line in output.splitlines(keepends=True)
                    if not line.startswith((START_MARK, STOP_MARK)))


def compare(name, arg, compute_bound):
    """One Result: the program on minikern and natively."""
    guest = measure_guest(name, [arg], MEMORY)
    native_wall, native_cpu, native_output = run_native(name, [arg])
    if without_marks(guest.output) != native_output:
        raise BenchError(f"{name} {arg}: the guest printed {guest.output!r}, "
                         f"the host {native_output!r}")
    r = Result(name, "s", False, [guest.seconds], {NATIVE: [native_wall]},
               params={"argument": arg, "compute_bound": compute_bound,
                       "guest_cpu_s": guest.cpu_seconds, "native_cpu_s": native_cpu,
                       "output": native_output.decode(errors="replace").strip()})
    if compute_bound:
        r.target = f"guest <= {COMPUTE_TARGET:g}x native"
        r.met = r.ratio(NATIVE) <= COMPUTE_TARGET
    return r


@benchmark("programs")
def programs(repeat, scale=1.0):
    """Every workload of PROGRAMS once (repeat is not used: one run each),
    guest wall time over native wall time."""
    return [compare(name, max(smallest, scaled(arg, scale)), compute_bound)
            for name, arg, smallest, compute_bound in PROGRAMS]
