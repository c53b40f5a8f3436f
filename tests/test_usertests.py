"""usertests: every guest test suite in one run, then the machine is
checked for leaks: no page and no vnode may stay behind."""

from conftest import checks_passed


def test_usertests_pass_and_leave_nothing_behind(run_guest):
    r = run_guest(["/usr/tests/usertests"], memory=128 << 20)
    assert r.text.splitlines()[-1].startswith("usertests: ")
    checks_passed(r.text)
    assert r.status == 0
    kernel = r.machine.kernel
    assert kernel.procs == {}
    held = kernel.rootmount.resident_pages() + kernel.sigcode.resident
    assert kernel.pages.uvmexp.active == held          # only files hold pages
    in_use = [vp for vp in kernel.rootmount.walk()
              if vp.usecount and vp is not kernel.rootvnode]
    assert in_use == []                                 # no vnode leaked
    assert kernel.rootvnode.usecount == 1               # the kernel's own


def test_deliberate_crashes_are_announced_as_expected(rootfs):
    # The kernel's crash lines and the guest's output, in the order a
    # person at the console sees them.
    from conftest import TEST_ENV
    from minikern.dev.cons import Console
    from minikern.machine import Machine
    from minikern.programs import find_program
    seen = []
    console = Console(output=lambda data: seen.extend(data.decode().splitlines()))
    machine = Machine(cores=2, memory=128 << 20, console=console, log=seen.append,
                      rootfs=rootfs)
    try:
        image, argv0 = find_program("/usr/tests/usertests", rootfs)
        assert machine.run_image(image, [argv0], TEST_ENV) == 0
    finally:
        machine.close()
    crashes = [i for i, line in enumerate(seen) if ": SIGSEGV at " in line]
    assert len(crashes) >= 3
    for i in crashes:
        suite = seen[i].split("(")[1].split(")")[0]     # pid N (proctest): ...
        announced = f"{suite}: expected: children that crash on purpose"
        before = seen[:i]
        since_suite = [line for line in before if line.startswith(suite + ":")]
        assert since_suite and since_suite[-1].startswith(announced), seen[i]
