"""`minikern bench smp`: the s2k15 experiment.

N copies of a compiler-shaped workload (/usr/bench/cc1: malloc and free
of mixed sizes, large blocks mmap'ed and munmap'ed, every page touched,
a file read) run on N cores, N = 1, 2, 4, 8, as N processes and as N
threads of one process, in two kernels:

  nolock  OpenBSD after s2k15: mmap of anonymous memory and anonymous page
          faults run without the kernel lock (only the map lock and the
          free-page mutex), as do the calls syscalls.master marks NOLOCK;
  giant   before: every system call and every fault takes the kernel lock.

The threads share one address space, so their mmaps, munmaps and page
faults also meet on its map lock (vm_map's rwlock: faults read, changes
write), which separate processes never contend for: "synchronization
with any other potential threads in the same process, but not any other
processes", as the s2k15 change put it.

Everything is measured in virtual time, so the numbers are exact and the
same on every run.  Each process (or thread) does the same work, so with
perfect scaling N take as long as one: speedup(N) = N * T(1) / T(N),
where T is the virtual time until the last one is done.  Also shown:
the share of all busy cycles spent spinning on the kernel lock and on
the map lock, the most contended locks, and a strip per core of the runs
on the most cores
(user, kernel, spinning and idle time: ddb/db_timeline.py, which can also
write each run's timeline for Perfetto: --timeline DIR).
"""

import json
import sys
from pathlib import Path

from .. import build
from ..dev.cons import Console
from ..ddb.db_timeline import Strip, Timeline, draw_strips
from ..sys.clock import CPU_HZ
from ..machine import Machine

CORE_COUNTS = (1, 2, 4, 8)
CONFIGS = ("nolock", "giant")
VARIANTS = ("procs", "threads")     # N processes, or N threads of one
MAP_LOCK = "vmmaplk"
ROUNDS = 16
MEMORY = 512 << 20


def run_workload(ncores, giant, rounds=ROUNDS, memory=MEMORY, timeline_path=None,
                 threads=False):
    """Run ncores copies of cc1 on ncores cores (as threads of one process
    if `threads`); return the statistics (with the cores' strips).
    timeline_path: write the run's timeline."""
    rootfs = build.ensure_userland(progress=False)
    out, messages = bytearray(), []
    machine = Machine(cores=ncores, memory=memory, giant=giant, prefault=False,
                      console=Console(output=out.extend), log=messages.append,
                      rootfs=rootfs, boottime_ns=0)
    # Without a file to write, the timeline keeps no events: only the strips.
    timeline = Timeline(machine.kernel, classes=None if timeline_path else ())
    try:
        image = (rootfs / "usr/bench/cc1").read_bytes()
        if threads:     # seeds 1..N, as the processes have
            procs = [machine.spawn(image, ["/usr/bench/cc1", str(rounds), "1",
                                           str(ncores)])]
        else:
            procs = [machine.spawn(image, ["/usr/bench/cc1", str(rounds), str(i + 1)])
                     for i in range(ncores)]
        machine.run(until=lambda: all(p.ps_xstat is not None for p in procs))
        if messages or any(p.ps_xstat != 0 for p in procs):
            raise RuntimeError(f"cc1 failed: {messages or out.decode()}")
        stats = _statistics(machine.kernel, ncores, giant, threads)
        stats["cores_over_time"] = timeline.cores_over_time()
        if timeline_path:
            timeline.write(timeline_path)
            stats["timeline"] = {"path": str(timeline_path), "note": timeline.note()}
        return stats
    finally:
        timeline.close()
        machine.close()


def _spin_share(kernel, name, busy):
    stats = kernel.lockstats.get(name)
    return stats.spin_cycles / busy if stats and busy else 0.0


def _statistics(kernel, ncores, giant, threads=False):
    cpus = kernel.sched.cpus
    makespan = max(ci.clock for ci in cpus)
    busy = sum(ci.busy_cycles for ci in cpus)
    locks = sorted(kernel.lockstats.values(), key=lambda s: -s.spin_cycles)
    return {
        "cores": ncores,
        "config": "giant" if giant else "nolock",
        "variant": "threads" if threads else "procs",
        "virtual_seconds": makespan / CPU_HZ,
        "makespan_cycles": makespan,
        "busy_cycles": busy,
        "kernel_lock_spin_share": _spin_share(kernel, "kernel_lock", busy),
        "map_lock_spin_share": _spin_share(kernel, MAP_LOCK, busy),
        "faults": kernel.pages.uvmexp.faults,
        "locks": [{"name": s.name, "acquisitions": s.acquisitions,
                   "contended": s.contended, "spin_cycles": s.spin_cycles,
                   "held_cycles": s.held_cycles, "longest_hold": s.longest_hold}
                  for s in locks[:4]],
    }


def experiment(core_counts=CORE_COUNTS, rounds=ROUNDS, progress=None, timeline_dir=None,
               variants=VARIANTS):
    """Every variant, configuration and core count, with the speedups
    filled in (each against its own variant and configuration on 1 core);
    timeline_dir: where to write each run's timeline."""
    results = []
    for variant in variants:
        for config in CONFIGS:
            base = None
            for n in core_counts:
                if progress:
                    progress(f"{variant}, {config}, {n} core{'s' if n > 1 else ''}")
                path = timeline_dir and Path(timeline_dir) / f"smp-{variant}-{config}-{n}.json"
                r = run_workload(n, config == "giant", rounds, timeline_path=path,
                                 threads=variant == "threads")
                base = base or r["makespan_cycles"] * (1 if n == 1 else n)
                r["speedup"] = n * base / r["makespan_cycles"] if n else 0
                results.append(r)
    return results


def format_results(results):
    lines = ["minikern bench smp: N copies of cc1 on N cores (N processes, or N "
             "threads of one), virtual time "
             f"(a {CPU_HZ / 1e9:g} GHz machine)",
             f"{'variant':<9}{'config':<8}{'cores':>6}{'time (ms)':>12}{'speedup':>9}"
             f"{'klock spin':>12}{'map spin':>10}  most contended lock"]
    for r in results:
        top = next((l for l in r["locks"] if l["spin_cycles"]), None)
        contended = (f"{top['name']} ({top['contended']} of {top['acquisitions']} "
                     f"contended)" if top else "-")
        lines.append(f"{r.get('variant', 'procs'):<9}{r['config']:<8}{r['cores']:>6}"
                     f"{r['virtual_seconds'] * 1e3:>12.3f}"
                     f"{r['speedup']:>8.2f}x{r['kernel_lock_spin_share'] * 100:>11.1f}%"
                     f"{r.get('map_lock_spin_share', 0) * 100:>9.1f}%  {contended}")
    return "\n".join(lines + _strips(results))


def _strips(results):
    """Each variant's and configuration's run on the most cores drawn core
    by core, on one time scale (the longest run's), with the legend once."""
    most = max(r["cores"] for r in results)
    runs = [r for r in results if r["cores"] == most]
    end = max(r["makespan_cycles"] for r in runs)
    lines = []
    for r in runs:
        strips = [Strip.from_json(data) for data in r["cores_over_time"]]
        drawn = draw_strips(strips, end)
        lines += ["", f"{r.get('variant', 'procs')}, {r['config']}, {most} cores, "
                  "over virtual time:"] + drawn[:-1]
    return lines + drawn[-1:]


def _pyplot():
    """matplotlib.pyplot (drawing to files), or None without the plot extra."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    return plt


def plot_available():
    return _pyplot() is not None


def plot(results, path):
    """A PNG of speedup against cores, if matplotlib is installed."""
    plt = _pyplot()
    if plt is None:
        return False
    fig, ax = plt.subplots(figsize=(5, 4))
    for variant in VARIANTS:
        for config in CONFIGS:
            rs = [r for r in results if r["config"] == config
                  and r.get("variant", "procs") == variant]
            if rs:
                ax.plot([r["cores"] for r in rs], [r["speedup"] for r in rs],
                        marker="o" if variant == "procs" else "s",
                        linestyle="-" if variant == "procs" else "--",
                        label=f"{config}, {variant}")
    top = max(r["cores"] for r in results)
    ax.plot([1, top], [1, top], linestyle=":", color="grey", label="perfect")
    ax.set_xlabel("cores (one cc1 process or thread each)")
    ax.set_ylabel("speedup (virtual time)")
    ax.set_title("s2k15: anonymous mmap and faults\nwithout the kernel lock", fontsize=10)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return True


def run_smp(json_path=None, png_path=None, core_counts=CORE_COUNTS, rounds=ROUNDS,
            timeline_dir=None):
    def progress(what):
        sys.stderr.write(f"\rminikern bench smp: {what}...\033[K")
        sys.stderr.flush()
    results = experiment(core_counts, rounds, progress if sys.stderr.isatty() else None,
                         timeline_dir)
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    print(format_results(results))
    for r in results:
        if "timeline" in r:
            print(f"timeline written to {r['timeline']['path']}")
            if r["timeline"]["note"]:
                print(f"  {r['timeline']['note']}")
    if json_path:
        with open(json_path, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
    if png_path and plot(results, png_path):
        print(f"plot written to {png_path}")
    return 0
