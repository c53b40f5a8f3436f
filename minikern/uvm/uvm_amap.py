"""uvm_amap: the anonymous memory of a map entry, a table of anons indexed
by page ("slot") within the entry.

An amap may be referenced by several map entries (after fork with
needs-copy, or after an entry was split).  Slots are a dict so sparse
memory (an 8 MiB stack with three pages touched) costs only what it uses.
"""


class Amap:
    __slots__ = ("slots", "refs", "lock")

    def __init__(self):
        self.slots = {}     # slot number -> Anon
        self.refs = 1
        self.lock = None    # its "amaplk", made when first contended (uvm_fault._amap_lock)

    def lookup(self, slot):
        return self.slots.get(slot)

    def add(self, slot, anon):
        self.slots[slot] = anon

    def split(self, first, count):
        """Move the tail's count slots from first on into a new amap
        re-based to 0, and return it: an entry being clipped takes its own
        anons along.  The cost is the smaller of count and the anons held,
        so clipping one page off a big mapping is quick.  (Only an amap
        once shared can have slots past its entry's end: unreachable, they
        may stay behind until it is released.)"""
        tail = Amap()
        slots = self.slots
        if count < len(slots):
            moving = [s for s in range(first, first + count) if s in slots]
        else:
            moving = [s for s in slots if s >= first]
        for slot in moving:
            tail.slots[slot - first] = slots.pop(slot)
        return tail

    def copy(self, first, count):
        """amap_copy: a new amap holding the same anons for slots
        [first, first + count), re-based to 0.  No page is copied: each anon
        gains a reference, and the first write to it copies (COW)."""
        new = Amap()
        for slot, anon in self.slots.items():
            if first <= slot < first + count:
                anon.refs += 1
                new.slots[slot - first] = anon
        return new

    def release(self, pages):
        """Drop one reference to the whole amap."""
        self.refs -= 1
        if self.refs == 0:
            for anon in self.slots.values():
                anon.release(pages)
            self.slots.clear()
