"""checks_passed (conftest.py), which every guest suite's test uses to read
the suite's "N passed, M failed" line: it passes a clean report and fails,
showing the failing checks, on any other."""

import pytest

from conftest import checks_passed


def test_a_clean_report_gives_the_number_of_checks():
    assert checks_passed("fork: ok\nwait: ok\n2 passed, 0 failed\n") == 2
    assert checks_passed("usertests: 250 passed, 0 failed\n") == 250
    # libctest's atexit handlers print after its report.
    assert checks_passed("ok: strlen\n1 passed, 0 failed\natexit: runs last\n") == 1


@pytest.mark.parametrize("output, shown", [
    ("fork: ok\nwait: FAIL\n1 passed, 1 failed\n", "wait: FAIL"),
    ("FAIL: strlen (libctest.c:40)\n0 passed, 1 failed\n", "FAIL: strlen (libctest.c:40)"),
    ("uvmtest: cow: FAIL\nusertests: 9 passed, 0 failed\n", "uvmtest: cow: FAIL"),
])
def test_a_failed_check_fails_and_is_shown(output, shown):
    with pytest.raises(AssertionError) as e:
        checks_passed(output)
    assert shown in str(e.value)


@pytest.mark.parametrize("output", ["0 passed, 0 failed\n", "Segmentation fault\n", ""])
def test_no_check_run_or_no_report_fails(output):
    with pytest.raises(AssertionError):
        checks_passed(output)
