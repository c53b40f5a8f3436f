"""The pmap's page tables, read back the way the MMU reads them."""

import pytest

from isa.locore import Locore
from isa.physmem import PhysicalMemory
from isa.pmap import Pmap, PROT_READ, PROT_WRITE, PROT_EXEC
from isa.x86 import PG_V, PG_RW, PG_U, PG_NX, PAGE_SIZE


@pytest.fixture
def pmap():
    phys = PhysicalMemory(4 << 20, prefault=False)
    locore = Locore(phys)
    yield Pmap(phys, locore.kernel_pmap)
    phys.close()


def test_enter_then_extract_and_walk(pmap):
    pa = pmap.phys.alloc_zeroed_frame()
    pmap.enter(0x7F00_1234_5000, pa, PROT_READ | PROT_WRITE)
    assert pmap.extract(0x7F00_1234_5ABC) == pa | 0xABC
    walk = pmap.walk(0x7F00_1234_5000)
    assert [step[0] for step in walk] == ["PML4", "PDPT", "PD", "PT"]
    leaf = walk[-1][3]
    assert leaf & PG_V and leaf & PG_RW and leaf & PG_U and leaf & PG_NX
    assert pmap.resident == 1


def test_protections_become_pte_bits(pmap):
    text = pmap.phys.alloc_zeroed_frame()
    pmap.enter(0x400000, text, PROT_READ | PROT_EXEC)
    pte = pmap.pte(0x400000)
    assert not pte & PG_RW and not pte & PG_NX


def test_remove_returns_pages_and_marks_cores_stale(pmap):
    class FakeCore:
        tlb_stale = False
    core = FakeCore()
    pmap.active_cores.add(core)
    pas = [pmap.phys.alloc_zeroed_frame() for _ in range(3)]
    for i, pa in enumerate(pas):
        pmap.enter(0x1000_0000 + i * PAGE_SIZE, pa, PROT_READ)
    assert not core.tlb_stale        # invalid -> valid needs no shootdown
    assert pmap.remove(0x1000_0000, 0x1000_0000 + 3 * PAGE_SIZE) == pas
    assert core.tlb_stale
    assert pmap.extract(0x1000_0000) is None and pmap.resident == 0


def test_protect_lowers_rights(pmap):
    pa = pmap.phys.alloc_zeroed_frame()
    pmap.enter(0x5000, pa, PROT_READ | PROT_WRITE)
    pmap.protect(0x5000, 0x6000, PROT_READ)
    assert not pmap.pte(0x5000) & PG_RW
    assert list(pmap.mappings()) == [(0x5000, pmap.pte(0x5000))]


def test_user_pmaps_share_the_kernel_half(pmap):
    other = Pmap(pmap.phys, None)
    assert pmap.q[(pmap.pml4 >> 3) + 256] != 0
    assert other.q[(other.pml4 >> 3) + 256] == 0
