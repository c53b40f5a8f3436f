"""Lab lazy: demand paging.  uvm_mmapanon only records a range; the page
fault handler makes each page on its first touch (uvm_fault's zero-fill
path) and refuses what the mapping does not allow.

Graded with lazytest.c (this folder), one part per test, and, for the
`resident` test, by counting the machine's zero-fill faults afterwards.
"""

from minikern.lab.spec import (Failure, Lab, Test, all_passed, books_balance,
                                exit_status)

LAZYTEST = "lazytest.c"
TOUCHED = 512           # pages lazytest's `resident` part touches
STARTUP_FILLS = 64      # more than any program's stack, data and malloc take to start


def zero_fills_match_touches(run):
    """One zero-fill fault per page touched, none for the rest of 32 MiB."""
    fills = run.machine.kernel.pages.uvmexp.zero_fills
    if not TOUCHED <= fills <= TOUCHED + STARTUP_FILLS:
        raise Failure(f"zero-fill faults: expected {TOUCHED} for the touched pages "
                      f"(+ at most {STARTUP_FILLS} to start the program), got {fills}")


def part(name, points, summary, *more_checks, needs=()):
    return Test(name, points, summary, [LAZYTEST, name],
                [exit_status(0), all_passed(), books_balance(), *more_checks], needs=list(needs))


LAB = Lab(
    name="lazy",
    summary="demand paging: uvm_fault's zero-fill path and its protection checks",
    builds_on="page tables (isa/pmap.py) and the vm_map (minikern/uvm/uvm_map.py)",
    files=["minikern/uvm/uvm_fault.py"],
    tests=[
        part("zero", 10, "a fresh mapping reads as zeros; a store stays where it was made"),
        part("sparse", 20, "1 GiB of address space on a 64 MiB machine: four pages touched",
             needs=["zero"]),
        part("resident", 20, "32 MiB mapped, every 16th page touched: 512 zero-fill faults",
             zero_fills_match_touches, needs=["zero"]),
        part("protect", 20, "read-only, PROT_NONE and unmapped pages: SIGSEGV; mprotect",
             needs=["zero"]),
        part("fork", 10, "after fork: shared pages copied on write, new pages each one's own",
             needs=["zero"]),
        part("oom", 10, "a child touching more than the machine's memory is killed",
             needs=["zero"]),
    ],
)
