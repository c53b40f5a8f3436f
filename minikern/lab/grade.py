"""`minikern lab grade`: run a lab's tests against a tree, add the points.

The tree's userland is built first (in a child, like everything that runs
the tree's code); then each test runs in its own child process
(runner.py) with the test's wall-clock limit, at most `jobs` at a time.
A test whose `needs` did not all pass is skipped.  Every machine has a
fixed seed, boot time and virtual-time budget, so the same tree gets the
same score on every run.
"""

import json
import os
import signal
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path

BUILD_TIMEOUT_S = 900       # a first build of a fresh tree compiles all of libc
DEFAULT_JOBS = 2


@dataclass
class TestResult:
    name: str
    summary: str
    max_points: int
    status: str                 # PASS, FAIL or SKIP
    reason: str = ""
    tail: list = field(default_factory=list)        # last lines of guest output
    messages: list = field(default_factory=list)    # kernel messages
    trace: list = field(default_factory=list)       # with --trace: ktrace lines
    faults: list = field(default_factory=list)      # with --trace: the fault log
    seconds: float = 0.0

    @property
    def points(self):
        return self.max_points if self.status == "PASS" else 0


@dataclass
class Report:
    lab: str
    tree: Path
    results: list
    build_seconds: float
    notes: list = field(default_factory=list)       # said once, after the tests

    @property
    def score(self):
        return sum(r.points for r in self.results)

    @property
    def total(self):
        return sum(r.max_points for r in self.results)

    @property
    def full_marks(self):
        return self.score == self.total


def _child_env(tree):
    env = dict(os.environ)
    env.pop("MINIKERN_USERLAND", None)      # the tree's own userland, always
    env["PYTHONPATH"] = os.pathsep.join([str(tree)] + (
        [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    env["MINIKERN_LAB_CHILD"] = "1"
    return env


def run_child(tree, args, timeout):
    """(verdict dict or None, why not) of `python -m minikern.lab.runner
    ARGS` in the tree; killed with its process group after timeout s."""
    proc = subprocess.Popen([sys.executable, "-m", "minikern.lab.runner", *args],
                            cwd=tree, env=_child_env(tree), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        return None, (f"no verdict after {timeout:g} s of wall-clock time: "
                      "killed (a loop in the kernel?)")
    lines = out.strip().splitlines()
    if proc.returncode == 0 and lines:
        try:
            return json.loads(lines[-1]), ""
        except json.JSONDecodeError:
            pass
    return None, f"the test's process failed (status {proc.returncode}): {_python_error(err)}"


def _python_error(stderr):
    """Where a Python traceback ends and what it says, on one line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    if not lines:
        return "no message"
    places = [line for line in lines if line.startswith('File "')]
    return f"{places[-1]}: {lines[-1]}" if places else lines[-1]


def build_tree(tree):
    """'' if the tree's userland builds, else the compiler's first error."""
    verdict, why = run_child(tree, ["build"], BUILD_TIMEOUT_S)
    if verdict is None:
        return f"build: {why}"
    return "" if verdict["ok"] else f"the userland does not build: {verdict['error']}"


def _run_one(lab, test, tree, trace):
    started = time.monotonic()
    args = ["test", lab.source, test.name] + (["--trace"] if trace else [])
    verdict, why = run_child(tree, args, test.timeout_s)
    result = TestResult(test.name, test.summary, test.points, "FAIL", why)
    if verdict is not None:
        result.status = "PASS" if verdict["passed"] else "FAIL"
        result.reason = verdict["reason"]
        result.tail = verdict["tail"]
        result.messages = verdict["messages"]
        result.trace = verdict.get("trace", [])
        result.faults = verdict.get("faults", [])
    result.seconds = time.monotonic() - started
    return result


def grade(lab, tree, trace=False, jobs=DEFAULT_JOBS, on_result=None):
    """Grade `tree` (a path) on `lab` (a spec.Lab); return a Report.
    on_result(TestResult) is called for each test, in declaration order."""
    tree = Path(tree).resolve()
    started = time.monotonic()
    error = build_tree(tree)
    report = Report(lab.name, tree, [], time.monotonic() - started)
    if error:
        report.results = [TestResult(t.name, t.summary, t.points, "FAIL",
                                     error if i == 0 else "as above: the tree does not build")
                          for i, t in enumerate(lab.tests)]
        for result in report.results if on_result else []:
            on_result(result)
        return report
    done, shown = {}, 0

    def finish(result):
        """Keep a result; pass on those complete in declaration order, so
        parallel runs print the same report as sequential ones."""
        nonlocal shown
        done[result.name] = result
        while shown < len(lab.tests) and lab.tests[shown].name in done:
            if on_result:
                on_result(done[lab.tests[shown].name])
            shown += 1

    pending = list(lab.tests)
    with ThreadPoolExecutor(max(1, jobs)) as pool:
        running = {}
        while pending or running:
            for test in list(pending):
                if len(running) >= max(1, jobs):
                    break
                if any(need not in done for need in test.needs):
                    continue
                pending.remove(test)
                failed = [need for need in test.needs if done[need].status != "PASS"]
                if failed:
                    finish(TestResult(test.name, test.summary, test.points, "SKIP",
                                      f"needs {', '.join(failed)}, which did not pass"))
                    continue
                running[pool.submit(_run_one, lab, test, tree, trace)] = test
            if not running:
                continue
            finished, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in finished:
                del running[future]
                finish(future.result())
    report.results = [done[t.name] for t in lab.tests]      # declaration order
    return report


# --- reports ------------------------------------------------------------------

def format_result(r, trace=False):
    width = 14
    lines = [f"{r.status}  {r.points:>3}/{r.max_points:<3} {r.name:<{width}} {r.summary}"]
    if r.status == "PASS":
        return "\n".join(lines)
    indent = " " * 6
    lines += [indent + line for line in r.reason.splitlines()]
    if r.messages:
        lines.append(indent + "kernel messages:")
        lines += [f"{indent}  {m}" for m in r.messages]
    if r.tail:
        lines.append(indent + "last lines of output:")
        lines += [f"{indent}| {line}" for line in r.tail]
    if trace and r.trace:
        lines.append(indent + "system calls (the last ones):")
        lines += [f"{indent}  {line}" for line in r.trace]
    if trace and r.faults:
        lines.append(indent + "page faults (pid, address, access, how):")
        lines += [f"{indent}  {line}" for line in r.faults]
    return "\n".join(lines)


def summary_line(report):
    return f"{report.lab}: {report.score}/{report.total}"


def gradescope_results(report, seconds=None):
    """The Gradescope autograder's results.json: a score per test (with
    the same text the terminal shows) and the total score."""
    tests = [{"name": r.name, "score": r.points, "max_score": r.max_points,
              "status": "passed" if r.status == "PASS" else "failed",
              "output": format_result(r, trace=True)} for r in report.results]
    results = {"score": report.score, "tests": tests,
               "output": "\n".join([summary_line(report)] + report.notes)}
    if seconds is not None:
        results["execution_time"] = round(seconds, 1)
    return results
