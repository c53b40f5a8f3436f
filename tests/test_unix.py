"""The system looks like a Unix (issue 12 item 5): SIGSYS for an unknown
system call, ENOMEM at once for an allocation larger than the machine,
/tmp and /etc, /usr/games on PATH, `minikern run -e`.  The guest program
is userland/tests/unixtest.c (run by test_posix_kernel.py)."""

import pytest

from test_cli_errors import minikern
from minikern.programs import DEFAULT_ENV, ProgramError, guest_env


def test_games_run_bare_on_the_default_path(run_guest):
    r = run_guest(["/bin/sh", "-c", "banner -w 20 x | wc -l; factor 12"], env=DEFAULT_ENV)
    lines = r.text.split("\n")
    assert int(lines[0]) > 0 and lines[1] == "12: 2 2 3"


def test_guest_env_adds_and_replaces():
    assert guest_env(["FOO=a=b", "HOME=/tmp", "EMPTY="]) == [
        "PATH=/bin:/usr/bin:/sbin:/usr/games", "TERM=dumb", "FOO=a=b", "HOME=/tmp", "EMPTY="]
    for bad in ("NOEQUALS", "=value"):
        with pytest.raises(ProgramError):
            guest_env([bad])


def test_run_e_sets_the_guest_environment_and_the_host_one_stays_out():
    status, out, err = minikern("run", "-e", "TZ=Europe/Paris", "-e", "GREETING=hi there",
                                "/bin/env")
    assert status == 0, err
    assert "TZ=Europe/Paris\nGREETING=hi there\n" in out
    assert "LANG=" not in out and "USER=" not in out
    status, out, err = minikern("run", "-e", "oops", "/bin/env")
    assert (status, out, err) == (2, "", "minikern: -e oops: not VAR=VALUE\n")
