"""How a lab is declared: minikern/lab/labs/NAME/lab.py defines LAB.

    LAB = Lab(name="tz", summary="POSIX TZ rules in libc", points from the tests,
              files=["userland/libc/localtime.c"],
              tests=[Test("std", 10, "a zone without daylight time",
                          argv=["/usr/tests/tztest"], cases=std_cases), ...])

A test runs one guest program on a fresh machine (fixed seed and boot
time, a virtual-time budget, in a child process with a wall-clock limit)
and then its checks; it passes when every check does.  A check is a
function of the finished Run that raises Failure(reason) (or returns a
reason string) when something is wrong.  The ready-made ones:

    exit_status(0)              the program's status as a shell shows it
    output_is(text)             the whole console output
    output_matches(regex)       re.search over the output (MULTILINE)
    all_passed()                check.h's "N passed, 0 failed" line
    books_balance()             the kernel's page accounting (uvm_check) agrees
    cases=FUNCTION              FUNCTION(ctx) gives (request, expected
                                answer) pairs: the requests are the
                                program's standard input, one a line,
                                and answer line i must equal expected i

`needs` names tests that must pass first (as test161's dependencies): a
test whose needs failed is skipped with 0 points.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from minikern.uvm.uvm_check import uvm_check

DEFAULT_BUDGET_S = 5.0      # virtual seconds a test's machine may run
# Wall-clock seconds before a test's child is killed.  Virtual time (the
# budget) is what stops a looping guest; this only catches a kernel that
# hangs in Python, so it is generous: a loaded grading machine (a course's
# server, or CI running the suite) must never fail a sound test.
DEFAULT_TIMEOUT_S = 120.0


class Failure(Exception):
    """A check's verdict: str() is the reason shown to the student."""


@dataclass
class Run:
    """What a check gets: the finished program and its machine."""
    status: int | None          # as a shell shows it; None if it never ended
    output: str                 # the console output
    messages: list              # kernel messages (crashes, OOM kills)
    machine: object             # the Machine, still open (kernel state)
    ctx: object                 # the test's context (ctx.rootfs: the built tree)

    def lines(self):
        return self.output.splitlines()


@dataclass
class Context:
    rootfs: Path                # the built guest file tree of the tree under test
    lab_dir: Path               # the lab's folder (its data files)


@dataclass
class Test:
    name: str
    points: int
    summary: str                # one line: what it checks
    argv: list                  # guest path or bare name; a NAME.c is the lab's file
    checks: list = field(default_factory=list)
    cases: object = None        # FUNCTION(ctx) -> [(request, expected)]
    stdin: object = b""         # bytes, str, or FUNCTION(ctx) -> either
    env: list = None            # default: PATH, HOME, TERM as `minikern run`
    needs: list = field(default_factory=list)
    cores: int = 2
    memory: int = 64 << 20
    seed: int = 0
    budget_s: float = DEFAULT_BUDGET_S
    timeout_s: float = DEFAULT_TIMEOUT_S


@dataclass
class Lab:
    name: str
    summary: str                # one line for `lab list`
    builds_on: str              # what the student should know or have done
    files: list                 # the files the student changes (relative paths)
    tests: list
    extra_files: list = field(default_factory=list)     # copied into the tree too
    directory: Path = None      # set by the registry: the lab's folder
    source: str = None          # set by the registry: how a child loads it again

    @property
    def total(self):
        return sum(t.points for t in self.tests)

    def test(self, name):
        for t in self.tests:
            if t.name == name:
                return t
        raise KeyError(f"lab {self.name} has no test {name!r}")

    def problems(self):
        """What is wrong with the declaration itself."""
        out, names = [], set()
        for t in self.tests:
            if t.name in names:
                out.append(f"lab {self.name}: two tests named {t.name}")
            for need in t.needs:
                if need not in names:
                    out.append(f"lab {self.name}: test {t.name} needs {need}, "
                               "which is not declared before it")
            names.add(t.name)
            if t.points < 0:
                out.append(f"lab {self.name}: test {t.name} has negative points")
        return out


# --- ready-made checks ----------------------------------------------------------

def exit_status(expected):
    def check(run):
        if run.status != expected:
            raise Failure(f"exit status: expected {expected}, got {run.status}")
    return check


def output_is(expected):
    def check(run):
        if run.output != expected:
            raise Failure(f"output: expected {expected!r}, got {_clip(run.output)!r}")
    return check


def output_matches(pattern):
    regex = re.compile(pattern, re.MULTILINE)

    def check(run):
        if not regex.search(run.output):
            raise Failure(f"output: no line matches /{pattern}/")
    return check


def output_lacks(pattern):
    regex = re.compile(pattern, re.MULTILINE)

    def check(run):
        m = regex.search(run.output)
        if m:
            raise Failure(f"output: /{pattern}/ should not match, but found {m.group(0)!r}")
    return check


_PASSED = re.compile(r"^(\d+) passed, (\d+) failed$", re.MULTILINE)


def all_passed(at_least=1):
    """check.h's last line says every check passed (and there were some)."""
    def check(run):
        found = _PASSED.findall(run.output)
        if not found:
            raise Failure("no 'N passed, M failed' line in the output")
        passed, failed = map(int, found[-1])
        if failed or passed < at_least:
            bad = [line for line in run.lines() if line.endswith(": FAIL")]
            raise Failure(f"{passed} passed, {failed} failed" +
                          (f" ({'; '.join(bad[:5])})" if bad else ""))
    return check


def books_balance():
    """uvm_check after the run: every page has its owners, every PTE points
    at the page its anon or object holds, the counts add up (a leak, a page
    freed while still shared, a wrong PTE all show here)."""
    def check(run):
        problems = uvm_check(run.machine.kernel)
        if problems:
            raise Failure("uvm_check: " + "; ".join(problems[:3]))
    return check


def answers_match(cases):
    """Line i of the output answers request i (see Test.cases)."""
    def check(run):
        got = run.lines()
        wrong = [(req, want, got[i] if i < len(got) else "(no answer)")
                 for i, (req, want) in enumerate(cases) if i >= len(got) or got[i] != want]
        if wrong:
            shown = "\n".join(f"for {_clip(req, 70)!r}: {_difference(want, have)}"
                              for req, want, have in wrong[:4])
            raise Failure(f"{len(wrong)} of {len(cases)} answers wrong:\n{shown}")
    return check


def _clip(text, limit=300):
    return text if len(text) <= limit else text[:limit] + "..."


def _difference(want, have, width=60):
    """expected X, got Y; for long answers, around the first difference."""
    if len(want) <= width and len(have) <= width:
        return f"expected {want!r}, got {have!r}"
    at = next((i for i, (a, b) in enumerate(zip(want, have)) if a != b),
              min(len(want), len(have)))
    start = max(0, at - 10)

    def window(text):
        return ("..." if start else "") + _clip(text[start:], width - 10)
    return (f"from character {at} on: expected {window(want)!r}, got {window(have)!r}")
