"""Coursework: labs cut from the reference sources, and their grader.

    markers.py   the LAB regions in the sources, cut for a student's tree
    spec.py      how a lab and its tests are declared (labs/NAME/lab.py)
    tree.py      `lab start`: a student's tree; finding the tree we run in
    runner.py    the child process that runs one test on a fresh machine
    grade.py     `lab grade`: every test in a child, points, the report
    course.py    `lab grade-all`, `lab autograder` (Gradescope), `lab check`
    commands.py  the `minikern lab ...` command line
"""

import importlib
import importlib.util
from pathlib import Path

LABS_DIR = Path(__file__).parent / "labs"


def source_root():
    """The tree whose sources this minikern was imported from."""
    return Path(__file__).resolve().parent.parent.parent


def lab_names():
    return sorted(d.name for d in LABS_DIR.iterdir() if (d / "lab.py").is_file())


def load_lab(name):
    """The Lab declared in labs/NAME/lab.py (KeyError if there is none),
    or in the file NAME if it ends in .py (a lab being written)."""
    if name.endswith(".py"):
        return _load_lab_file(Path(name).resolve())
    if name not in lab_names():
        raise KeyError(f"no lab named {name!r} (labs: {', '.join(lab_names())})")
    module = importlib.import_module(f"minikern.lab.labs.{name}.lab")
    lab = module.LAB
    lab.directory = LABS_DIR / name
    lab.source = name
    return lab


def _load_lab_file(path):
    spec = importlib.util.spec_from_file_location(f"minikern_lab_file_{path.stem}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lab = module.LAB
    lab.directory = path.parent
    lab.source = str(path)
    return lab


def all_labs():
    return [load_lab(name) for name in lab_names()]
