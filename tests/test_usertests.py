"""usertests: every guest test suite in one run, then the machine is
checked for leaks: no page and no vnode may stay behind."""


def test_usertests_pass_and_leave_nothing_behind(run_guest):
    r = run_guest(["/usr/tests/usertests"], memory=128 << 20)
    assert "FAIL" not in r.text, r.text
    last = r.text.rstrip().splitlines()[-1]
    passed = int(last.split()[1])
    assert last == f"usertests: {passed} passed, 0 failed" and passed > 200
    assert r.status == 0
    kernel = r.machine.kernel
    assert kernel.procs == {}
    held = kernel.rootmount.resident_pages() + kernel.sigcode.resident
    assert kernel.pages.uvmexp.active == held          # only files hold pages
    in_use = [vp for vp in kernel.rootmount.walk()
              if vp.usecount and vp is not kernel.rootvnode]
    assert in_use == []                                 # no vnode leaked
    assert kernel.rootvnode.usecount == 1               # the kernel's own
