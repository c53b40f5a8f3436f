"""`minikern bench`: the suites run (on tiny loops, so the figures mean
nothing here) and report what they should: positive numbers for minikern
and every floor, the JSON file, one clear error for an unknown name.
No timing thresholds: speed is not a test result."""

import json

import pytest

from isa.asm import disassemble
from isa.x86 import RDI, RSI
from minikern import cli
from minikern.bench import SUITES, format_table, run_bench, run_suite
from minikern.bench.core import CEILING, COMPUTE_SEED, SLICED, SMALL_MEMORY, _floor_run
from minikern.bench.guest import BenchError, loop_code, measure_guest
from minikern.bench.programs import NATIVE, PROGRAMS, run_native, without_marks
from minikern.bench.startup import repl_prompt, run_hello
from minikern.bench.proc import OWN_TRUE, QEMU_FORK_WAIT_US, QEMU_LABEL, VIRTUAL, true_program
from minikern.sys.clock import COST_SYSCALL, COST_TRAP

TINY = 0.01         # loop sizes: 1% of the real ones


@pytest.fixture(scope="module")
def core_report(rootfs):
    return run_suite("core", repeat=2, scale=TINY)


def test_core_suite_structure(core_report):
    assert core_report["suite"] == "core" and core_report["repeat"] == 2
    assert core_report["host"]["quantum"] == 1_000_000
    names = [r["name"] for r in core_report["results"]]
    assert names == ["guest compute", "getpid round trip", "zero-fill fault"]
    floors = {r["name"]: [f["label"] for f in r["floors"]] for r in core_report["results"]}
    assert len(floors["getpid round trip"]) == 2
    assert floors["guest compute"] == [CEILING, SLICED]
    for r in core_report["results"]:
        for side in [r["minikern"]] + r["floors"]:
            assert len(side["samples"]) == 2
            assert all(s > 0 for s in side["samples"])
            assert side["best"] in side["samples"] and side["median"] > 0
        assert all(f["ratio"] > 0 for f in r["floors"])
        assert r["target"] and isinstance(r["met"], bool)


def test_best_is_the_right_end(core_report):
    by_name = {r["name"]: r for r in core_report["results"]}
    compute = by_name["guest compute"]["minikern"]
    assert compute["best"] == max(compute["samples"])       # a rate
    getpid = by_name["getpid round trip"]["minikern"]
    assert getpid["best"] == min(getpid["samples"])          # a time


def test_table_names_every_figure(core_report):
    table = format_table(core_report)
    assert table.startswith("minikern bench core: 2 runs each")
    for r in core_report["results"]:
        assert r["name"] in table
        for f in r["floors"]:
            assert f["label"] in table


def test_floor_runs_the_guest_loop_and_counts_it(rootfs):
    """The floor executes the compute loop's own bytes: 11 instructions an
    iteration plus the first mov, over several count-limited slices."""
    loop = loop_code("compute", "bench_compute_loop")
    insns = disassemble(loop.code, loop.start)
    assert len(insns) == 12 and insns[-1][2] == "jne"       # mov, then the loop
    n = 200_000                                    # 2.2 M: three slices
    _, instructions = _floor_run(SMALL_MEMORY, loop, [(RDI, n), (RSI, COMPUTE_SEED)])
    assert instructions == 11 * n + 1


def test_getpid_loop_is_a_syscall_loop(rootfs):
    loop = loop_code("getpid", "bench_getpid_loop")
    assert b"\x0f\x05" in loop.code


def test_json_written_and_parseable(rootfs, tmp_path, capsys):
    path = tmp_path / "bench.json"
    assert run_bench("vm", str(path), repeat=1, scale=TINY / 4) == 0
    report = json.loads(path.read_text())
    assert report["suite"] == "vm"
    assert [r["name"] for r in report["results"]] == [
        "zero-fill faults", "copy-on-write faults", "mmap+munmap pairs"]
    out = capsys.readouterr().out
    for r in report["results"]:
        assert r["minikern"]["best"] > 0
        assert all(f["best"] > 0 for f in r["floors"])
        assert f"{r['name']} ({r['unit']})" in out
    assert [f["label"] for f in report["results"][1]["floors"]] == [VIRTUAL]


def test_unknown_name_is_an_error(capsys):
    assert run_bench("nonesuch") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "unknown benchmark 'nonesuch'" in err and "core" in err


def test_cli_routes_bench(capsys):
    assert cli.main(["bench", "nonesuch"]) == 2
    assert cli.main(["bench", "core", "--repeat", "0"]) == 2
    assert "--repeat" in capsys.readouterr().err


def test_registry_has_room_for_more():
    assert {"core", "vm", "proc"} <= set(SUITES)
    assert all(fn.__doc__ for fns in SUITES.values() for fn in fns)


@pytest.fixture(scope="module")
def proc_report(rootfs):
    return run_suite("proc", repeat=2, scale=TINY)


def test_proc_suite_structure(proc_report):
    """µs each and a rate for fork+exit+wait and fork+exec+wait, from the
    same runs; every figure has its virtual-time row; qemu-user's anchor
    is a labelled reference on fork+exit+wait only."""
    results = proc_report["results"]
    assert [(r["name"], r["unit"]) for r in results] == [
        ("fork+exit+wait", "µs"), ("fork+exit+wait", "/s"),
        ("fork+exec+wait", "µs"), ("fork+exec+wait", "/s"),
        ("pipe throughput", "MB/s"), ("file write", "MB/s"), ("file read", "MB/s"),
        ("signal delivery", "µs")]
    for r in results:
        assert len(r["minikern"]["samples"]) == 2
        assert all(s > 0 for s in r["minikern"]["samples"])
        virtual = r["floors"][0]
        assert virtual["label"] == VIRTUAL and len(virtual["samples"]) == 2
        assert virtual["samples"][0] == virtual["samples"][1] > 0     # deterministic
    fork_us, fork_rate = results[0], results[1]
    assert [f["label"] for f in fork_us["floors"]] == [VIRTUAL, QEMU_LABEL]
    assert fork_us["floors"][1]["samples"] == [QEMU_FORK_WAIT_US]
    assert "measured elsewhere" in QEMU_LABEL
    for us, rate in zip(fork_us["minikern"]["samples"], fork_rate["minikern"]["samples"]):
        assert rate == pytest.approx(1e6 / us)
    assert fork_us["target"] and isinstance(fork_us["met"], bool)
    assert results[2]["params"]["program"] == true_program()
    assert results[4]["params"]["write_size"] == 65536
    for r in results[4:7]:
        assert r["target"].startswith(">= ") and isinstance(r["met"], bool)
    assert results[7]["params"]["signals"] > 0


def test_proc_table(proc_report):
    table = format_table(proc_report)
    assert "fork+exit+wait (µs)" in table and "pipe throughput (MB/s)" in table
    assert QEMU_LABEL in table and VIRTUAL in table


def test_virtual_time_counts_the_kernel_work(rootfs):
    """The virtual interval holds what the kernel charged: a trap for each
    copy-on-write fault, two system calls at least for each fork+wait."""
    assert measure_guest("cow", [64], 32 << 20).cycles >= 64 * COST_TRAP
    assert measure_guest("forkwait", [3], 16 << 20).cycles >= 3 * 2 * COST_SYSCALL


def test_exec_program_exists_and_failures_are_errors(rootfs):
    assert (rootfs / true_program().lstrip("/")).is_file()
    assert (rootfs / OWN_TRUE.lstrip("/")).is_file()
    with pytest.raises(BenchError, match="forkwait"):
        measure_guest("forkwait", [1, "/nonexistent"], 16 << 20)


def test_programs_agree_with_native_and_report_ratios(rootfs):
    """Each workload's guest output equals the native build's (the suite
    raises otherwise); compute-bound ones carry the 8x target."""
    report = run_suite("programs", repeat=1, scale=TINY)
    results = report["results"]
    assert [r["name"] for r in results] == [name for name, *_ in PROGRAMS]
    for r in results:
        assert r["unit"] == "s" and r["floors"][0]["label"] == NATIVE
        assert r["minikern"]["best"] > 0 and r["floors"][0]["ratio"] > 0
        assert r["params"]["output"].startswith(r["name"] + ": ")
        assert isinstance(r["met"], bool) == r["params"]["compute_bound"]


def test_programs_outputs_match_at_full_size_for_one(rootfs):
    """A native and a guest run of the same source print the same thing."""
    guest = measure_guest("sort", [5000], 32 << 20)
    _, _, native = run_native("sort", [5000])
    assert without_marks(guest.output) == native
    assert native.startswith(b"sort: 5000 keys, min ")


def test_startup_measures_hello_and_the_prompt(rootfs):
    for wall, cpu in (run_hello(), repl_prompt()):
        assert wall > 0 and cpu > 0
    assert {"core", "vm", "proc", "programs", "startup"} <= set(SUITES)
