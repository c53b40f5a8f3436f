"""`minikern lab ...`: the command line of the coursework.

    lab list                         the labs, their points, what they build on
    lab start NAME DIR               a student's tree for NAME in DIR
    lab grade [NAME] [--trace] [--json FILE] [--tree DIR]
    lab check [NAME...]              the full matrix (teachers, CI)
    lab grade-all SUBMISSIONS/ [--lab NAME] [--jobs N] [--csv FILE]
    lab autograder NAME OUT.zip      a Gradescope autograder bundle
"""

import json
import sys
import time
from pathlib import Path

from . import all_labs, load_lab, source_root
from .course import check_labs, grade_all, grade_submission, write_autograder
from .grade import DEFAULT_JOBS, format_result, grade, gradescope_results, summary_line
from .tree import TreeError, find_tree, start, tree_lab


class LabUsageError(Exception):
    """One line for the user (exit status 2)."""


def add_parser(sub):
    """The `lab` subcommand and its own subcommands, on argparse's `sub`."""
    lab = sub.add_parser("lab", help="coursework: start, grade and check labs")
    labsub = lab.add_subparsers(dest="lab_command", required=True, metavar="COMMAND")
    labsub.add_parser("list", help="the labs, their points, what they build on")
    p = labsub.add_parser("start", help="write a student's tree for a lab")
    p.add_argument("name")
    p.add_argument("dir")
    p = labsub.add_parser("grade", help="grade a tree (default: the one you are in)")
    p.add_argument("name", nargs="?", help="the lab (default: the tree's)")
    p.add_argument("--tree", help="the tree to grade (default: the lab tree around "
                   "the current directory, else minikern's own sources)")
    p.add_argument("--submission", metavar="DIR",
                   help="grade only the lab's files from DIR, in a scratch copy of "
                   "minikern's own sources (what graders use)")
    p.add_argument("--trace", action="store_true",
                   help="show the system calls and page faults of failing tests")
    p.add_argument("--json", metavar="FILE",
                   help="also write Gradescope's results.json format ('-': stdout)")
    p.add_argument("--jobs", type=int, default=DEFAULT_JOBS,
                   help=f"tests run at once (default {DEFAULT_JOBS})")
    p = labsub.add_parser("check", help="prove the labs sound: reference full marks, "
                          "starters below full, other labs unaffected")
    p.add_argument("names", nargs="*", help="labs to check (default: all)")
    p = labsub.add_parser("grade-all", help="grade a folder of student trees (CSV)")
    p.add_argument("submissions")
    p.add_argument("--lab", help="the lab (default: each tree's own)")
    p.add_argument("--jobs", type=int, default=DEFAULT_JOBS,
                   help=f"submissions graded at once (default {DEFAULT_JOBS})")
    p.add_argument("--csv", metavar="FILE", help="write the CSV here (default: stdout)")
    p = labsub.add_parser("autograder", help="a Gradescope autograder bundle (.zip)")
    p.add_argument("name")
    p.add_argument("output")
    return lab


def run(args):
    handlers = {"list": cmd_list, "start": cmd_start, "grade": cmd_grade,
                "check": cmd_check, "grade-all": cmd_grade_all,
                "autograder": cmd_autograder}
    try:
        return handlers[args.lab_command](args)
    except (LabUsageError, TreeError) as e:
        print(f"minikern: {e}", file=sys.stderr)
        return 2


def _lab(name):
    try:
        return load_lab(name)
    except KeyError as e:
        raise LabUsageError(f"lab: {e.args[0]}") from None


def cmd_list(args):
    labs = all_labs()
    width = max(len(lab.name) for lab in labs)
    for lab in labs:
        print(f"{lab.name:<{width}}  {lab.total:>3} points  {lab.summary}")
        print(f"{'':<{width}}  {'':>10}  builds on: {lab.builds_on}")
    return 0


def cmd_start(args):
    lab = _lab(args.name)
    start(lab, args.dir)
    print(f"lab {lab.name}: your tree is {args.dir} (read HANDOUT.md there; "
          f"'minikern lab grade' inside it grades it)")
    return 0


def _tree_and_lab(args):
    if args.submission:
        if not args.name:
            raise LabUsageError("lab grade --submission: name the lab")
        if not Path(args.submission).is_dir():
            raise LabUsageError(f"lab grade: {args.submission}: not a folder")
        return None, _lab(args.name)
    tree = Path(args.tree) if args.tree else find_tree() or source_root()
    if not (tree / "minikern").is_dir():
        raise LabUsageError(f"lab grade: {tree} is not a minikern tree")
    name = args.name
    if name is None:
        if not (tree / ".minikern-lab").is_file():
            raise LabUsageError("lab grade: name the lab (not inside a lab tree)")
        name = tree_lab(tree)
    return tree, _lab(name)


def cmd_grade(args):
    tree, lab = _tree_and_lab(args)
    to_stdout = args.json == "-"
    out = sys.stderr if to_stdout else sys.stdout     # the JSON alone on stdout

    def show(result):
        print(format_result(result, args.trace), file=out, flush=True)

    started = time.monotonic()
    if args.submission:
        print(f"lab {lab.name}: grading the submission {args.submission}", file=out)
        report = grade_submission(lab, Path(args.submission), args.jobs, args.trace,
                                  on_result=show)
    else:
        print(f"lab {lab.name}: grading {tree}", file=out, flush=True)
        report = grade(lab, tree, trace=args.trace, jobs=args.jobs, on_result=show)
    for note in report.notes:
        print(note, file=out)
    print(summary_line(report), file=out)
    if args.json:
        text = json.dumps(gradescope_results(report, time.monotonic() - started), indent=2)
        if to_stdout:
            print(text)
        else:
            Path(args.json).write_text(text + "\n")
    return 0 if report.full_marks else 1


def cmd_check(args):
    labs = [_lab(n) for n in args.names] if args.names else all_labs()
    return 0 if check_labs(labs) else 1


def cmd_grade_all(args):
    lab = _lab(args.lab) if args.lab else None
    return grade_all(Path(args.submissions), lab, args.jobs, args.csv)


def cmd_autograder(args):
    write_autograder(_lab(args.name), Path(args.output))
    print(f"{args.output}: upload it as the Gradescope assignment's autograder "
          "(Ubuntu image; setup.sh installs minikern)")
    return 0
