"""Lab s2k15: take anonymous mmap and anonymous page faults off the kernel
lock, as OpenBSD did at the s2k15 hackathon.  The starter is the kernel
before: correct, with mmap, munmap, mprotect, madvise and every page
fault under KERNEL_LOCK.

Graded on 4 cores with s2k15test.c (this folder: workers that map, touch
and unmap memory at once and map a file too), by the kernel's own
checkers (uvm_check, witness, the map lock's statistics), and by the
numbers of `minikern bench smp`, all in virtual time, so the same tree
gets the same score on every run.
"""

from minikern.bench import smp
from minikern.dev.cons import Console
from minikern.lab.spec import (
    Failure,
    books_balance,
    Lab,
    Test,
    all_passed,
    exit_status,
    output_matches,
)
from minikern.machine import Machine
from minikern.programs import find_program
from minikern.uvm.uvm_check import uvm_check

TEST = "s2k15test.c"
CORES = 4
WORKERS, ROUNDS = "4", "24"
MAX_SPIN_SHARE = 0.02       # of the busy cycles, spinning on the kernel lock
MIN_SPEEDUP = 3.2           # bench smp, nolock kernel, 4 cores against 1
BENCH_ROUNDS = 8
PAIRS = 1000                # mmapunmap's anonymous mmap/touch/munmap
MAX_KERNEL_LOCKS = 100


def map_lock_taken(run):
    """Every page fault takes its process's map lock (vmmaplk): without it
    nothing keeps a fault from reading entries that an munmap is taking
    apart.  (mmap, munmap and mprotect take it too, so there are more
    acquisitions than faults.)"""
    kernel = run.machine.kernel
    faults = kernel.pages.uvmexp.faults
    taken = kernel.lockstats["vmmaplk"].acquisitions
    if taken < faults:
        raise Failure(f"the map lock was taken {taken} times for {faults} page faults: "
                      "some faults ran without it")


def witness_clean(run):
    """The same program again on a machine with witness(4) on: no lock
    order reversal (the kernel lock comes before the map lock), and the
    books balance afterwards."""
    out = bytearray()
    machine = Machine(cores=CORES, memory=64 << 20,
                      console=Console(output=out.extend), boottime_ns=0, prefault=False,
                      rootfs=run.ctx.rootfs, witness=True, log=lambda line: None)
    try:
        image, argv0 = find_program(str(run.ctx.lab_dir / TEST), run.ctx.rootfs)
        p = machine.spawn(image, [argv0, WORKERS, ROUNDS])
        machine.run(until=lambda: p.ps_xstat is not None)
        kernel = machine.kernel
        if kernel.witness.reversals:
            raise Failure("witness: " + "; ".join(kernel.witness.reversals[:2]))
        if p.ps_xstat != 0:
            raise Failure(f"under witness the program failed: {out.decode()[-300:]}")
        problems = uvm_check(kernel)
        if problems:
            raise Failure("uvm_check after the witness run: " + "; ".join(problems[:3]))
    finally:
        machine.close()


def kernel_lock_spin(run):
    """The cores spend almost nothing spinning on the kernel lock: only
    the file mappings and the other calls still take it."""
    kernel = run.machine.kernel
    busy = sum(ci.busy_cycles for ci in kernel.sched.cpus)
    spin = kernel.lockstats["kernel_lock"].spin_cycles
    share = spin / busy if busy else 0.0
    if share >= MAX_SPIN_SHARE:
        raise Failure(f"kernel lock spin: {share:.1%} of the busy cycles "
                      f"(expected below {MAX_SPIN_SHARE:.0%})")


def anon_calls_unlocked(run):
    """mmapunmap's PAIRS anonymous mmaps, their faults and their munmaps:
    none of them takes the kernel lock (the program's start and exit
    take it a few times)."""
    taken = run.machine.kernel.lockstats["kernel_lock"].acquisitions
    if taken >= MAX_KERNEL_LOCKS:
        raise Failure(f"the kernel lock was taken {taken} times for {PAIRS} anonymous "
                      f"mmap, fault, munmap triples (expected fewer than {MAX_KERNEL_LOCKS})")


def bench_speedup(run):
    """`minikern bench smp`'s nolock kernel: 4 copies of cc1 on 4 cores
    against one on one core."""
    one = smp.run_workload(1, False, rounds=BENCH_ROUNDS)
    four = smp.run_workload(CORES, False, rounds=BENCH_ROUNDS)
    speedup = CORES * one["makespan_cycles"] / four["makespan_cycles"]
    if speedup < MIN_SPEEDUP:
        raise Failure(f"bench smp speedup on {CORES} cores: {speedup:.2f}x "
                      f"(expected at least {MIN_SPEEDUP}x; kernel lock spin "
                      f"{four['kernel_lock_spin_share']:.1%})")


def part(name, points, summary, *checks, argv=(TEST, WORKERS, ROUNDS), needs=()):
    return Test(name, points, summary, list(argv), [exit_status(0), all_passed(), *checks],
                cores=CORES, needs=list(needs))


LAB = Lab(
    name="s2k15",
    summary="anonymous mmap and page faults without the kernel lock (OpenBSD's s2k15)",
    builds_on="the lazy lab's fault path; locks in virtual time (minikern/sys/lock.py)",
    files=["minikern/kern/syscalls.master", "minikern/uvm/uvm_mmap.py",
           "minikern/uvm/uvm_fault.py"],
    tests=[
        part("concurrent", 20, "4 processes on 4 cores map, touch, protect and unmap at once; "
             "uvm_check after", books_balance()),
        part("maplock", 15, "every page fault takes the map lock",
             map_lock_taken, needs=["concurrent"]),
        part("witness", 15, "witness on: no lock order reversal; uvm_check after",
             witness_clean, needs=["concurrent"]),
        Test("anon", 15, f"{PAIRS} anonymous mmap, touch, munmap: the kernel lock taken "
             f"fewer than {MAX_KERNEL_LOCKS} times", ["/usr/bench/mmapunmap", str(PAIRS)],
             [exit_status(0), output_matches(rf"^mmapunmap: {PAIRS} pairs, 0 failed$"),
              anon_calls_unlocked], needs=["maplock", "witness"]),
        part("klock", 15, "the same workload spends under 2% of its cycles spinning "
             "on the kernel lock", kernel_lock_spin, needs=["maplock", "witness"]),
        Test("speedup", 20, f"bench smp: 4 copies of cc1 on 4 cores run at least "
             f"{MIN_SPEEDUP}x one", ["/usr/bench/cc1", "1"], [exit_status(0), bench_speedup],
             needs=["maplock", "witness"]),
    ],
)
