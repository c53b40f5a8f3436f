"""The VM invariant checker: walk every map, amap, anon, object and page
table and prove the books balance.  Run by the tests after every test and
by the REPL's `check`; returns a list of problems (empty when all is well).

What must hold:
  * an anon's reference count is the number of amap slots holding it;
  * a physical page's reference count is the number of anons and objects
    owning it, and a page with owners is not on the free list;
  * every valid user PTE points at a page that is not free, and at the page
    the map says belongs there: the anon in the entry's amap slot or the
    object's page at that offset;
  * a page shared copy-on-write (an anon with refs > 1, or an object page
    under a private mapping) is never mapped writable, nor is the zero
    page (mapped only where a file has a hole);
  * a file system's page count (its size limit's) is what its files hold;
  * free + active + wired + page-table pages == all pages;
  * uvmexp counts every map entry; each map's entries are sorted and
    disjoint, and its index of free ranges matches the space between them.
"""

from collections import Counter

from isa.pmap import PROT_WRITE, pmap_user_mappings
from isa.x86 import PAGE_SHIFT

from .uvm_map import VM_MMAP_BASE, is_data


def uvm_check(kernel):
    problems = []
    live = [p for p in kernel.procs.values() if p.ps_vmspace is not None]
    anon_slots, objects = _owners(kernel, live, problems)
    expected = Counter()
    for anon, slots in anon_slots.values():
        if anon.refs != slots:
            problems.append(f"anon of page {anon.page:#x}: refs {anon.refs}, "
                            f"held by {slots} amap slots")
        expected[anon.page] += 1
    for obj in objects.values():
        for pa in obj.pages.values():
            expected[pa] += 1
    _check_quotas(objects.values(), problems)
    _check_pages(kernel, expected, problems)
    for p in live:
        _check_ptes(kernel, p, problems)
        _check_map(p, problems)
    _check_totals(kernel, live, problems)
    return problems


def _owners(kernel, live, problems):
    """Every anon (with how many amap slots hold it) and every object."""
    anon_slots, objects, amaps = {}, {id(kernel.sigcode): kernel.sigcode}, set()
    for p in live:
        for entry in p.ps_vmspace.map.entries:
            if entry.amap is not None and id(entry.amap) not in amaps:
                amaps.add(id(entry.amap))
                for anon in entry.amap.slots.values():
                    if anon.page is None:
                        problems.append(f"pid {p.ps_pid}: freed anon still in an amap")
                        continue
                    anon_slots.setdefault(id(anon), [anon, 0])[1] += 1
            if entry.obj is not None:
                objects[id(entry.obj)] = entry.obj
        for fp in p.ps_fd.files if p.ps_fd is not None else ():
            vnode = getattr(fp, "vnode", None)
            if vnode is not None and vnode.uobj is not None:
                objects[id(vnode.uobj)] = vnode.uobj
    for vnode in kernel.rootmount.walk():
        if vnode.uobj is not None:
            objects[id(vnode.uobj)] = vnode.uobj
    return anon_slots, objects


def _check_pages(kernel, expected, problems):
    pages, phys = kernel.pages, kernel.phys
    active = 0
    for frame, refs in enumerate(pages.refs):
        pa = frame << PAGE_SHIFT
        if refs:
            active += 1
            if phys.is_free(pa):
                problems.append(f"page {pa:#x} has {refs} references but is free")
        if refs != expected.get(pa, 0):
            problems.append(f"page {pa:#x}: {refs} references, "
                            f"{expected.get(pa, 0)} owners (a leak or a double use)")
    if active != pages.uvmexp.active:
        problems.append(f"uvmexp.active is {pages.uvmexp.active}, {active} pages are in use")


def _check_ptes(kernel, p, problems):
    vmap = p.ps_vmspace.map
    for va, pa, prot in pmap_user_mappings(vmap.pmap):
        where = f"pid {p.ps_pid} va {va:#x}"
        if kernel.phys.is_free(pa):
            problems.append(f"{where}: PTE points at free page {pa:#x}")
            continue
        entry = vmap.lookup(va)
        if entry is None:
            problems.append(f"{where}: PTE outside every map entry")
            continue
        anon = entry.amap.lookup(entry.amap_slot + ((va - entry.start) >> PAGE_SHIFT)) \
            if entry.amap is not None else None
        if anon is not None:
            if pa != anon.page:
                problems.append(f"{where}: PTE page {pa:#x} is not the anon's {anon.page:#x}")
            elif prot & PROT_WRITE and anon.refs > 1:
                problems.append(f"{where}: a copy-on-write page is mapped writable")
            continue
        obj = entry.obj
        pgno = (entry.offset + (va - entry.start)) >> PAGE_SHIFT
        if obj is not None and pa == kernel.pages.zero_page and pgno not in obj.pages:
            if prot & PROT_WRITE:
                problems.append(f"{where}: the zero page is mapped writable")
        elif obj is None or obj.pages.get(pgno) != pa:
            problems.append(f"{where}: PTE page {pa:#x} belongs to nothing the entry maps")
        elif prot & PROT_WRITE and entry.copy_on_write:
            problems.append(f"{where}: a private mapping writes to its file's page")


def _check_quotas(objects, problems):
    """A file system's count of its pages is the pages its files hold."""
    held = Counter()
    quotas = {}
    for obj in objects:
        if obj.quota is not None:
            held[id(obj.quota)] += len(obj.pages)
            quotas[id(obj.quota)] = obj.quota
    for key, quota in quotas.items():
        if quota.used != held[key]:
            problems.append(f"a file system counts {quota.used} pages, its files hold {held[key]}")


def _check_map(p, problems):
    """The map's entries are sorted and disjoint (insert trusts its
    caller: this catches the caller that was wrong), and its index of free
    ranges (for find_space) is exactly the space between them."""
    vmap = p.ps_vmspace.map
    for a, b in zip(vmap.entries, vmap.entries[1:]):
        if not a.start < a.end <= b.start < b.end:
            problems.append(f"pid {p.ps_pid}: map entries {a.start:#x}-{a.end:#x} and "
                            f"{b.start:#x}-{b.end:#x} overlap or are out of order")
    if vmap._starts != [e.start for e in vmap.entries]:
        problems.append(f"pid {p.ps_pid}: the map's start index is out of date")
    dused = sum(e.end - e.start for e in vmap.entries if is_data(e))
    if vmap.dused != dused:
        problems.append(f"pid {p.ps_pid}: the map's dused is {vmap.dused}, its data "
                        f"entries hold {dused} bytes")
    gaps = [vmap._gap(i) for i in range(len(vmap.entries) + 1)]
    gaps = [(max(start, VM_MMAP_BASE), end) for start, end in gaps]
    expected = sorted((end - start, start) for start, end in gaps if end > start)
    if vmap._free != expected:
        problems.append(f"pid {p.ps_pid}: the map's free-range index is out of date")


def _check_totals(kernel, live, problems):
    pages = kernel.pages
    ptps = sum(len(p.ps_vmspace.pmap.ptp_pages) for p in live)
    ptps += sum(len(p.ps_old_vmspace.pmap.ptp_pages) for p in live if p.ps_old_vmspace)
    maps = [p.ps_vmspace.map for p in live] + [p.ps_old_vmspace.map for p in live if p.ps_old_vmspace]
    entries = sum(len(m.entries) for m in maps)
    if entries != pages.uvmexp.map_entries:
        problems.append(f"uvmexp.map_entries is {pages.uvmexp.map_entries}, "
                        f"the maps have {entries}")
    total = pages.free + pages.uvmexp.active + pages.uvmexp.wired + ptps
    if total != pages.uvmexp.npages:
        problems.append(f"free {pages.free} + active {pages.uvmexp.active} + wired "
                        f"{pages.uvmexp.wired} + page tables {ptps} = {total}, "
                        f"not {pages.uvmexp.npages}")
