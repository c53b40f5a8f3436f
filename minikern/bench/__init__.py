"""`minikern bench [WHAT]`: minikern measured against bare Unicorn.

Every figure is a guest loop timed on minikern beside a floor: the same
machine code run on bare Unicorn in the same process, interleaved with the
minikern runs (emulated speed swings ~3x from run to run, so a floor
measured at another time says little).  Each is measured `repeat` times;
the table shows the best and the median, and the ratio is minikern's best
over the floor's best.

Suites are registered by name with @benchmark("NAME") (suite.py); a
module of this package that defines some is imported here.
"""

import json
import platform
import sys

import unicorn

from ..kern.kern_sched import QUANTUM
from . import core, proc, programs, startup, vm  # noqa: F401  (they register their suites)
from .guest import BenchError
from .smp import run_smp
from .suite import SUITES


def run_suite(what, repeat=5, scale=1.0):
    """Run every benchmark of a suite; return the JSON-ready report."""
    if what not in SUITES:
        raise KeyError(what)
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    results = []
    for fn in SUITES[what]:
        r = fn(repeat, scale)
        results += r if isinstance(r, list) else [r]
    return {"suite": what, "repeat": repeat, "scale": scale,
            "host": _host(), "results": [r.as_json() for r in results]}


def _host():
    return {"python": platform.python_version(), "unicorn": unicorn.__version__,
            "machine": platform.machine(), "system": platform.system(),
            "quantum": QUANTUM}


def _number(x):
    return f"{x:#.3g}" if x < 100 else f"{x:.0f}"


def format_table(report):
    """The report as the plain-text table `minikern bench` prints."""
    rows = [("", "", "best", "median", "ratio")]
    notes = []
    for r in report["results"]:
        m = r["minikern"]
        rows.append((f"{r['name']} ({r['unit']})", "minikern",
                     _number(m["best"]), _number(m["median"]), ""))
        for f in r["floors"]:
            rows.append(("", f["label"], _number(f["best"]),
                         _number(f["median"]), f"{f['ratio']:.2f}"))
        if r["target"]:
            verdict = "met" if r["met"] else "NOT met"
            notes.append(f"  {r['name']}: target {r['target']}: {verdict}")
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = [f"minikern bench {report['suite']}: {report['repeat']} runs each, "
             f"best and median; ratio = minikern best / floor best"]
    for row in rows:
        lines.append("  ".join([row[0].ljust(widths[0]), row[1].ljust(widths[1])]
                               + [c.rjust(w) for c, w in zip(row[2:], widths[2:])]).rstrip())
    if notes:
        lines += ["targets (on the best):"] + notes
    return "\n".join(lines)


def run_bench(what="core", json_path=None, repeat=5, scale=1.0, png_path=None,
              timeline_dir=None):
    """The `minikern bench` command: print the table, write the JSON;
    return the exit status."""
    if what == "smp":               # the s2k15 experiment: virtual time only
        return run_smp(json_path, png_path, timeline_dir=timeline_dir)
    if what not in SUITES:
        print(f"minikern bench: unknown benchmark {what!r} "
              f"(known: {', '.join(sorted(SUITES) + ['smp'])})", file=sys.stderr)
        return 2
    if repeat < 1:
        print("minikern bench: --repeat must be at least 1", file=sys.stderr)
        return 2
    try:
        report = run_suite(what, repeat, scale)
    except BenchError as e:
        print(f"minikern bench: {e}", file=sys.stderr)
        return 1
    print(format_table(report))
    if json_path:
        with open(json_path, "w") as f:
            json.dump(report, f, indent=2)
            f.write("\n")
    return 0
