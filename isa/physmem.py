"""Physical memory: one host buffer that every emulated core maps at
physical address 0, and the allocator of its 4 KiB frames.

The buffer is an anonymous host mapping, so the host only spends memory on
frames the guest has actually touched; its size is the machine's RAM size
and nothing the guest does can grow it.

Each frame also records what the cores' caches of translated code may
hold for it (code_state); isa.pmap keeps those caches honest, and
flush_translations() empties them.
"""

import ctypes
import itertools
import mmap
import threading

from .x86 import PAGE_SIZE, PAGE_SHIFT

ZERO_PAGE_BYTES = bytes(PAGE_SIZE)


# code_state of a frame: what the cores' translation caches may hold for it.
CODE_NONE = 0       # nothing: it has not been executable since the last flush
CODE_LIVE = 1       # translations of its bytes, all still exact
CODE_STALE = 2      # translations of bytes it no longer holds: flush first

_MADV_POPULATE_WRITE = 23      # Linux 5.14+
_POPULATE_CHUNK = 8 << 20


class PhysicalMemory:
    def __init__(self, size, prefault=True):
        if size <= 0 or size % (2 << 20):
            raise ValueError("memory size must be a positive multiple of 2 MiB")
        self.size = size
        self._mapping = mmap.mmap(-1, size)
        self._anchor = ctypes.c_char.from_buffer(self._mapping)
        self.host_address = ctypes.addressof(self._anchor)
        self.mem = memoryview(self._mapping)        # bytes, indexed by physical address
        self.q = self.mem.cast("Q")                 # 64-bit words (page tables)
        self.nframes = size >> PAGE_SHIFT
        # Free frames, lowest address handed out first (a stack: pop() from
        # the end), so allocation order is deterministic.
        self._free = list(range(self.nframes - 1, -1, -1))
        self._is_free = bytearray(b"\x01") * self.nframes
        # Frames at or above this one have never been handed out, so they
        # still hold the zeros the host mapping started with.
        self._never_used = 0
        self._populator = None
        self._closing = False
        if prefault:
            self._start_populating()
        self.code_state = bytearray(self.nframes)   # CODE_* per frame
        self._stale = []            # frames made CODE_STALE since the last flush
        self.code_generation = 0    # flush_translations() calls so far
        self.cores = []             # the cores whose caches it flushes
        # The user mappings of each frame (OpenBSD's pv entries, kept by
        # isa.pmap): None, one key, or a set of keys; a key is a pmap's
        # number and a virtual address in one int (see isa.pmap).
        self.pv = [None] * self.nframes
        self.pmaps = {}             # pmap number -> Pmap, for the pv keys
        self._pmap_numbers = itertools.count(1)

    # -- the frame allocator --------------------------------------------

    @property
    def free_count(self):
        return len(self._free)

    def alloc_frame(self, zero=False):
        """Take a free frame; return its physical address, or None when
        memory is exhausted.  Its contents are zero if zero is set (a frame
        never used before already is), undefined otherwise."""
        if not self._free:
            return None
        frame = self._free.pop()
        self._is_free[frame] = 0
        if frame >= self._never_used:
            self._never_used = frame + 1
        elif zero:
            pa = frame << PAGE_SHIFT
            self.mem[pa:pa + PAGE_SIZE] = ZERO_PAGE_BYTES
        if self.code_state[frame] == CODE_LIVE:
            self.code_changes(frame)    # it gets new contents
        return frame << PAGE_SHIFT

    def alloc_zeroed_frame(self):
        return self.alloc_frame(zero=True)

    def free_frame(self, pa):
        frame = pa >> PAGE_SHIFT
        if self._is_free[frame]:
            raise RuntimeError(f"double free of physical page {pa:#x}")
        self._is_free[frame] = 1
        self._free.append(frame)

    def is_free(self, pa):
        return bool(self._is_free[pa >> PAGE_SHIFT])

    def register_pmap(self, pmap):
        """A number for pmap, by which pv keys name it."""
        number = next(self._pmap_numbers)
        self.pmaps[number] = pmap
        return number

    # -- the cores' translated code ----------------------------------------

    def code_changes(self, frame):
        """A frame that may have been executed gets other bytes: whatever a
        core translated from it must not run again."""
        self.code_state[frame] = CODE_STALE
        self._stale.append(frame)

    def flush_translations(self):
        """Every core drops all its translated code before it next runs
        guest code (the current core before it returns to the guest: its
        hooks flush a stale core).  Afterwards no stale frame has a
        translation left anywhere."""
        self.code_generation += 1
        for core in self.cores:
            core.tlb_stale = True
        state = self.code_state
        for frame in self._stale:
            if state[frame] == CODE_STALE:
                state[frame] = CODE_NONE
        self._stale = []

    # -- contents ----------------------------------------------------------

    def zero_frame(self, pa):
        self.mem[pa:pa + PAGE_SIZE] = ZERO_PAGE_BYTES

    def copy_frame(self, dst, src):
        self.mem[dst:dst + PAGE_SIZE] = self.mem[src:src + PAGE_SIZE]

    def read(self, pa, n):
        return bytes(self.mem[pa:pa + n])

    def write(self, pa, data):
        self.mem[pa:pa + len(data)] = data

    # -- host memory -----------------------------------------------------

    def _start_populating(self):
        """Have the host back guest RAM with real pages now, on a helper
        thread, lowest addresses (the first allocated) first.  The first
        touch of a host page costs several microseconds; paid here, it is
        not paid inside the guest's page faults.  madvise runs without the
        GIL, so the emulation goes on meanwhile.  Guest behaviour does not
        depend on it in any way."""
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            madvise = libc.madvise
        except (OSError, AttributeError):
            return
        madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]

        def populate():
            for offset in range(0, self.size, _POPULATE_CHUNK):
                if self._closing:
                    return
                n = min(_POPULATE_CHUNK, self.size - offset)
                if madvise(self.host_address + offset, n, _MADV_POPULATE_WRITE):
                    return      # not supported by this host kernel: fine

        self._populator = threading.Thread(target=populate, daemon=True,
                                           name="physmem-populate")
        self._populator.start()

    def close(self):
        self._closing = True
        if self._populator is not None:
            self._populator.join()
        self.q.release()
        self.mem.release()
        del self._anchor
        self._mapping.close()
