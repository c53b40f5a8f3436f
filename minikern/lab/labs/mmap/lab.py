"""Lab mmap: file mappings.  uvm_mmapfile decides what a mapping of a
vnode may ever do; uvm_fault_lower maps the file's page-cache pages, a
hole as the shared zero page, and a private mapping's store into a copy.

Graded with mmaptest.c (this folder), one part per test, each followed by
the kernel's page-accounting check (uvm_check); `hole` also counts the
pages the sparse file holds afterwards.
"""

from minikern.ddb.db_guestfs import lookup
from minikern.lab.spec import (Failure, Lab, Test, all_passed, books_balance,
                                exit_status)

MMAPTEST = "mmaptest.c"


def holes_stay_holes(run):
    """/tmp/holes is 256 pages long and mmaptest stored into one of them
    through a shared mapping: reading the holes must not have filled them."""
    vp = lookup(run.machine.kernel, "/tmp/holes")
    held = vp.uobj.resident if vp is not None and vp.uobj is not None else None
    if held != 1:
        raise Failure(f"pages the sparse file holds: expected 1 (the one written), got {held}")


def part(name, points, summary, *more_checks, needs=()):
    return Test(name, points, summary, [MMAPTEST, name],
                [exit_status(0), all_passed(), books_balance(), *more_checks],
                needs=list(needs))


LAB = Lab(
    name="mmap",
    summary="file mappings: uvm_mmapfile's rights and uvm_fault_lower's page cache pages",
    builds_on="lazy (the fault path); vnodes and their uvm_object (minikern/uvm/uvm_object.py)",
    files=["minikern/uvm/uvm_mmap.py", "minikern/uvm/uvm_fault.py"],
    tests=[
        part("shared", 25, "MAP_SHARED is the file: read(2), write(2), fork, after munmap"),
        part("private", 25, "MAP_PRIVATE stores stay in the process, never reach the file",
             needs=["shared"]),
        part("hole", 20, "holes read as zeros and cost no page; stores fill them or not",
             holes_stay_holes, needs=["shared"]),
        part("perm", 20, "the open mode bounds the mapping: EACCES, ENODEV, EBADF, /dev/zero"),
    ],
)
