"""uvm_amap: the anonymous memory of a map entry, a table of anons indexed
by page ("slot") within the entry.

An amap may be referenced by several map entries (after fork with
needs-copy, or after an entry was split).  Slots are a dict so sparse
memory (an 8 MiB stack with three pages touched) costs only what it uses.
"""


class Amap:
    __slots__ = ("slots", "refs")

    def __init__(self):
        self.slots = {}     # slot number -> Anon
        self.refs = 1

    def lookup(self, slot):
        return self.slots.get(slot)

    def add(self, slot, anon):
        self.slots[slot] = anon

    def unref_range(self, first, count, pages):
        """Release the anons of slots [first, first + count)."""
        slots = self.slots
        if count < len(slots):
            for slot in range(first, first + count):
                anon = slots.pop(slot, None)
                if anon is not None:
                    anon.release(pages)
        else:
            for slot in [s for s in slots if first <= s < first + count]:
                slots.pop(slot).release(pages)

    def release(self, pages):
        """Drop one reference to the whole amap."""
        self.refs -= 1
        if self.refs == 0:
            for anon in self.slots.values():
                anon.release(pages)
            self.slots.clear()
