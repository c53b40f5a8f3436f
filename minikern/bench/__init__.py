"""`minikern bench [WHAT]`: minikern measured against bare Unicorn.

Every figure is a guest loop timed on minikern beside a floor: the same
machine code run on bare Unicorn in the same process, interleaved with the
minikern runs (emulated speed swings ~3x from run to run, so a floor
measured at another time says little).  Each is measured `repeat` times;
the table shows the best and the median, and the ratio is minikern's best
over the floor's best.

Suites are registered by name with @benchmark("NAME"); a module of this
package that defines some is imported at the bottom of this file.
"""

import json
import platform
import statistics
import sys
from dataclasses import dataclass, field

from .guest import BenchError

SUITES = {}         # name -> [benchmark function], in registration order


def benchmark(*suites):
    """Register a function fn(repeat, scale) -> Result (or a list of
    Results computed from the same runs) in the named suites."""
    def register(fn):
        for name in suites:
            SUITES.setdefault(name, []).append(fn)
        return fn
    return register


def scaled(default, scale):
    """A loop size: the default scaled down for quick runs (at least 1)."""
    return max(1, int(default * scale))


@dataclass
class Result:
    """One figure: minikern's samples and each floor's, in the same unit."""
    name: str
    unit: str
    higher_is_better: bool
    minikern: list
    floors: dict                    # label -> samples
    params: dict = field(default_factory=dict)
    target: str = ""
    met: bool = None

    def best(self, samples=None):
        samples = self.minikern if samples is None else samples
        return max(samples) if self.higher_is_better else min(samples)

    def ratio(self, label):
        """minikern's best divided by the floor's best."""
        return self.best() / self.best(self.floors[label])

    def as_json(self):
        def stats(samples):
            return {"best": self.best(samples), "median": statistics.median(samples),
                    "samples": list(samples)}
        return {"name": self.name, "unit": self.unit,
                "higher_is_better": self.higher_is_better, "params": self.params,
                "minikern": stats(self.minikern),
                "floors": [dict(label=label, ratio=self.ratio(label), **stats(s))
                           for label, s in self.floors.items()],
                "target": self.target, "met": self.met}


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
    import unicorn
    from ..kern.kern_sched import QUANTUM
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


def run_bench(what="core", json_path=None, repeat=5, scale=1.0, png_path=None):
    """The `minikern bench` command: print the table, write the JSON;
    return the exit status."""
    if what == "smp":               # the s2k15 experiment: virtual time only
        from .smp import run_smp
        return run_smp(json_path, png_path)
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


from . import core  # noqa: E402,F401  (registers its suites)
from . import proc, vm  # noqa: E402,F401  (registers its suites)
from . import programs, startup  # noqa: E402,F401  (registers its suites)
