"""exec: replace a process's image with a static ELF64 x86-64 executable.

Each PT_LOAD segment becomes a map entry with the segment's protection
(text r-x, rodata r--, data rw-); bss is anonymous memory zero-filled on
demand; the stack is built at the top of the user address space with
argc, argv, envp and an auxiliary vector, as OpenBSD's exec_elf.c and
kern_exec.c lay it out.
"""

import io
import struct

from elftools.common.exceptions import ELFError
from elftools.elf.elffile import ELFFile

from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC, PmapOutOfMemory
from isa.x86 import PAGE_SIZE, PAGE_MASK, RDI

from ..ddb.db_sym import ExecFile
from ..uvm.uvm_anon import Anon
from ..uvm.uvm_amap import Amap
from ..uvm.uvm_map import Vmspace, VmMapEntry, VM_MIN_ADDRESS, VM_MAXUSER_ADDRESS
from .copy import copyout
from .errno import Errno, ENOEXEC, ENOMEM, E2BIG, EJUSTRETURN

USRSTACK = VM_MAXUSER_ADDRESS       # the stack grows down from here
MAXSSIZ = 8 << 20                   # the stack's size (its pages are lazy)
ARG_MAX = 256 * 1024                # bytes of argv + envp strings
SIGCODE_VA = USRSTACK - MAXSSIZ - 2 * PAGE_SIZE    # below a guard page

PF_X, PF_W, PF_R = 1, 2, 4

AT_NULL, AT_PHDR, AT_PHENT, AT_PHNUM, AT_PAGESZ, AT_BASE, AT_FLAGS, AT_ENTRY = \
    0, 3, 4, 5, 6, 7, 8, 9


class ExecFormatError(Errno):
    """ENOEXEC, with a sentence saying what is wrong with the file."""

    def __init__(self, why):
        super().__init__(ENOEXEC)
        self.why = why

    def __str__(self):
        return self.why


class ElfImage:
    def __init__(self, entry, segments, phdr, phent, phnum):
        self.entry = entry
        self.segments = segments    # (vaddr, memsz, file bytes, prot, file offset)
        self.phdr = phdr
        self.phent = phent
        self.phnum = phnum


def _prot(flags):
    return ((PROT_READ if flags & PF_R else 0) | (PROT_WRITE if flags & PF_W else 0)
            | (PROT_EXEC if flags & PF_X else 0))


def read_elf(image):
    """Check and parse an executable; raise ExecFormatError if it is not a
    static ELF64 x86-64 executable that fits in user space."""
    if image[:4] != b"\x7fELF":
        raise ExecFormatError("not an ELF file")
    try:
        elf = ELFFile(io.BytesIO(image))
        if elf.elfclass != 64 or not elf.little_endian:
            raise ExecFormatError("not a 64-bit little-endian ELF file")
        if elf["e_machine"] != "EM_X86_64":
            raise ExecFormatError(f"built for {elf['e_machine']}, not x86-64")
        if elf["e_type"] != "ET_EXEC":
            raise ExecFormatError("not a static executable (ET_EXEC)")
        headers = [elf.get_segment(i).header for i in range(elf.num_segments())]
    except ELFError as e:
        raise ExecFormatError(f"malformed ELF file ({e})") from None
    except struct.error:
        raise ExecFormatError("truncated ELF file") from None
    segments = []
    phdr = 0
    for h in headers:
        if h.p_type == "PT_INTERP":
            raise ExecFormatError("dynamically linked (has an interpreter)")
        if h.p_type != "PT_LOAD" or h.p_memsz == 0:
            continue
        _check_segment(h, len(image))
        data = image[h.p_offset:h.p_offset + h.p_filesz]
        segments.append((h.p_vaddr, h.p_memsz, data, _prot(h.p_flags), h.p_offset))
        if h.p_offset <= elf["e_phoff"] < h.p_offset + h.p_filesz:
            phdr = h.p_vaddr + elf["e_phoff"] - h.p_offset
    if not segments:
        raise ExecFormatError("no loadable segments")
    return ElfImage(elf["e_entry"], segments, phdr, elf["e_phentsize"], elf["e_phnum"])


def _check_segment(h, file_size):
    if h.p_filesz > h.p_memsz:
        raise ExecFormatError("segment larger in the file than in memory")
    if h.p_offset + h.p_filesz > file_size:
        raise ExecFormatError("truncated: a segment runs past the end of the file")
    if h.p_vaddr < VM_MIN_ADDRESS or h.p_vaddr + h.p_memsz > USRSTACK - MAXSSIZ:
        raise ExecFormatError("a segment lies outside the user address space")


def _page_layout(elf):
    """Per page: its protection (the union of the segments touching it)
    and the file bytes it starts with (None for pure bss)."""
    prots = {}
    contents = {}
    for vaddr, memsz, data, prot, _ in elf.segments:
        first = vaddr & ~PAGE_MASK
        for va in range(first, vaddr + memsz, PAGE_SIZE):
            prots[va] = prots.get(va, 0) | prot
        pos = 0
        while pos < len(data):
            va = vaddr + pos
            n = min(PAGE_SIZE - (va & PAGE_MASK), len(data) - pos)
            contents.setdefault(va & ~PAGE_MASK, []).append(
                (va & PAGE_MASK, data[pos:pos + n]))
            pos += n
    return prots, contents


def _build_vmspace(kernel, elf, uobj):
    pages = kernel.pages
    try:
        vm = Vmspace(pages, kernel.locore.kernel_pmap)
    except PmapOutOfMemory:
        raise Errno(ENOMEM) from None
    try:
        if uobj is not None and _maps_cleanly(elf):
            for segment in elf.segments:
                _map_segment(vm, pages, uobj, *segment)
        else:
            _copy_segments(vm, pages, elf)
        stack = VmMapEntry(USRSTACK - MAXSSIZ, USRSTACK, PROT_READ | PROT_WRITE,
                           name="stack")
        vm.map.insert(stack)
        kernel.sigcode.reference()
        vm.map.insert(VmMapEntry(SIGCODE_VA, SIGCODE_VA + PAGE_SIZE,
                                 PROT_READ | PROT_EXEC, PROT_READ | PROT_EXEC,
                                 obj=kernel.sigcode, copy_on_write=False,
                                 name="sigcode"))
    except BaseException:
        vm.destroy()
        raise
    return vm


def _maps_cleanly(elf):
    """Can each segment be mapped from the file's own pages?  Its file
    offset must be page-aligned like its address, and no two segments may
    share a page."""
    seen = set()
    for vaddr, memsz, _, _, offset in elf.segments:
        if (vaddr - offset) & PAGE_MASK:
            return False
        pages = set(range(vaddr & ~PAGE_MASK, vaddr + memsz, PAGE_SIZE))
        if pages & seen:
            return False
        seen |= pages
    return True


def _map_segment(vm, pages, uobj, vaddr, memsz, data, prot, offset):
    """uvm_mmapfile of one segment: whole file pages from the vnode's
    object (private: text shared read-only, data copied on first write),
    the page where the file's bytes end as a private copy (what follows
    in the file must not show through), and the bss zero-filled."""
    start = vaddr & ~PAGE_MASK
    file_end = vaddr + len(data)
    whole_end = file_end & ~PAGE_MASK
    name = _segment_name(prot)
    if whole_end > start:
        uobj.reference()
        vm.map.insert(VmMapEntry(start, whole_end, prot, obj=uobj,
                                 offset=offset - (vaddr - start), name=name))
    cursor = max(start, whole_end)
    if file_end & PAGE_MASK:
        entry = VmMapEntry(cursor, cursor + PAGE_SIZE, prot, name=name)
        vm.map.insert(entry)
        tail = data[cursor - vaddr:] if cursor >= vaddr else data
        _prefill(pages, entry, {cursor: [((vaddr - cursor) if cursor < vaddr else 0, tail)]})
        cursor += PAGE_SIZE
    end = (vaddr + memsz + PAGE_MASK) & ~PAGE_MASK
    if end > cursor:
        vm.map.insert(VmMapEntry(cursor, end, prot, name="bss"))


def _copy_segments(vm, pages, elf):
    """An image with no file behind it (loaded from the host) or with an
    unusual layout: copy its bytes into anonymous pages."""
    prots, contents = _page_layout(elf)
    for start, end, prot in _runs(prots):
        entry = VmMapEntry(start, end, prot, name=_segment_name(prot))
        vm.map.insert(entry)
        _prefill(pages, entry, contents)


def _segment_name(prot):
    if prot & PROT_EXEC:
        return "text"
    return "data" if prot & PROT_WRITE else "rodata"


def _runs(prots):
    """Group consecutive pages of equal protection into ranges."""
    run = None
    for va in sorted(prots):
        if run and run[1] == va and run[2] == prots[va]:
            run[1] += PAGE_SIZE
            continue
        if run:
            yield tuple(run)
        run = [va, va + PAGE_SIZE, prots[va]]
    if run:
        yield tuple(run)


def _prefill(pages, entry, contents):
    """Put the file's bytes into the entry's pages now (they become the
    entry's anons; the rest of the entry fills with zeros on demand)."""
    for va in range(entry.start, entry.end, PAGE_SIZE):
        pieces = contents.get(va)
        if not pieces:
            continue
        pa = pages.alloc(zero=True)
        if pa is None:
            raise Errno(ENOMEM)
        for offset, data in pieces:
            pages.phys.write(pa + offset, data)
        if entry.amap is None:
            entry.amap = Amap()
        entry.amap.add((va - entry.start) >> 12, Anon(pa))


def _stack_image(top, argv, envp, elf):
    """The initial stack: strings at the top, then (growing down) the
    auxiliary vector, envp, argv and argc at the new stack pointer."""
    strings = bytearray()
    offsets = []
    for s in argv + envp:
        offsets.append(len(strings))
        strings += s + b"\0"
    if len(strings) > ARG_MAX:
        raise Errno(E2BIG)
    strings_va = (top - len(strings)) & ~0xF
    pointers = [strings_va + off for off in offsets]
    auxv = [AT_PHDR, elf.phdr, AT_PHENT, elf.phent, AT_PHNUM, elf.phnum,
            AT_PAGESZ, PAGE_SIZE, AT_BASE, 0, AT_FLAGS, 0, AT_ENTRY, elf.entry,
            AT_NULL, 0]
    words = ([len(argv)] + pointers[:len(argv)] + [0] + pointers[len(argv):] + [0]
             + auxv)
    sp = (strings_va - 8 * len(words)) & ~0xF
    block = struct.pack(f"<{len(words)}Q", *words)
    return sp, block, strings_va, bytes(strings)


def exec_image(p, image, argv, envp, uobj=None, path=None):
    """Give p a new address space running image (whose pages are uobj's,
    if it came from a file, at path).  On any error the old image is left
    as it was."""
    kernel = p.kernel
    elf = read_elf(image)
    vm = _build_vmspace(kernel, elf, uobj)
    old, p.vmspace = p.vmspace, vm
    try:
        sp, block, strings_va, strings = _stack_image(USRSTACK, argv, envp, elf)
        copyout(p, strings, strings_va)
        copyout(p, block, sp)
    except BaseException:
        p.vmspace = old
        vm.destroy()
        raise
    if old is not None:
        kernel.retire_vmspace(p, old)
    p.argv = [a.decode(errors="replace") for a in argv]
    p.comm = (p.argv[0].rsplit("/", 1)[-1] if p.argv else "?")[:16]
    p.context = None
    p.resume_context = None
    p.entry = (elf.entry, sp, [(RDI, sp)])
    # Kept for the debuggers (symbols, source lines, gdb's exec-file).
    p.image = ExecFile(path or (argv[0].decode(errors="replace") if argv else "?"), image)
    return elf


ARGV_MAX = 4096         # strings in argv or envp


def sys_execve(p, path, argv, envp):
    """Replace the program p runs with the file at path.  Descriptors
    marked close-on-exec are closed, caught signals revert to their
    default action; pid, parent, other descriptors and the mask stay."""
    from .copy import copyin_strings
    from .vfs_lookup import copyinpath, namei
    from .vfs_vnops import vn_exec_check, vn_read_all
    from .kern_sig import execsigs
    name = copyinpath(p, path)
    args = copyin_strings(p, argv, ARGV_MAX, ARG_MAX) if argv else [name]
    env = copyin_strings(p, envp, ARGV_MAX, ARG_MAX) if envp else []
    vp = namei(p, name)
    vn_exec_check(vp)
    exec_image(p, vn_read_all(vp), args, env, vp.uobj, name.decode(errors="replace"))
    p.fd.close_on_exec()
    execsigs(p)
    p.fresh_image = True
    p.core.core.stop()      # the new image starts in the next slice
    return EJUSTRETURN
