"""Machine commands: boot, reboot, cores, stats, phys."""

import argparse

from minikern.ddb.db_interface import cycles_to_ns
from minikern.machine import DEFAULT_CORES

from .table import CommandError, command

MIB = 1 << 20
PAGE = 4096


class _Parser(argparse.ArgumentParser):
    def error(self, message):
        raise CommandError(message)


def _boot_parser():
    parser = _Parser(prog="boot", add_help=False)
    parser.add_argument("--cores", type=int, default=DEFAULT_CORES)
    parser.add_argument("--mem", default="256M")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--giant", action="store_true")
    return parser


@command("machine", "boot [--cores N] [--mem SIZE] [--seed S] [--giant]",
         "switch the machine off and boot a new one",
         """
Defaults: 2 cores, 256M, seed 0.  Every process of the old machine is
gone.  A non-zero seed varies the time slices reproducibly.  --giant:
every system call takes the kernel lock (even the NOLOCK ones), as
before the kernel was made finer-grained; compare with `cores`.""")
def cmd_boot(repl, args):
    opts = _boot_parser().parse_args(args)
    repl.boot(opts.cores, opts.mem, opts.seed, opts.giant)


@command("machine", "reboot", "boot a fresh machine like the current one")
def cmd_reboot(repl, args):
    repl.boot(*repl.config)


def _percent(part, whole):
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _ms(cycles):
    return f"{cycles_to_ns(cycles) / 1e6:.3f} ms"


@command("machine", "cores", "per core: virtual clock, process, busy/idle cycles",
         """
The clock is the core's virtual time in cycles (one per instruction, plus
the kernel's charged costs) and in ms at 3 GHz.  Utilisation is busy
cycles over the clock; SPIN is the part of busy spent spinning on locks.
PROC is the process on the core: none between commands, as the machine
only runs while a command runs it.""")
def cmd_cores(repl, args):
    repl.heading(f"{'CORE':>4} {'CLOCK':>14} {'TIME':>12} {'PROC':<12} "
                 f"{'BUSY':>14} {'IDLE':>14} {'SPIN':>12} {'UTIL':>6} {'SWITCHES':>8}")
    for ci in repl.kernel.sched.cpus:
        p = ci.curproc
        proc = f"{p.ps_pid} {p.ps_comm}" if p else "-"
        repl.print(f"{ci.index:>4} {ci.clock:>14} {_ms(ci.clock):>12} {proc:<12} "
                   f"{ci.busy_cycles:>14} {ci.idle_cycles:>14} {ci.spin_cycles:>12} "
                   f"{_percent(ci.busy_cycles, ci.clock):>6} {ci.switches:>8}")


def page_counts(kernel):
    """(total, free, active, wired, page tables and other) in pages."""
    pages = kernel.pages
    exp = pages.uvmexp
    other = exp.npages - pages.free - exp.active - exp.wired
    return exp.npages, pages.free, exp.active, exp.wired, other


@command("memory", "phys", "the physical page allocator: total, free, active, wired")
def cmd_phys(repl, args):
    names = ("total", "free", "active", "wired", "page tables")
    for name, n in zip(names, page_counts(repl.kernel)):
        repl.print(f"{name + ':':<13}{n:>9} pages {n * PAGE / MIB:>10.2f} MiB")


@command("machine", "stats", "counters: pages, faults, syscalls, switches, core time",
         """
Pages are uvm's (free, active = owned by anons and objects, wired =
kernel).  Syscalls are counted for every process, those reaped too.""")
def cmd_stats(repl, args):
    kernel = repl.kernel
    total, free, active, wired, other = page_counts(kernel)
    exp = kernel.pages.uvmexp
    procs = list(kernel.procs.values())
    syscalls = sum(p.usage().syscalls for p in procs) + kernel.reaped_syscalls
    cpus = kernel.sched.cpus
    rows = [
        ("pages", f"{total} total, {free} free, {active} active, "
                  f"{wired} wired, {other} page tables"),
        ("faults", f"{exp.faults} ({exp.zero_fills} zero-fill, "
                   f"{exp.cow_copies} COW copies)"),
        ("oom kills", exp.oom_kills),
        ("syscalls", syscalls),
        ("switches", sum(ci.switches for ci in cpus)),
        ("processes", len(procs)),
    ]
    for ci in cpus:
        rows.append((f"core {ci.index}", f"{_ms(ci.clock)} virtual, "
                     f"{_percent(ci.busy_cycles, ci.clock).strip()} busy"))
    for name, value in rows:
        repl.print(f"{name + ':':<11}{value}")
