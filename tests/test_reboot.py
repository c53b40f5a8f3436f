"""reboot(2), /sbin/halt and /sbin/reboot: the machine stops cleanly, with
OpenBSD's messages, and `minikern run` tells a halt from a reboot."""

import subprocess
import sys
from pathlib import Path

from conftest import TEST_ENV, boot
from minikern.programs import find_program

REPO = Path(__file__).resolve().parent.parent


def boot_init(rootfs, stdin):
    """Boot /sbin/init as process 1 with the shipped /etc/rc."""
    machine, out, messages = boot(rootfs=rootfs, stdin=stdin)
    try:
        image, argv0 = find_program("/sbin/init", rootfs)
        init = machine.spawn(image, [argv0], TEST_ENV)
        machine.run(until=lambda: init.ps_xstat is not None)
        return machine.kernel.shutdown, out.decode(), messages, init
    finally:
        machine.close()


def test_halt_stops_the_machine_with_a_message(rootfs):
    shutdown, text, messages, init = boot_init(rootfs, b"echo up\nhalt\necho after\n")
    assert shutdown == "halt"
    assert messages[-2:] == ["syncing disks... done", "halted"]
    assert text == "$ up\n$ "           # nothing ran after the halt
    assert init.ps_xstat is None           # init did not exit: the machine stopped


def test_reboot_asks_for_a_restart(rootfs):
    shutdown, text, messages, _ = boot_init(rootfs, b"reboot\n")
    assert shutdown == "reboot"
    assert messages[-2:] == ["syncing disks... done", "rebooting"]


def test_a_halted_machine_does_not_run_again(rootfs):
    import pytest
    from minikern.kern.subr_prf import MachineHalted
    machine, out, _ = boot(rootfs=rootfs, stdin=b"")
    try:
        image, argv0 = find_program("/sbin/halt", rootfs)
        machine.run_image(image, [argv0], TEST_ENV)
        assert machine.kernel.shutdown == "halt"
        with pytest.raises(MachineHalted, match="shut down"):
            machine.run_image(image, [argv0], TEST_ENV)
    finally:
        machine.close()


def test_shipped_rc_is_what_init_runs(rootfs):
    assert (Path(rootfs) / "etc" / "rc").is_file()
    # The first shell is pid 3: init is 1, the shell running /etc/rc was 2.
    shutdown, text, _, _ = boot_init(rootfs, b"echo $$\nhalt\n")
    assert text == "$ 3\n$ " and shutdown == "halt"


def run_cli(stdin):
    return subprocess.run([sys.executable, "-m", "minikern", "run", "/sbin/init"],
                          input=stdin, capture_output=True, cwd=REPO, timeout=300)


def test_minikern_run_exit_status_after_halt_and_reboot(rootfs):
    from minikern.cli import REBOOT_EXIT_STATUS
    halted = run_cli(b"halt\n")
    assert halted.returncode == 0
    assert halted.stderr.decode().endswith("syncing disks... done\nhalted\n")
    assert run_cli(b"reboot\n").returncode == REBOOT_EXIT_STATUS
