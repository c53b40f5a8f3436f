"""Processes: fork with copy-on-write, wait4, exec from the file system,
pipes, signals with handlers, sleeping, the fork limit."""

from conftest import checks_passed


def _all_pages_back(kernel):
    """Every page is free, wired by the kernel, or held by a file."""
    pages = kernel.pages
    held_by_files = kernel.rootmount.resident_pages()
    return (pages.uvmexp.active - held_by_files - kernel.sigcode.resident == 0
            and pages.free + pages.uvmexp.active + pages.uvmexp.wired
            == pages.uvmexp.npages)


def test_proctest_passes(run_guest):
    r = run_guest(["/usr/tests/proctest"])
    checks_passed(r.text)
    assert r.status == 0
    # The one crash proctest causes on purpose, reported by the kernel:
    assert len(r.messages) == 1 and "SIGSEGV at 0x10" in r.messages[0]


def test_no_process_or_page_is_left_behind(run_guest):
    r = run_guest(["/usr/tests/proctest"])
    kernel = r.machine.kernel
    assert list(kernel.procs) == []
    assert kernel.sleepq == {}
    assert _all_pages_back(kernel)


def test_copy_on_write_copies_only_what_is_written(run_guest):
    r = run_guest(["/usr/tests/proctest"])
    uvmexp = r.machine.kernel.pages.uvmexp
    # Children write a few pages each; nothing like the parent's whole
    # image is ever copied.
    assert 0 < uvmexp.cow_copies < 2000


def test_multi_process_runs_are_deterministic(run_guest):
    a = run_guest(["/usr/tests/proctest"], seed=3)
    b = run_guest(["/usr/tests/proctest"], seed=3)
    assert a.output == b.output
    ka, kb = a.machine.kernel, b.machine.kernel
    assert [(c.clock, c.busy_cycles, c.switches) for c in ka.sched.cpus] == \
           [(c.clock, c.busy_cycles, c.switches) for c in kb.sched.cpus]
    assert ka.pages.uvmexp.faults == kb.pages.uvmexp.faults


def test_other_seeds_and_one_core_still_pass(run_guest):
    for cores, seed in ((1, 0), (4, 11)):
        r = run_guest(["/usr/tests/proctest"], cores=cores, seed=seed)
        checks_passed(r.text)


def test_work_spreads_over_both_cores(run_guest):
    r = run_guest(["/usr/tests/proctest"], cores=2)
    busy = [c.busy_cycles for c in r.machine.kernel.sched.cpus]
    assert all(b > 0 for b in busy)
