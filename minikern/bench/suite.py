"""The benchmark registry: suites by name, and Result, one figure with its
floors.  A module of this package defines benchmarks with
@benchmark("NAME"); `minikern bench NAME` runs them (bench/__init__.py)."""

import statistics
from dataclasses import dataclass, field

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
