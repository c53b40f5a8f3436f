"""POSIX threads in libc on several cores (issue 15 items 3 and 6): the
guest suite /usr/tests/threadtest (mutexes, condition variables, a
producer/consumer queue, TLS and errno per thread, rwlocks, barriers,
spin locks, semaphores, once, keys, detached threads, thread-safe malloc
and stdio, exit and fork from a thread, signals to a threaded process)
on 1, 2, 4 and 8 cores and several seeds, the race that the mutex
prevents, and the threaded variant of `bench smp`."""

from pathlib import Path

import pytest

from minikern.bench.smp import experiment, format_results

from conftest import checks_passed


@pytest.mark.parametrize("cores,seed", [(1, 0), (2, 0), (2, 1), (4, 0), (4, 1), (4, 2),
                                        (8, 0), (8, 3)])
def test_threadtest_passes_on_any_number_of_cores(run_guest, cores, seed):
    result = run_guest(["/usr/tests/threadtest"], cores=cores, seed=seed)
    checks_passed(result.text)
    assert result.status == 0


def test_threadtest_is_deterministic_for_a_seed(run_guest):
    first = run_guest(["/usr/tests/threadtest"], cores=4, seed=5)
    again = run_guest(["/usr/tests/threadtest"], cores=4, seed=5)
    assert first.text == again.text
    assert first.machine.kernel.sched.cpus[0].clock == again.machine.kernel.sched.cpus[0].clock


def test_without_the_mutex_the_counter_loses_increments(run_guest):
    """The guest's locked counter is exact (threadtest checks it); the
    same loop without the lock, on 4 cores, loses increments: the race
    the mutex is there for is real on this machine."""
    result = run_guest(["/usr/tests/threadtest", "race"], cores=4)
    words = result.text.split()     # lost N of M increments without a lock
    lost, total = int(words[1]), int(words[3])
    assert 0 < lost < total, result.text


def test_bench_smp_threads_share_the_map_lock_and_giant_is_worse():
    results = experiment((1, 4), rounds=2, variants=("threads",))
    assert results == experiment((1, 4), rounds=2, variants=("threads",))  # deterministic
    nolock, giant = results[1], results[3]
    assert (nolock["variant"], nolock["config"], nolock["cores"]) == ("threads", "nolock", 4)
    assert nolock["locks"][0]["name"] == "vmmaplk"      # the most contended
    assert nolock["map_lock_spin_share"] > 0
    assert giant["config"] == "giant"
    assert giant["speedup"] < nolock["speedup"]
    assert giant["kernel_lock_spin_share"] > nolock["kernel_lock_spin_share"]
    table = format_results(results)
    assert "threads  nolock" in table and "vmmaplk" in table


def test_the_readme_threads_example(run_guest, tmp_path):
    """README's count.c prints what the README shows, on 4 cores."""
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text()
    section = readme[readme.index("### Threads"):]
    source = section.split("```c\n")[1].split("```")[0]
    transcript = section.split("$ minikern run --cores 4 ./count\n")[1].split("\n")[0]
    (tmp_path / "count.c").write_text(source)
    result = run_guest([str(tmp_path / "count.c")], cores=4)
    assert result.text == transcript + "\n"
    assert result.status == 0
