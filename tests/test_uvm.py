"""UVM through guest programs: zero-fill on demand, copy-on-write after
fork counted page by page, file mappings sharing the page cache,
protections, out of memory; and the invariant checker itself."""

import random
import sys

import pytest

from isa.pmap import Pmap, PmapOutOfMemory, PROT_READ, PROT_WRITE
from isa.x86 import PAGE_SIZE, PG_V
from minikern.sys.errno import Errno, ENOMEM
from minikern.kern.kern_fork import fork1
from minikern.uvm.uvm_check import uvm_check
from minikern.uvm.uvm_fault import uvm_fault
from minikern.sys.mman import MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL
from minikern.uvm.uvm_map import (Vmspace, VmMapEntry, VM_MMAP_BASE, VM_MAXUSER_ADDRESS,
                                  uvmspace_fork)

from conftest import boot, checks_passed


def test_uvmtest_passes(run_guest):
    r = run_guest(["/usr/tests/uvmtest"])
    checks_passed(r.text)


def _counters(run_guest, argv):
    baseline = run_guest(["/usr/tests/uvmtest", argv[0], "0"]).machine.kernel.pages.uvmexp
    r = run_guest(["/usr/tests/uvmtest"] + argv)
    return r, r.machine.kernel.pages.uvmexp, baseline


def test_zero_fill_on_demand_touching_10000_pages(run_guest):
    r, uvmexp, base = _counters(run_guest, ["zerofill", "10000"])
    assert r.status == 0
    assert uvmexp.zero_fills - base.zero_fills == 10000
    assert uvmexp.faults - base.faults == 10000


def test_fork_copies_pages_lazily(run_guest):
    r, uvmexp, base = _counters(run_guest, ["cow", "400"])
    assert r.text.startswith("copy-on-write: each side sees only its own writes: ok")
    # The child wrote 200 of the 400 pages: those 200 are copied, plus the
    # handful of stack and data pages both sides touch; the parent's later
    # writes, after the child is gone, copy nothing.
    copies = uvmexp.cow_copies - base.cow_copies
    assert 200 <= copies <= 220, copies


def test_fault_ahead_maps_resident_neighbours(run_guest):
    r, uvmexp, base = _counters(run_guest, ["faultahead", "32"])
    assert r.text == f"read 32 pages, sum {32 * ord('a')}\n"
    faults = uvmexp.faults - base.faults
    # 32 resident file pages, read in order: a fault maps the next four
    # as well, so about one fault in five remains.
    assert 6 <= faults <= 10, faults


@pytest.mark.parametrize("advice, mapped", [
    (MADV_NORMAL, range(13, 21)),       # OpenBSD's uvmadvice: 3 behind, 4 ahead
    (MADV_SEQUENTIAL, range(16, 24)),   # 7 ahead; the 8 behind are left alone
    (MADV_RANDOM, range(16, 17)),       # the faulting page only
])
def test_fault_ahead_is_as_far_as_uvmfault_init_says(rootfs, advice, mapped):
    """32 resident anons, none mapped: a read fault on the 17th maps the
    neighbours its entry's madvise advice asks for."""
    machine, _, _ = boot(rootfs=rootfs)
    kernel = machine.kernel
    vm = Vmspace(kernel.pages, kernel.locore.kernel_pmap)
    base, end = VM_MMAP_BASE, VM_MMAP_BASE + 32 * PAGE_SIZE
    entry = VmMapEntry(base, end, PROT_READ | PROT_WRITE, name="anon")
    vm.map.insert(entry)
    for va in range(base, end, PAGE_SIZE):
        uvm_fault(vm, va, PROT_WRITE)
    vm.map.pmap.remove(base, end)       # the anons keep their pages
    entry.advice = advice
    uvm_fault(vm, base + 16 * PAGE_SIZE, PROT_READ)
    assert [i for i in range(32) if vm.map.pmap.pte(base + i * PAGE_SIZE) & PG_V] == \
        list(mapped)
    vm.destroy()
    assert uvm_check(kernel) == []
    machine.close()


def test_out_of_memory_kills_the_guest_and_the_machine_goes_on(rootfs):
    machine, out, messages = boot(memory=8 << 20, rootfs=rootfs)
    image = (rootfs / "usr/tests/uvmtest").read_bytes()
    hog = machine.spawn(image, ["uvmtest", "oom"])
    machine.run(until=lambda: hog.ps_xstat is not None)
    assert hog.ps_xstat == 9                   # SIGKILL
    assert messages == [f"pid {hog.ps_pid} (uvmtest): killed: out of memory"]
    hello = machine.spawn((rootfs / "bin/hello").read_bytes(), ["hello"])
    machine.run(until=lambda: hello.ps_xstat is not None)
    assert hello.ps_xstat == 0 and out.endswith(b"hello, world\n")
    assert uvm_check(machine.kernel) == []
    machine.close()


def _run_alone(rootfs, argv, memory):
    """Boot a machine, run uvmtest with argv as pid 1 until it ends, then
    show the machine goes on: hello runs, and the VM books balance."""
    machine, out, messages = boot(memory=memory, rootfs=rootfs)
    image = (rootfs / "usr/tests/uvmtest").read_bytes()
    p = machine.spawn(image, ["uvmtest"] + argv)
    machine.run(until=lambda: p.ps_xstat is not None)
    hello = machine.spawn((rootfs / "bin/hello").read_bytes(), ["hello"])
    machine.run(until=lambda: hello.ps_xstat is not None)
    assert hello.ps_xstat == 0 and out.endswith(b"hello, world\n")
    assert uvm_check(machine.kernel) == []
    machine.close()
    return p, out.decode(), messages


def test_out_of_memory_kills_the_largest_process_not_the_faulting_one(rootfs):
    p, out, messages = _run_alone(rootfs, ["oomvictim", "9", "8"], 16 << 20)
    assert p.ps_xstat == 0
    assert out.startswith("the parent touched 8 MiB; the 9 MiB child was killed\n")
    assert messages == [f"pid {p.ps_pid + 1} (uvmtest): killed: out of memory"]


def test_out_of_memory_never_kills_init_while_others_live(rootfs):
    p, out, messages = _run_alone(rootfs, ["oominit", "9"], 16 << 20)
    assert p.ps_pid == 1 and p.ps_xstat == 0
    assert out.startswith("pid 1 holds 9 MiB; its hungry child was killed\n")
    assert messages == ["pid 2 (uvmtest): killed: out of memory"]


@pytest.mark.parametrize("how", ["touch", "copy"])
def test_no_page_for_a_page_table_kills_cleanly(rootfs, monkeypatch, how):
    """A fault (by the process, or by copyout in read(2)) that gets a page
    for the data but none for its page table: the process is killed, the
    machine goes on.  Each region costs two pages (data, page table);
    touching one page more first, beside the first, shifts which of the
    two allocations fails: one of the two runs hits the page table."""
    ptp_failures = []
    leaf_table = Pmap._leaf_table

    def counting(self, va, create):
        try:
            return leaf_table(self, va, create)
        except PmapOutOfMemory:
            ptp_failures.append(va)
            raise

    monkeypatch.setattr(Pmap, "_leaf_table", counting)
    for skew in ("1", "2"):       # 2 pages before the regions, or 3
        p, out, messages = _run_alone(rootfs, ["sparse", skew, how], 8 << 20)
        assert p.ps_xstat == 9                                 # SIGKILL
        assert messages == [f"pid {p.ps_pid} (uvmtest): killed: out of memory"]
    assert ptp_failures, "neither run ran out of memory for a page table"


def test_forty_thousand_one_page_mmaps_are_quick_and_join(run_guest):
    r = run_guest(["/usr/tests/uvmtest", "maps", "40000", "1", "same", "notouch"])
    assert r.text == "40000 mappings\n"


def test_mmap_of_1gib_chunks_until_the_address_space_is_full(run_guest):
    r = run_guest(["/usr/tests/uvmtest", "maps", "1000000", "262144", "same", "notouch"])
    assert r.text == "130555 mappings, then ENOMEM\n"       # 127.5 TiB


def test_map_entries_are_limited_by_the_machines_memory(run_guest):
    """Mappings that cannot be joined (every other one read-only) stop
    with ENOMEM at one entry per two pages of memory, and all go at exit."""
    r = run_guest(["/usr/tests/uvmtest", "maps", "40000", "1", "alternate", "touch"])
    uvmexp = r.machine.kernel.pages.uvmexp
    made = int(r.text.split()[0])
    assert r.text.endswith(" mappings, then ENOMEM\n")
    assert uvmexp.map_entries_max - 10 < made < uvmexp.map_entries_max
    assert uvmexp.map_entries == 0


def _free_space(vmap):
    """The free ranges of the mmap area, found by walking the whole map."""
    ends = [VM_MMAP_BASE] + [e.end for e in vmap.entries]
    starts = [e.start for e in vmap.entries] + [VM_MAXUSER_ADDRESS]
    return [(max(low, VM_MMAP_BASE), high) for low, high in zip(ends, starts)]


def test_free_space_index_follows_every_change_to_the_map(rootfs):
    """Random mmaps (joined where possible), munmaps and mprotects: after
    each, the index of free ranges is the space between the entries, and
    find_space returns the smallest free range that fits, as a scan of
    the whole map would."""
    machine, _, _ = boot(rootfs=rootfs)
    vm = Vmspace(machine.kernel.pages, machine.kernel.locore.kernel_pmap)
    vmap, rng = vm.map, random.Random(17)
    base = VM_MMAP_BASE
    for _ in range(3000):
        start = base + (rng.randrange(256) << 12)
        end = start + (rng.randrange(1, 16) << 12)
        action = rng.randrange(3)
        if action == 0:
            size = end - start
            where = vmap.find_space(size)
            fits = sorted((e - s, s) for s, e in _free_space(vmap) if e - s >= size)
            assert where == fits[0][1]
            vmap.insert(VmMapEntry(where, where + size, rng.choice([1, 3]), name="anon"),
                        join=True)
        elif action == 1:
            vmap.remove(start, end)
        elif vmap.covers(start, end):
            vmap.protect(start, end, rng.choice([1, 3]))
        assert vmap._free == sorted((e - s, s) for s, e in _free_space(vmap) if e > s)
        assert all(a.end <= b.start for a, b in zip(vmap.entries, vmap.entries[1:]))
    vm.destroy()
    assert machine.kernel.pages.uvmexp.map_entries == 0
    machine.close()


def test_fork_with_no_page_for_the_childs_page_tables_is_enomem(rootfs):
    machine, _, _ = boot(rootfs=rootfs)
    p = machine.spawn((rootfs / "bin/hello").read_bytes(), ["hello"])
    taken = []
    while (pa := machine.phys.alloc_frame()) is not None:
        taken.append(pa)
    with pytest.raises(Errno) as failure:
        fork1(p.ps_mainproc)
    assert failure.value.errno == ENOMEM
    for pa in taken:
        machine.phys.free_frame(pa)
    assert uvm_check(machine.kernel) == []
    machine.close()


def test_holes_read_as_zeros_and_take_no_pages(run_guest):
    """An 80 MiB sparse file on a 64 MiB machine, read whole by read(2)
    and through two mappings; then one byte written by write(2), one by a
    shared store: the file holds those two pages and no others."""
    r = run_guest(["/usr/tests/uvmtest", "holes", "80"])
    checks_passed(r.text)
    kernel = r.machine.kernel
    vp = kernel.rootvnode.lookup(b"tmp").lookup(b"uvm.sparse")
    assert vp.size == 80 << 20 and vp.resident_pages() == 2


def test_a_full_file_system_under_a_shared_mapping_is_sigbus(run_guest):
    """Files may hold half of memory: 8 MiB of a 16 MiB machine, less
    what the programs read in hold, so a 16 MiB sparse file cannot fill."""
    r = run_guest(["/usr/tests/uvmtest", "fullmap", "16"], memory=16 << 20)
    checks_passed(r.text)


def test_files_are_limited_to_one_node_per_page_of_the_file_systems_size(run_guest):
    r = run_guest(["/usr/tests/uvmtest", "files", "100000"])
    mount = r.machine.kernel.rootmount
    made = int(r.text.split()[0])
    assert r.text == f"{made} files, then ENOSPC\n"
    assert mount.nodes_max == (64 << 20) // 4096 // 2
    # All were removed again since, with their directory, one node more.
    assert made == mount.nodes_max - mount.nodes - 1


def _lines_run(fn):
    """How many lines of kernel code (isa/ and minikern/) fn runs: a
    measure of work that does not depend on the host's speed."""
    count = [0]

    def tracer(frame, event, arg):
        if "/isa/" in frame.f_code.co_filename or "/minikern/" in frame.f_code.co_filename:
            if event == "line":
                count[0] += 1
            return tracer
        return None

    sys.settrace(tracer)
    try:
        fn()
    finally:
        sys.settrace(None)
    return count[0]


def test_a_huge_sparse_mapping_costs_what_is_resident(rootfs):
    """Fork, mprotect, munmap and exit of an anonymous mapping with three
    resident pages cost the same when the mapping grows 1000x (issue 13:
    they visited every 2 MiB of the range)."""
    machine, _, _ = boot(rootfs=rootfs)
    kernel = machine.kernel
    work = []
    for size in (4 << 30, 4 << 40):
        vm = Vmspace(kernel.pages, kernel.locore.kernel_pmap)
        base = VM_MMAP_BASE
        vm.map.insert(VmMapEntry(base, base + size, PROT_READ | PROT_WRITE, name="anon"))
        for va in (base, base + size // 2, base + size - 4096):
            uvm_fault(vm, va, PROT_WRITE)
        child = []
        steps = [lambda: child.append(uvmspace_fork(vm, kernel.locore.kernel_pmap)),
                 lambda: vm.map.protect(base, base + size, PROT_READ),
                 lambda: vm.map.remove(base + size // 4, base + size // 4 * 3),
                 lambda: child[0].destroy(),
                 vm.destroy]
        work.append([_lines_run(step) for step in steps])
    # The same work, give or take freeing a few more page-table pages
    # (the 4 TiB range spreads its three pages over more of them).
    assert all(abs(big - small) <= 16 for small, big in zip(*work)), work
    assert uvm_check(kernel) == []
    machine.close()


def test_checker_finds_two_entries_over_one_range(rootfs):
    """What exec once did with a segment on the sigcode page."""
    machine, _, _ = boot(rootfs=rootfs)
    p = machine.spawn((rootfs / "bin/hello").read_bytes(), ["hello"])
    sigcode = next(e for e in p.ps_vmspace.map.entries if e.name == "sigcode")
    p.ps_vmspace.map.insert(VmMapEntry(sigcode.start, sigcode.end, PROT_READ, name="data"))
    assert any("overlap" in problem for problem in uvm_check(machine.kernel))
    machine.close()


def test_checker_finds_a_leaked_page(run_guest):
    r = run_guest(["/bin/hello"])
    kernel = r.machine.kernel
    kernel.pages.alloc()                    # owned by nobody
    problems = uvm_check(kernel)
    assert any("0 owners" in p for p in problems)


def test_checker_finds_a_pte_to_a_free_page(rootfs):
    machine, _, _ = boot(rootfs=rootfs)
    p = machine.spawn((rootfs / "bin/hello").read_bytes(), ["hello"])
    pmap = p.ps_vmspace.pmap
    va = 0x7F7F_FFF0_0000       # in the stack's 2 MiB: its page table exists
    pa = machine.phys.alloc_frame()
    machine.phys.free_frame(pa)
    pmap.enter(va, pa, 1)
    problems = uvm_check(machine.kernel)
    assert any("free page" in problem for problem in problems)
    machine.close()


def test_checker_finds_a_writable_copy_on_write_page(rootfs):
    machine, _, _ = boot(rootfs=rootfs)
    image = (rootfs / "usr/tests/uvmtest").read_bytes()
    p = machine.spawn(image, ["uvmtest", "cow", "4"])
    machine.run(until=lambda: len(machine.kernel.procs) > 1)
    parent = machine.kernel.procs[p.ps_pid]
    shared = [(e, s, a) for e in parent.ps_vmspace.map.entries if e.amap
              for s, a in e.amap.slots.items() if a.refs > 1]
    assert shared, "after fork the parent's anons are shared"
    entry, slot, anon = shared[0]
    va = entry.start + ((slot - entry.amap_slot) << 12)
    parent.ps_vmspace.pmap.enter(va, anon.page, 3)         # writable: wrong
    assert any("copy-on-write page is mapped writable" in x
               for x in uvm_check(machine.kernel))
    machine.close()
