"""libc for portable programs (issue 12 item 4): the guest checks in
/usr/tests/posixtest (stdio's indicators, setvbuf, freopen, temporary
files, exec, popen, realpath, passwd/group, libgen, err.h, sysconf),
and what only the outside knows."""

import re

SUMMARY = re.compile(r"(\d+) passed, (\d+) failed")


def assert_all_passed(result, at_least):
    lines = result.text.splitlines()
    summary = SUMMARY.fullmatch(lines[-1])
    failures = [line for line in lines[:-1] if not line.endswith(": ok")]
    assert not failures, "\n".join(failures)
    assert summary and int(summary[2]) == 0 and int(summary[1]) >= at_least
    assert result.status == 0


def test_posixtest_passes_every_check(run_guest):
    assert_all_passed(run_guest(["/usr/tests/posixtest"]), 90)


def test_sysconf_reports_the_machine(run_guest):
    result = run_guest(["/usr/tests/posixtest", "sysconf"], cores=2, memory=64 << 20)
    assert result.text == f"2 {(64 << 20) // 4096}\n"
