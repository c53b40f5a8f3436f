"""pmap: the x86-64 4-level page tables of one address space.

As in OpenBSD, the machine-independent VM (uvm) decides *what* is mapped;
the pmap only writes the hardware page tables that the CPU walks:
PML4 -> PDPT -> PD -> PT -> 4 KiB page.  The tables live in guest physical
memory, so what `pte` shows in the REPL is exactly what the emulated MMU
reads.

TLB consistency: a PTE that goes from invalid to valid needs no flush (the
CPU never caches a not-present entry), but one that is changed or removed
while valid may still sit in the TLB of every core that has this pmap
loaded (pm_cpus).  Those cores are marked stale and flush before they run
guest code again: the TLB shootdown.

Translated code: the emulator translates guest code into host code and
reuses the translation while the physical page it came from is mapped
executable.  It notices a store made by the same core through its own
MMU, but not one made by another core (another Unicorn instance) or by
the kernel writing physical memory directly.  So the pmap keeps one rule
for every page, across all user mappings of it (found through its pv
entries, phys.pv):

    a page is never writable in one mapping while executable in any
    mapping, the same one included (W^X per physical page).

Code therefore changes only while no one can run it, and physmem's
code_state says whether it did: entering an executable PTE takes write
access away from every other mapping and, if the page changed since it
was last executable (CODE_STALE), flushes the translations of every core;
entering a writable PTE, or the kernel writing the page
(pmap_page_modify), takes execute access away.  An RWX mapping is
mapped RW- or R-X at a time, whichever the faulting access needs, and a
page written and run in turn costs a fault each way and a flush per
change of code, as self-modifying code costs on real CPUs too.
"""

import itertools

from .physmem import CODE_LIVE, CODE_STALE
from .x86 import PAGE_SIZE, PAGE_SHIFT, PAGE_MASK, PG_V, PG_RW, PG_U, PG_NX, PG_FRAME, USER_MAX

# Protections, with the values uvm uses (PROT_READ/WRITE/EXEC).
PROT_NONE, PROT_READ, PROT_WRITE, PROT_EXEC = 0, 1, 2, 4

LEVEL_NAMES = ("PML4", "PDPT", "PD", "PT")
LEVEL_SHIFTS = (39, 30, 21, 12)
# Entries of the upper levels: present, writable, user; the leaf PTE alone
# decides the real protection.
_PTP_BITS = PG_V | PG_RW | PG_U


_code_tags = itertools.count(1)


# A pv entry is one int, the pmap's number above the virtual address: ints
# are not tracked by Python's garbage collector, where a tuple per mapped
# page made every collection scan them all (it cost 1.7 us per fault).
PV_VA_BITS = 47
PV_VA_MASK = (1 << PV_VA_BITS) - 1


class PmapOutOfMemory(Exception):
    """No physical page was free for a page-table page."""


def _pte_bits(prot, user):
    """The x86 PTE permission bits for a uvm protection."""
    bits = PG_V
    if user:
        bits |= PG_U
    if prot & PROT_WRITE:
        bits |= PG_RW
    if not prot & PROT_EXEC:
        bits |= PG_NX
    return bits


# Precomputed for the fault path: _USER_PTE_BITS[prot] == _pte_bits(prot, True).
_USER_PTE_BITS = [_pte_bits(prot, True) for prot in range(8)]


class Pmap:
    def __init__(self, phys, kernel_pmap=None):
        self.phys = phys
        self.q = phys.q
        self.pv = phys.pv
        self.pv_key = phys.register_pmap(self) << PV_VA_BITS   # | va: a pv entry
        self.code_state = phys.code_state
        pml4 = phys.alloc_zeroed_frame()
        if pml4 is None:
            raise PmapOutOfMemory()
        self.pml4 = pml4
        self.ptp_pages = [pml4]   # every page-table page, freed by destroy()
        self.resident = 0         # user pages mapped
        self.active_cores = set()  # cores with this pmap in CR3 (pm_cpus)
        # Names this pmap's mappings as they are now; a new one after every
        # change (isa/blockclock.py keys per-address caches on it).
        self.code_tag = next(_code_tags)
        self._leaf = {}           # va >> 21 -> its PT: every PT of the pmap
        self.pt_lookups = 0       # work of range operations (see _leaf_tables)
        if kernel_pmap is not None:
            # Share the kernel's upper half: same PML4 entries 256..511.
            base = pml4 >> 3
            kbase = kernel_pmap.pml4 >> 3
            self.q[base + 256:base + 512] = kernel_pmap.q[kbase + 256:kbase + 512]

    # -- walking ---------------------------------------------------------

    def _leaf_table(self, va, create):
        """Physical address of the PT page covering va (or None)."""
        pt = self._leaf.get(va >> 21)
        if pt is not None:
            return pt
        q = self.q
        table = self.pml4
        user = va < USER_MAX
        for shift in (39, 30, 21):
            slot = (table >> 3) + ((va >> shift) & 511)
            entry = q[slot]
            if not entry & PG_V:
                if not create:
                    return None
                new = self.phys.alloc_zeroed_frame()
                if new is None:
                    raise PmapOutOfMemory()
                self.ptp_pages.append(new)
                entry = new | (_PTP_BITS if user else PG_V | PG_RW)
                q[slot] = entry
            table = entry & PG_FRAME
        self._leaf[va >> 21] = table
        return table

    def _pte_slot(self, va, create=False):
        pt = self._leaf_table(va, create)
        if pt is None:
            return None
        return (pt >> 3) + ((va >> PAGE_SHIFT) & 511)

    def walk(self, va):
        """The 4-level walk for va: a list of (level name, table address,
        index, entry), stopping at the first entry that is not present."""
        steps = []
        table = self.pml4
        for name, shift in zip(LEVEL_NAMES, LEVEL_SHIFTS):
            index = (va >> shift) & 511
            entry = self.q[(table >> 3) + index]
            steps.append((name, table, index, entry))
            if not entry & PG_V:
                break
            table = entry & PG_FRAME
        return steps

    # -- the pmap interface ------------------------------------------------

    def enter(self, va, pa, prot, user=True, access=PROT_NONE):
        """Map the page at va to physical page pa (pmap_enter).  access is
        what the faulting instruction tried (a PROT_* bit, PROT_NONE when
        no access is waiting); it decides whether an RWX mapping is
        entered writable or executable.  This is on the page-fault path,
        so the common case is written out inline."""
        pt = self._leaf.get(va >> 21)
        if pt is None:
            pt = self._leaf_table(va, create=True)
        slot = (pt >> 3) + ((va >> PAGE_SHIFT) & 511)
        q = self.q
        old = q[slot]
        if not user:
            q[slot] = pa | _pte_bits(prot, False)
            if old & PG_V:
                self._shootdown()
            return
        frame = pa >> PAGE_SHIFT
        if prot & PROT_EXEC or self.code_state[frame]:
            # The page is, or was, code (or is about to be).
            prot = self._keep_code_exact(frame, prot, access)
        q[slot] = pa | _USER_PTE_BITS[prot]
        if not old & PG_V:
            self.resident += 1
            if self.pv[frame] is None:
                self.pv[frame] = self.pv_key | va    # the common case
            else:
                self._pv_add(frame, va)
            return
        if (old & PG_FRAME) != pa:
            self._pv_remove(old, va)
            self._pv_add(frame, va)
        self._shootdown()

    def _keep_code_exact(self, frame, prot, access):
        """W^X per physical page (see the module comment): the protection
        to enter for frame, after taking the conflicting right away from
        its other mappings and flushing translated code if it changed."""
        state = self.code_state[frame]
        if prot & PROT_EXEC and prot & PROT_WRITE:
            if access & PROT_WRITE or (not access & PROT_EXEC and state != CODE_LIVE):
                prot &= ~PROT_EXEC
            else:
                prot &= ~PROT_WRITE
        if prot & PROT_EXEC:
            if state != CODE_LIVE:
                _pv_change_ptes(self.phys, frame, clear=PG_RW)
                if state == CODE_STALE:
                    self.phys.flush_translations()
                self.code_state[frame] = CODE_LIVE
        elif prot & PROT_WRITE and state == CODE_LIVE:
            _pv_change_ptes(self.phys, frame, add=PG_NX)
            self.phys.code_changes(frame)
        return prot

    def _pv_add(self, frame, va):
        key = self.pv_key | va
        pvs = self.pv[frame]
        if pvs is None:
            self.pv[frame] = key
        elif isinstance(pvs, int):
            self.pv[frame] = {pvs, key}
        else:
            pvs.add(key)

    def _pv_remove(self, pte, va):
        """Forget the mapping of va, whose PTE was pte."""
        frame = (pte & PG_FRAME) >> PAGE_SHIFT
        key = self.pv_key | va
        pvs = self.pv[frame]
        if pvs == key:
            self.pv[frame] = None       # the common case: its only mapping
        else:
            # A set: a page mapped in many places (the zero page, sigcode)
            # loses one mapping in constant time.
            pvs.remove(key)
            if len(pvs) == 1:
                self.pv[frame] = pvs.pop()

    def _leaf_tables(self, start, end):
        """(va, PT address) of every page table covering part of [start,
        end), in address order.  The cost is the smaller of the number of
        2 MiB regions in the range and the number of page tables the pmap
        has: a huge, sparsely used range costs what is mapped in it, never
        its size.  pt_lookups counts that work, for the tests."""
        first, last = start >> 21, (end - 1) >> 21
        leaf = self._leaf
        if last - first < len(leaf):
            self.pt_lookups += last - first + 1
            regions = range(first, last + 1)
        else:
            self.pt_lookups += len(leaf)
            regions = sorted(r for r in leaf if first <= r <= last)
        for region in regions:
            pt = leaf.get(region)
            if pt is not None:
                yield region << 21, pt

    def _valid_slots(self, start, end):
        """(va, slot) of every valid PTE in [start, end).  Each page table
        is read with one slice of the memoryview rather than 512 lookups."""
        q = self.q
        for region_va, pt in self._leaf_tables(start, end):
            va = max(start, region_va)
            region_end = min(end, region_va + (1 << 21))
            base = (pt >> 3) + ((va >> PAGE_SHIFT) & 511)
            count = (region_end - va + PAGE_SIZE - 1) >> PAGE_SHIFT
            for i, entry in enumerate(q[base:base + count].tolist()):
                if entry & PG_V:
                    yield va + (i << PAGE_SHIFT), base + i

    def remove(self, start, end):
        """Unmap [start, end) (pmap_remove); return the physical pages that
        were mapped there, so the caller can drop its references."""
        q = self.q
        removed = []
        for va, slot in list(self._valid_slots(start, end)):
            entry = q[slot]
            q[slot] = 0
            self._pv_remove(entry, va)
            removed.append(entry & PG_FRAME)
        if removed:
            self.resident -= len(removed)
            self._shootdown()
        return removed

    def protect(self, start, end, prot):
        """Lower the protection of the valid pages in [start, end) to at
        most prot (pmap_protect); a PROT_NONE protection removes them.
        It never grants a right a PTE lacks: a read-only PTE may be
        copy-on-write, an executable page may not be writable (W^X); a
        later fault enters the page with what it may have."""
        if prot == PROT_NONE:
            return self.remove(start, end)
        clear = 0 if prot & PROT_WRITE else PG_RW
        add = 0 if prot & PROT_EXEC else PG_NX
        q = self.q
        changed = False
        for _, slot in list(self._valid_slots(start, end)):
            entry = q[slot]
            lowered = (entry & ~clear) | add
            if lowered != entry:
                q[slot] = lowered
                changed = True
        if changed:
            self._shootdown()
        return []

    def extract(self, va):
        """The physical address va maps to, or None (pmap_extract)."""
        return pmap_extract(self, va)

    def pte(self, va):
        """The leaf PTE for va (0 if there is none)."""
        slot = self._pte_slot(va)
        return 0 if slot is None else self.q[slot]

    def mappings(self):
        """Yield (va, pte) for every valid user leaf entry, in address order."""
        q = self.q
        for i4 in range(256):
            e4 = q[(self.pml4 >> 3) + i4]
            if not e4 & PG_V:
                continue
            for i3 in range(512):
                e3 = q[((e4 & PG_FRAME) >> 3) + i3]
                if not e3 & PG_V:
                    continue
                for i2 in range(512):
                    e2 = q[((e3 & PG_FRAME) >> 3) + i2]
                    if not e2 & PG_V:
                        continue
                    base = (i4 << 39) | (i3 << 30) | (i2 << 21)
                    pt = (e2 & PG_FRAME) >> 3
                    for i1 in range(512):
                        e1 = q[pt + i1]
                        if e1 & PG_V:
                            yield base | (i1 << PAGE_SHIFT), e1

    def _shootdown(self):
        """Every core with this pmap loaded must flush its TLB before it
        next runs guest code (the current core does so on trap return)."""
        self.code_tag = next(_code_tags)
        for core in self.active_cores:
            core.tlb_stale = True

    def destroy(self):
        """Free the page-table pages (pmap_destroy).  The caller has
        already removed and released the user pages."""
        for pa in self.ptp_pages:
            self.phys.free_frame(pa)
        self.ptp_pages = []
        self._leaf.clear()
        self.phys.pmaps.pop(self.pv_key >> PV_VA_BITS, None)


# -- questions the machine-independent VM asks ----------------------------
# uvm and copyin/copyout ask these instead of reading PTE bits themselves.

def pmap_extract(pmap, va):
    """The physical address va maps to in pmap, or None if it is not
    mapped (OpenBSD's pmap_extract)."""
    entry = pmap.pte(va)
    if not entry & PG_V:
        return None
    return (entry & PG_FRAME) | (va & PAGE_MASK)


def pmap_is_mapped(pmap, va):
    """Is va's page mapped at all (a valid leaf PTE)?"""
    return bool(pmap.pte(va) & PG_V)


def _pte_prot(entry):
    """The uvm protection a user leaf PTE grants now (PROT_NONE for an
    invalid or kernel-only entry).  Under W^X an RWX mapping grants
    RW- or R-X at a time (see the module comment)."""
    if entry & (PG_V | PG_U) != PG_V | PG_U:
        return PROT_NONE
    prot = PROT_READ
    if entry & PG_RW:
        prot |= PROT_WRITE
    if not entry & PG_NX:
        prot |= PROT_EXEC
    return prot


def pmap_prot(pmap, va):
    """The access user mode has to va's page now: PROT_* bits, PROT_NONE
    if the page is not mapped for the user."""
    return _pte_prot(pmap.pte(va))


def pmap_is_writable(pmap, va):
    """May user mode write va's page now (without a fault)?"""
    return bool(pmap_prot(pmap, va) & PROT_WRITE)


def pmap_user_mappings(pmap):
    """Yield (va, pa, prot) for every user mapping, in address order."""
    for va, entry in pmap.mappings():
        yield va, entry & PG_FRAME, _pte_prot(entry)


def pv_mappings(phys, frame):
    """(pmap, va) of every user mapping of frame."""
    pvs = phys.pv[frame]
    keys = () if pvs is None else (pvs,) if isinstance(pvs, int) else sorted(pvs)
    return [(phys.pmaps[key >> PV_VA_BITS], key & PV_VA_MASK) for key in keys]


def _pv_change_ptes(phys, frame, clear=0, add=0):
    """Clear and set PTE bits in every user mapping of frame."""
    q = phys.q
    for pmap, va in pv_mappings(phys, frame):
        slot = pmap._pte_slot(va)
        entry = q[slot]
        changed = (entry & ~clear) | add
        if changed != entry:
            q[slot] = changed
            pmap._shootdown()


def pmap_page_modify(phys, pa):
    """The kernel is about to write physical page pa itself (a write(2)
    into the page cache): no mapping may run the page's code from now on,
    and whatever the cores translated from it is stale.  The next
    instruction fetch from it faults, and entering it executable again
    flushes the translations."""
    frame = pa >> PAGE_SHIFT
    if phys.code_state[frame] == CODE_LIVE:
        _pv_change_ptes(phys, frame, add=PG_NX)
        phys.code_changes(frame)
