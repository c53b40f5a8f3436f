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
from minikern.bench.core import COMPUTE_SEED, SMALL_MEMORY, _floor_run
from minikern.bench.guest import loop_code

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
    assert [r["name"] for r in report["results"]] == ["zero-fill faults"]
    assert report["results"][0]["minikern"]["best"] > 0
    assert "zero-fill faults (k faults/s)" in capsys.readouterr().out


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
    assert {"core", "vm"} <= set(SUITES)
    assert all(fn.__doc__ for fns in SUITES.values() for fn in fns)
