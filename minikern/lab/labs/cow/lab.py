"""Lab cow: copy-on-write fork.  fork shares the parent's anonymous pages
instead of copying them; the first write on either side copies that one
page; a page shared no more is written in place; the last reference frees
it.

Graded with cowtest.c (this folder), one part per test, each followed by
the kernel's page-accounting check (uvm_check), and for `copies` by
counting the machine's copy-on-write copies.
"""

from minikern.lab.spec import (Failure, Lab, Test, all_passed, books_balance,
                                exit_status)

COWTEST = "cowtest.c"
CHILD_WRITES = 10       # pages cowtest's child writes in `copies`
STARTUP_COPIES = 24     # more than fork, exit and stdio cost in stack and data pages


def copies_match_writes(run):
    """The child's 10 writes copy 10 pages; the parent's 256 writes after
    the child is gone copy none (its pages are its alone again)."""
    copies = run.machine.kernel.pages.uvmexp.cow_copies
    if not CHILD_WRITES <= copies <= CHILD_WRITES + STARTUP_COPIES:
        raise Failure(f"copy-on-write copies: expected {CHILD_WRITES} for the child's "
                      f"writes (+ at most {STARTUP_COPIES} of stack and data), got {copies}")


def part(name, points, summary, *more_checks, needs=()):
    return Test(name, points, summary, [COWTEST, name],
                [exit_status(0), all_passed(), books_balance(), *more_checks],
                needs=list(needs))


LAB = Lab(
    name="cow",
    summary="copy-on-write fork: shared anons, reference counts, the write fault that copies",
    builds_on="lazy (the fault path); amaps and anons (minikern/uvm/uvm_amap.py, uvm_anon.py)",
    files=["minikern/uvm/uvm_map.py", "minikern/uvm/uvm_fault.py", "minikern/uvm/uvm_anon.py"],
    tests=[
        part("isolate", 15, "after fork each side's stores stay its own, both ways"),
        part("cheap", 25, "40 MiB touched on a 64 MiB machine, then fork: nothing copied",
             needs=["isolate"]),
        part("copies", 20, "10 pages written by the child: 10 copies; none once it is gone",
             copies_match_writes, needs=["isolate"]),
        part("chain", 15, "three generations share pages and each writes its own",
             needs=["isolate"]),
        part("freed", 15, "20 children come and go: every shared page is freed exactly once",
             needs=["isolate"]),
    ],
)
