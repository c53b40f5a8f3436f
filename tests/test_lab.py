"""Coursework (minikern/lab): the region markers, `lab start`, the grader
and its limits, course-scale grading, and every lab proven sound: the
reference scores full marks; the starter tree imports, builds, boots,
runs hello, scores below full on its lab and full marks on the others."""

import csv
import io
import json
import os
import re
import subprocess
import sys
import zipfile

import pytest

from minikern.cli import main as cli_main
from minikern.lab import all_labs, lab_names, load_lab, markers, source_root
from minikern.lab.course import check_labs
from minikern.lab.grade import grade, gradescope_results
from minikern.lab.tree import TREE_MARKER, copy_sources, find_tree

REPO = source_root()

PY_REGION = """def f(x):
    y = 1
    # LAB lazy BEGIN: add one
    y += x
    # LAB lazy STARTER
    #| raise NotImplementedError("lab lazy: add one")
    # LAB lazy END
    # LAB cow BEGIN: double it
    y *= 2
    # LAB cow STARTER
    # LAB cow END
    return y
"""

C_REGION = """int f(int x)
{
\t// LAB sys BEGIN: return x plus one
\treturn x + 1;
\t// LAB sys STARTER
\t//| (void)x;
\t//|
\t//| return -ENOSYS;
\t// LAB sys END
}
"""


# --- markers ---------------------------------------------------------------------

def test_a_python_region_is_cut_for_its_lab_and_kept_for_the_others():
    assert markers.render(PY_REGION, "lazy") == """def f(x):
    y = 1
    # TODO(lab lazy): add one
    raise NotImplementedError("lab lazy: add one")
    y *= 2
    return y
"""
    assert markers.render(PY_REGION, "cow") == """def f(x):
    y = 1
    y += x
    # TODO(lab cow): double it
    return y
"""
    assert markers.strip(PY_REGION) == "def f(x):\n    y = 1\n    y += x\n    y *= 2\n    return y\n"


def test_a_c_region_keeps_the_starter_indentation_and_blank_lines():
    assert markers.render(C_REGION, "sys") == (
        "int f(int x)\n{\n\t// TODO(lab sys): return x plus one\n\t(void)x;\n\n"
        "\treturn -ENOSYS;\n}\n")


def test_a_syscalls_master_line_can_be_a_region():
    table = ("1\tSTD\t{ void sys_exit(int rval); }\n; LAB sys BEGIN: the new call's line\n"
             "333\tSTD\t{ int sys_hello(void); }\n; LAB sys STARTER\n; LAB sys END\n")
    assert markers.render(table, "sys") == ("1\tSTD\t{ void sys_exit(int rval); }\n"
                                            "; TODO(lab sys): the new call's line\n")
    assert markers.parse(table, "syscalls.master", ";")[0].lab == "sys"


@pytest.mark.parametrize("text, problem", [
    ("# LAB a BEGIN: x\n# LAB a STARTER\n", "BEGIN without END"),
    ("# LAB a END\n", "END without its BEGIN"),
    ("# LAB a BEGIN: x\n# LAB b BEGIN: y\n", "regions do not nest"),
    ("# LAB a BEGIN: x\n# LAB a END\n", "END before STARTER"),
    ("# LAB a BEGIN\n", "says what the student writes"),
    ("# LAB a BEGIN: x\n# LAB a STARTER\ncode\n# LAB a END\n", "every line is a starter"),
    ("# LAB a BEGN: x\n", "not a LAB marker"),
    ("# LAB a BEGIN: x\n# LAB a STARTER\n# LAB a STARTER\n", "a second STARTER"),
    ("# LAB A-1 BEGIN: x\n", "not a lab name"),
])
def test_a_bad_region_is_named_with_its_line(text, problem):
    with pytest.raises(markers.MarkerError, match=problem) as e:
        markers.parse(text, "f.py")
    assert str(e.value).startswith("f.py:")


def test_the_repository_markers_are_valid_and_in_each_labs_files():
    found, problems = markers.scan(REPO, set(lab_names()))
    assert problems == []
    for lab in all_labs():
        assert {path for path, _ in found[lab.name]} <= set(lab.files), lab.name


def test_an_unknown_lab_in_a_marker_is_reported(tmp_path):
    (tmp_path / "minikern").mkdir()
    (tmp_path / "minikern" / "x.py").write_text(PY_REGION)
    _, problems = markers.scan(tmp_path, {"lazy"})
    assert problems == ["minikern/x.py:8: no lab is named 'cow' (labs: lazy)"]


# --- declarations and lab start ------------------------------------------------------

def test_every_lab_is_declared_soundly():
    for lab in all_labs():
        assert lab.problems() == []
        assert lab.total > 0 and (lab.directory / "HANDOUT.md").is_file()


def test_lab_list_shows_each_lab_with_its_points(capsys):
    assert cli_main(["lab", "list"]) == 0
    out = capsys.readouterr().out
    for lab in all_labs():
        assert f"{lab.name}" in out and f"{lab.total} points" in out


def test_the_readme_table_names_every_lab_with_its_points():
    readme = (REPO / "README.md").read_text()
    rows = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", readme, re.MULTILINE))
    assert rows == {lab.name: str(lab.total) for lab in all_labs()}


def test_lab_start_writes_a_git_tree_and_nothing_else(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MINIKERN_CACHE", str(tmp_path / "cache"))
    lab = load_lab("tz")
    tree = tmp_path / "tz"
    before = subprocess.run(["git", "status", "--porcelain"], cwd=REPO,
                            capture_output=True, text=True).stdout
    assert cli_main(["lab", "start", "tz", str(tree)]) == 0
    log = subprocess.run(["git", "log", "--oneline"], cwd=tree, capture_output=True,
                         text=True).stdout.splitlines()
    assert len(log) == 1
    assert subprocess.run(["git", "status", "--porcelain"], cwd=tree,
                          capture_output=True, text=True).stdout == ""
    assert (tree / TREE_MARKER).read_text() == 'lab = "tz"\n'
    handout = (tree / "HANDOUT.md").read_text()
    assert f"| **total** | **{lab.total}** |" in handout
    # this lab's regions are cut; no other marker is left
    assert "TODO(lab tz)" in (tree / "userland/libc/localtime.c").read_text()
    found, _ = markers.scan(tree, set(lab_names()))
    assert found == {}
    assert not (tmp_path / "cache").exists()
    assert subprocess.run(["git", "status", "--porcelain"], cwd=REPO,
                          capture_output=True, text=True).stdout == before
    # a second start into it is refused in one line
    capsys.readouterr()
    assert cli_main(["lab", "start", "tz", str(tree)]) == 2
    err = capsys.readouterr().err
    assert err == f"minikern: lab start: {tree} exists and is not an empty directory\n"


def test_find_tree_walks_up_from_a_subfolder(tmp_path):
    (tmp_path / TREE_MARKER).write_text('lab = "tz"\n')
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_tree(tmp_path / "a" / "b") == tmp_path
    assert find_tree(tmp_path.parent) is None


# --- the grader's limits, on a lab written for the test -----------------------------

LIMITS_LAB = '''
from minikern.lab.spec import Lab, Test, exit_status, output_is, all_passed
LAB = Lab("limits", "the grader's limits", "nothing", [], [
    Test("hello", 1, "hello prints", ["hello"], [output_is("hello, world\\n")]),
    Test("loops", 1, "a loop", ["/bin/sh", "-c", "yes > /dev/null"],
         [exit_status(0)], budget_s=0.05),
    Test("crashes", 1, "a crash", ["/usr/tests/crash", "s"], [exit_status(0)]),
    Test("slow", 1, "killed by the wall clock", ["hello"], timeout_s=0.01),
    Test("after-slow", 1, "skipped", ["hello"], needs=["slow"]),
    Test("checks", 2, "check.h", ["echo", "a: FAIL\\n3 passed, 1 failed"], [all_passed()]),
])
'''


def test_loops_crashes_and_slow_tests_fail_with_a_reason(tmp_path):
    path = tmp_path / "lab.py"
    path.write_text(LIMITS_LAB)
    report = grade(load_lab(str(path)), REPO, jobs=2)
    by_name = {r.name: r for r in report.results}
    assert [r.status for r in report.results] == ["PASS", "FAIL", "FAIL", "FAIL", "SKIP",
                                                  "FAIL"]
    assert "budget of 0.05 s of virtual time" in by_name["loops"].reason
    assert by_name["crashes"].reason == "exit status: expected 0, got 139"
    assert any("SIGSEGV" in m for m in by_name["crashes"].messages)
    assert "killed" in by_name["slow"].reason
    assert by_name["after-slow"].reason == "needs slow, which did not pass"
    assert (report.score, report.total) == (1, 7)
    results = gradescope_results(report)
    assert results["score"] == 1
    assert [(t["name"], t["score"], t["max_score"]) for t in results["tests"]][:2] == \
        [("hello", 1, 1), ("loops", 0, 1)]
    assert "budget" in results["tests"][1]["output"]


TRACE_LAB = '''
from minikern.lab.spec import Lab, Test, exit_status, output_is
LAB = Lab("traced", "--trace", "nothing", [], [
    Test("says", 1, "says bye", ["echo", "hi"], [output_is("bye\\n")]),
    Test("crashes", 1, "a crash", ["/usr/tests/crash", "s"], [exit_status(0)]),
])
'''


def test_trace_adds_the_system_calls_and_page_faults_of_failing_tests(tmp_path, capsys):
    path = tmp_path / "lab.py"
    path.write_text(TRACE_LAB)
    assert cli_main(["lab", "grade", str(path), "--tree", str(REPO), "--trace"]) == 1
    out = capsys.readouterr().out
    assert "output: expected 'bye\\n', got 'hi\\n'" in out
    assert "CALL  write(1," in out and "CALL  exit(0)" in out
    assert "page faults (pid, address, access, how):" in out
    assert " 0x10 read SIGSEGV\n" in out
    assert out.splitlines()[-1] == "traced: 0/2"


def test_a_tree_that_does_not_build_fails_every_test_with_why(tmp_path):
    lab = load_lab("tz")
    copy_sources(lab, tmp_path)
    localtime = tmp_path / "userland/libc/localtime.c"
    localtime.write_text(localtime.read_text() + "\nint broken(void) { return }\n")
    report = grade(lab, tmp_path)
    assert report.score == 0 and all(r.status == "FAIL" for r in report.results)
    assert report.results[0].reason.startswith("the userland does not build: localtime.c:")
    assert report.results[1].reason == "as above: the tree does not build"
    (tmp_path / "minikern/machine.py").write_text("def broken(:\n")
    report = grade(lab, tmp_path)
    assert report.results[0].reason == (
        "build: the test's process failed (status 1): "
        f"File \"{tmp_path}/minikern/machine.py\", line 1: SyntaxError: invalid syntax")


# --- the labs, proven sound ----------------------------------------------------------

@pytest.mark.parametrize("name", lab_names())
def test_lab_check_proves_the_lab_sound(name, capsys):
    """The reference scores full marks; the starter tree imports, builds,
    runs hello, scores below full on its lab and full on the others."""
    ok = check_labs([load_lab(name)])
    out = capsys.readouterr().out
    assert ok, out
    assert out.startswith("ok   markers: ")


def test_the_students_path_in_the_readme(tmp_path):
    """lab start, then inside the tree (the one documented step) the usual
    commands run the tree's sources: its grade and its libc."""
    tree = tmp_path / "tz"
    assert cli_main(["lab", "start", "tz", str(tree)]) == 0
    env = dict(os.environ, PYTHONPATH=str(REPO))        # minikern installed elsewhere
    env.pop("MINIKERN_USERLAND", None)

    def minikern(*argv, cwd=tree / "userland"):
        return subprocess.run([sys.executable, "-m", "minikern", *argv], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=600)
    graded = minikern("lab", "grade")
    assert minikern("lab", "grade").stdout == graded.stdout        # deterministic
    assert graded.returncode == 1
    assert graded.stdout.splitlines()[0] == f"lab tz: grading {tree}"
    assert graded.stdout.splitlines()[-1] == f"tz: 0/{load_lab('tz').total}"
    date = ["run", "/bin/sh", "-c", "TZ=EST5EDT,M3.2.0,M11.1.0 date -r 0"]
    assert minikern(*date).stdout == "Thu Jan  1 00:00:00 UTC 1970\n"     # the starter's libc
    assert minikern(*date, cwd=tmp_path).stdout == "Wed Dec 31 19:00:00 EST 1969\n"


def test_grade_all_takes_only_the_labs_files_and_writes_a_csv(tmp_path, capsys):
    lab = load_lab("tz")
    done = tmp_path / "subs" / "alice" / "userland" / "libc"
    done.mkdir(parents=True)
    (done / "localtime.c").write_text((REPO / "userland/libc/localtime.c").read_text())
    (tmp_path / "subs" / "bob").mkdir()
    (tmp_path / "subs" / "bob" / "notes.txt").write_text("I ran out of time\n")
    (tmp_path / "subs" / "carol").mkdir()          # only the file, at the top
    (tmp_path / "subs" / "carol" / "localtime.c").write_text(
        (REPO / "userland/libc/localtime.c").read_text())
    scores = tmp_path / "scores.csv"
    assert cli_main(["lab", "grade-all", str(tmp_path / "subs"), "--lab", "tz",
                     "--jobs", "2", "--csv", str(scores)]) == 0
    table = list(csv.reader(io.StringIO(scores.read_text())))
    assert table[0] == ["submission", "lab", "score", "max_score"] + [t.name for t in lab.tests]
    assert table[1][:4] == ["alice", "tz", str(lab.total), str(lab.total)]
    assert table[2][0] == "bob" and int(table[2][2]) < lab.total
    assert table[3][:3] == ["carol", "tz", str(lab.total)]


def test_lab_grade_json_of_a_submission_and_the_autograder_bundle(tmp_path, capsys):
    alice = tmp_path / "alice"
    alice.mkdir()
    (alice / "localtime.c").write_text((REPO / "userland/libc/localtime.c").read_text())
    out = tmp_path / "results.json"
    assert cli_main(["lab", "grade", "tz", "--submission", str(alice),
                     "--json", str(out)]) == 0
    results = json.loads(out.read_text())
    assert results["score"] == load_lab("tz").total
    assert all(t["score"] == t["max_score"] for t in results["tests"])
    bundle = tmp_path / "tz.zip"
    assert cli_main(["lab", "autograder", "tz", str(bundle)]) == 0
    with zipfile.ZipFile(bundle) as z:
        names = set(z.namelist())
        assert {"setup.sh", "run_autograder", "minikern/pyproject.toml",
                "minikern/userland/libc/localtime.c"} <= names
        assert z.getinfo("run_autograder").external_attr >> 16 & 0o111
        assert "lab grade tz --submission /autograder/submission" in \
            z.read("run_autograder").decode()
