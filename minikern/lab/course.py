"""Grading at course scale, and proving the labs sound.

A submission is graded in a scratch tree made from the grader's own
reference sources, cut for the lab, with only the lab's files (Lab.files)
taken from the submission: a student cannot change the tests or the rest
of the system to pass.  `grade-all` does that for a folder of
submissions in parallel; the Gradescope bundle's run_autograder does it
for /autograder/submission.
"""

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from . import all_labs, load_lab, markers, source_root
from .grade import build_tree, grade, summary_line
from .tree import IGNORED, SOURCES, TREE_MARKER, copy_sources, tree_lab

HELLO_TIMEOUT_S = 120


class SubmissionError(Exception):
    """One line: why a submission cannot be graded."""


def find_submitted(submission, relative):
    """The submission's copy of a lab file: at its path in the tree, else
    the one file of that name anywhere in the submission, else None."""
    submission = Path(submission)
    exact = submission / relative
    if exact.is_file():
        return exact
    found = [p for p in submission.rglob(Path(relative).name) if p.is_file()]
    return found[0] if len(found) == 1 else None


def scratch_tree(lab, submission, dest):
    """dest: the reference cut for lab, with the submission's lab files."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    copy_sources(lab, dest)
    (dest / TREE_MARKER).write_text(f'lab = "{lab.name}"\n')
    missing = []
    for relative in lab.files:
        found = find_submitted(submission, relative)
        if found is None:
            missing.append(relative)
        else:
            shutil.copyfile(found, dest / relative)
    return missing


def grade_submission(lab, submission, jobs=1, trace=False, on_result=None):
    """Grade one submission (a folder) in a scratch tree; the Report."""
    with tempfile.TemporaryDirectory(prefix=f"minikern-{lab.name}-") as scratch:
        missing = scratch_tree(lab, submission, Path(scratch) / "tree")
        report = grade(lab, Path(scratch) / "tree", trace=trace, jobs=jobs,
                       on_result=on_result)
    report.tree = Path(submission)
    if missing:     # graded anyway: the starter stands in for a missing file
        report.notes.append(f"not in the submission, so the starter's was used: "
                            f"{', '.join(missing)}")
    return report


def grade_all(submissions, lab, jobs, csv_path):
    """Grade every folder in submissions; one CSV row each."""
    folders = sorted(p for p in Path(submissions).iterdir() if p.is_dir())
    if not folders:
        print(f"minikern: lab grade-all: no submission folders in {submissions}",
              file=sys.stderr)
        return 2

    def one(folder):
        started = time.monotonic()
        try:
            their_lab = lab or _lab_of(folder)
            report = grade_submission(their_lab, folder)
        except SubmissionError as e:
            print(f"{folder.name}: {e}", file=sys.stderr)
            return folder.name, None
        print(f"{folder.name}: {summary_line(report)} ({time.monotonic() - started:.0f} s)",
              file=sys.stderr)
        return folder.name, report

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        rows = list(pool.map(one, folders))
    text = scores_csv(rows)
    if csv_path:
        Path(csv_path).write_text(text)
    else:
        sys.stdout.write(text)
    return 0


def _lab_of(folder):
    if not (folder / TREE_MARKER).is_file():
        raise SubmissionError("no .minikern-lab file: say which lab with --lab")
    try:
        return load_lab(tree_lab(folder))
    except KeyError as e:
        raise SubmissionError(str(e.args[0])) from None


def scores_csv(rows):
    """submission, lab, score, max_score, then one column per test."""
    tests = []
    for _, report in rows:
        for r in report.results if report else []:
            if r.name not in tests:
                tests.append(r.name)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["submission", "lab", "score", "max_score"] + tests)
    for name, report in rows:
        if report is None:
            writer.writerow([name, "", "", ""] + [""] * len(tests))
            continue
        points = {r.name: r.points for r in report.results}
        writer.writerow([name, report.lab, report.score, report.total]
                        + [points.get(t, "") for t in tests])
    return out.getvalue()


# --- the Gradescope bundle --------------------------------------------------------

SETUP_SH = """#!/bin/sh
# Gradescope runs this once when it builds the autograder image.
set -e
apt-get update
apt-get install -y python3 python3-venv python3-pip git
PY=python3
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    apt-get install -y python3.11 python3.11-venv
    PY=python3.11
fi
$PY -m venv /autograder/venv
/autograder/venv/bin/pip install -e /autograder/source/minikern
/autograder/venv/bin/minikern build      # the reference userland: later builds reuse its objects
"""

RUN_AUTOGRADER = """#!/bin/sh
# Gradescope runs this for every submission: the student's files are in
# /autograder/submission; only the lab's files are taken from there.
cd /autograder/source/minikern
mkdir -p /autograder/results
/autograder/venv/bin/minikern lab grade {lab} --submission /autograder/submission \\
    --json /autograder/results/results.json
exit 0
"""


def write_autograder(lab, output):
    """The zip Gradescope takes as an autograder: setup.sh, run_autograder
    and the reference sources (minikern/)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as staging:
        src = Path(staging) / "minikern"
        for item in SOURCES:
            path = source_root() / item
            if path.is_dir():
                shutil.copytree(path, src / item, ignore=IGNORED)
            elif path.is_file():
                (src / item).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, src / item)
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as z:
            _add_script(z, "setup.sh", SETUP_SH)
            _add_script(z, "run_autograder", RUN_AUTOGRADER.format(lab=lab.name))
            for path in sorted(src.rglob("*")):
                if path.is_file():
                    z.write(path, path.relative_to(staging).as_posix())


def _add_script(z, name, text):
    info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
    info.external_attr = 0o100755 << 16         # a regular file, executable
    z.writestr(info, text)


# --- proving the labs sound -------------------------------------------------------------

def run_in_tree(tree, argv, timeout=HELLO_TIMEOUT_S):
    """`python -m minikern ARGV` with the tree's sources; (status, output)."""
    env = {k: v for k, v in os.environ.items() if k != "MINIKERN_USERLAND"}
    done = subprocess.run([sys.executable, "-m", "minikern", *argv], cwd=tree, env=env,
                          capture_output=True, text=True, timeout=timeout)
    return done.returncode, done.stdout + done.stderr


IMPORT_ALL = """
import importlib, pkgutil, sys
names = []
for top in ("isa", "minikern", "shell"):
    package = importlib.import_module(top)
    names += [m.name for m in pkgutil.walk_packages(package.__path__, top + ".")
              if not m.name.endswith("__main__")]
for name in names:
    importlib.import_module(name)
print(len(names), "modules")
"""


def starter_problems(lab, tree):
    """What is wrong with a starter tree as a starting point: it must
    import, build, boot and run hello."""
    problems = []
    done = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=tree,
                          capture_output=True, text=True, timeout=HELLO_TIMEOUT_S)
    if done.returncode != 0:
        problems.append(f"its Python does not import: {done.stderr.strip().splitlines()[-1:]}")
    error = build_tree(tree)
    if error:
        return problems + [error]
    status, output = run_in_tree(tree, ["run", "hello"])
    if status != 0 or output != "hello, world\n":
        problems.append(f"minikern run hello: status {status}, output {output!r}")
    return problems


def check_labs(labs):
    """The full matrix: the markers are sound; every lab's reference scores
    full marks; every starter tree imports, builds, boots, scores below
    full on its lab and full marks on every other lab.  Prints a line per
    cell."""
    ok = True

    def say(line, good):
        nonlocal ok
        ok = ok and good
        print(f"{'ok  ' if good else 'FAIL'} {line}", flush=True)

    def timed_grade(lab, tree):
        started = time.monotonic()
        report = grade(lab, tree)
        return report, f" ({time.monotonic() - started:.1f} s)"

    everyone = all_labs()
    found, problems = markers.scan(source_root(), {lab.name for lab in everyone})
    regions = sum(len(found.get(lab.name, [])) for lab in labs)
    say(f"markers: {regions} regions" + "".join(f"\n     {p}" for p in problems),
        not problems)
    for lab in labs:
        report, took = timed_grade(lab, source_root())
        say(f"reference: {summary_line(report)}{took}", report.full_marks)
    for lab in labs:
        with tempfile.TemporaryDirectory(prefix=f"minikern-check-{lab.name}-") as tmp:
            tree = Path(tmp)
            copy_sources(lab, tree)
            problems = starter_problems(lab, tree)
            say(f"starter {lab.name}: imports, builds, runs hello" +
                (f": {'; '.join(problems)}" if problems else ""), not problems)
            if problems:
                continue
            for other in everyone:
                report, took = timed_grade(other, tree)
                if other.name == lab.name:
                    say(f"starter {lab.name}: {summary_line(report)} (below full){took}",
                        not report.full_marks)
                else:
                    say(f"starter {lab.name}: {summary_line(report)}{took}",
                        report.full_marks)
    return ok
