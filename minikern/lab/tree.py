"""A student's tree: `lab start NAME DIR`, and finding the tree we run in.

The tree holds the project's sources with NAME's regions cut to their
starter text and every other lab's regions left as reference code, the
lab's HANDOUT.md, and a `.minikern-lab` file at its root saying which lab
it is.  The `minikern` command looks for that file from the current
directory upwards; when it finds one whose sources are not the ones it
imported, it runs itself again with that tree first on PYTHONPATH (see
reexec_into_tree), so the student's kernel and userland are the ones that
run.
"""

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from . import markers, source_root

TREE_MARKER = ".minikern-lab"
REEXEC_ENV = "MINIKERN_LAB_TREE"        # set in the re-executed process
# What a student's tree holds (besides the lab's HANDOUT.md and extra files).
SOURCES = ["pyproject.toml", "README.md", "LICENSE", "isa", "minikern", "shell",
           "userland", "tests/conftest.py"]
IGNORED = shutil.ignore_patterns("__pycache__", "*.pyc", "*.so", "*.o", ".pytest_cache")
GITIGNORE = "__pycache__/\n*.pyc\n.venv/\n"


class TreeError(Exception):
    """One line for the user."""


def find_tree(start=None):
    """The lab tree containing `start` (default: the current directory),
    or None."""
    here = Path(start or os.getcwd()).resolve()
    for folder in [here, *here.parents]:
        if (folder / TREE_MARKER).is_file():
            return folder
    return None


def tree_lab(tree):
    """The name of the lab a tree was started for."""
    try:
        return tomllib.loads((Path(tree) / TREE_MARKER).read_text())["lab"]
    except (OSError, tomllib.TOMLDecodeError, KeyError):
        raise TreeError(f"{Path(tree) / TREE_MARKER}: not a lab tree marker "
                        "(it should say lab = \"NAME\")") from None


def reexec_into_tree(argv):
    """If the current directory is inside a lab tree and this process did
    not import its sources, replace this process by `python -m minikern
    ARGV` with the tree first on PYTHONPATH.  Returns only otherwise."""
    if os.environ.get(REEXEC_ENV) or os.environ.get("MINIKERN_LAB_CHILD"):
        return
    tree = find_tree()
    if tree is None or tree == source_root():
        return
    env = dict(os.environ)
    env[REEXEC_ENV] = str(tree)
    env.pop("MINIKERN_USERLAND", None)
    env["PYTHONPATH"] = os.pathsep.join([str(tree)] + (
        [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(sys.executable, [sys.executable, "-m", "minikern", *argv], env)


# --- cutting a tree -------------------------------------------------------------

def copy_sources(lab, dest, reference=None):
    """Copy the reference sources into dest (which exists), cut for lab."""
    reference = Path(reference or source_root())
    dest = Path(dest)
    for item in SOURCES + list(lab.extra_files):
        src = reference / item
        if src.is_dir():
            shutil.copytree(src, dest / item, ignore=IGNORED)
        elif src.is_file():
            (dest / item).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest / item)
    for path in markers.marked_files(dest):
        text = path.read_text()
        if " LAB " in text:
            path.write_text(markers.render(text, lab.name, path.relative_to(dest)))


def handout_text(lab):
    """The lab's HANDOUT.md with the grading table from its declaration."""
    text = (lab.directory / "HANDOUT.md").read_text().rstrip("\n")
    rows = ["| test | points | what it checks |", "|---|---:|---|"]
    for t in lab.tests:
        needs = f" (needs {', '.join(t.needs)})" if t.needs else ""
        rows.append(f"| `{t.name}` | {t.points} | {t.summary}{needs} |")
    rows.append(f"| **total** | **{lab.total}** | |")
    return (text + "\n\n## What is graded\n\n`minikern lab grade` runs these tests "
            "(each on a fresh machine, same seed every time):\n\n" + "\n".join(rows) + "\n")


def start(lab, dest, reference=None):
    """`lab start`: the student's tree at dest, a git repository with one
    commit.  Nothing outside dest is written."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise TreeError(f"lab start: {dest} exists and is not an empty directory")
    dest.mkdir(parents=True, exist_ok=True)
    copy_sources(lab, dest, reference)
    (dest / "HANDOUT.md").write_text(handout_text(lab))
    (dest / TREE_MARKER).write_text(f'lab = "{lab.name}"\n')
    (dest / ".gitignore").write_text(GITIGNORE)
    _git_commit(dest, f"lab {lab.name}: the starter tree")


def _git(dest, *args):
    return subprocess.run(["git", *args], cwd=dest, capture_output=True, text=True)


def _git_commit(dest, message):
    if shutil.which("git") is None:
        raise TreeError("lab start: git is needed (the tree is a git repository)")
    steps = [("init", "-q")]
    if not _git(dest, "config", "user.name").stdout.strip():
        steps.append(("config", "user.name", "minikern student"))
    if not _git(dest, "config", "user.email").stdout.strip():
        steps.append(("config", "user.email", "student@minikern.invalid"))
    steps += [("add", "-A"), ("commit", "-q", "--no-gpg-sign", "-m", message)]
    for step in steps:
        done = _git(dest, *step)
        if done.returncode != 0:
            raise TreeError(f"lab start: git {step[0]} failed: "
                            f"{(done.stderr or done.stdout).strip().splitlines()[-1:]}")
