"""exec: replace a process's image with a static ELF64 x86-64 executable.

Each PT_LOAD segment becomes a map entry with the segment's protection
(text r-x, rodata r--, data rw-); bss is anonymous memory zero-filled on
demand; the stack is built at the top of the user address space with
argc, argv, envp and an auxiliary vector, as OpenBSD's exec_elf.c and
kern_exec.c lay it out.
"""

import struct

from isa.pmap import PROT_READ, PROT_WRITE, PROT_EXEC, PmapOutOfMemory
from isa.x86 import PAGE_SIZE, PAGE_MASK, PAGE_SHIFT

from ..ddb.db_sym import ExecFile
from ..sys.tracepoint import TP_PROC_EXEC
from ..uvm.uvm_anon import Anon
from ..uvm.uvm_amap import Amap
from ..uvm.uvm_map import Vmspace, VmMapEntry, VM_MIN_ADDRESS, VM_MAXUSER_ADDRESS
from .copy import copyin_strings, copyout
from ..sys.errno import Errno, ENOEXEC, ENOMEM, E2BIG, EJUSTRETURN
from ..sys.resource import lim_cur, RLIMIT_DATA, RLIMIT_STACK, MAXSSIZ
from .vfs_lookup import copyinpath, namei
from .vfs_vnops import vn_exec_check, vn_read_all
from .kern_sig import execsigs, single_thread_set

USRSTACK = VM_MAXUSER_ADDRESS       # the stack grows down from here
ARG_MAX = 256 * 1024                # bytes of argv + envp strings
SIGCODE_VA = USRSTACK - MAXSSIZ - 2 * PAGE_SIZE    # below a guard page

# The ELF file format (sys/exec_elf.h): the header and program headers.
ELF_HEADER = struct.Struct("<16sHHIQQQIHHHHHH")
PROGRAM_HEADER = struct.Struct("<IIQQQQQQ")
ELFCLASS64, ELFDATA2LSB, EV_CURRENT = 2, 1, 1
ET_EXEC, ET_DYN = 2, 3
EM_AMD64 = 62
PT_LOAD, PT_INTERP, PT_NOTE = 1, 3, 4
PF_X, PF_W, PF_R = 1, 2, 4
ELF_MAX_PHNUM = 128             # more program headers than any sane program has
MACHINE_NAMES = {3: "i386", 8: "MIPS", 20: "PowerPC", 21: "PowerPC64", 40: "ARM",
                 183: "AArch64", 243: "RISC-V"}

# What makes an executable a minikern one: crt0's note (name "minikern",
# type NT_MINIKERN_IDENT) in a PT_NOTE segment, as OpenBSD's "OpenBSD" note.
MINIKERN_NOTE = b"minikern"
NT_MINIKERN_IDENT = 1
OTHER_SYSTEMS = {b"GNU": "Linux", b"OpenBSD": "OpenBSD", b"NetBSD": "NetBSD",
                 b"FreeBSD": "FreeBSD", b"Go": "Go"}
# EI_OSABI: 0 (System V) is what Linux toolchains write, so it is the guess.
ELFOSABI_NAMES = {0: "Linux", 2: "NetBSD", 3: "Linux", 9: "FreeBSD", 12: "OpenBSD"}

# Sizes exec refuses (ENOMEM), as OpenBSD's exec_elf.c: text larger than
# MAXTSIZ, data and bss larger than RLIMIT_DATA.
MAXTSIZ = 256 << 20

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

    def sizes(self):
        """(text, data) bytes: the executable segments and the rest."""
        text = sum(memsz for _, memsz, _, prot, _ in self.segments if prot & PROT_EXEC)
        data = sum(memsz for _, memsz, _, prot, _ in self.segments if not prot & PROT_EXEC)
        return text, data


class ProgramHeader:
    def __init__(self, raw):
        (self.p_type, self.p_flags, self.p_offset, self.p_vaddr, _, self.p_filesz,
         self.p_memsz, _) = PROGRAM_HEADER.unpack(raw)


def _prot(flags):
    return ((PROT_READ if flags & PF_R else 0) | (PROT_WRITE if flags & PF_W else 0)
            | (PROT_EXEC if flags & PF_X else 0))


def read_elf(image):
    """Check and parse an executable; raise ExecFormatError if it is not a
    static ELF64 x86-64 minikern executable that fits in user space.
    Every offset and size in the file is checked against the file before
    it is used: the file may be anything a guest wrote."""
    header = _elf_header(image)
    (_, _, _, _, entry, phoff, _, _, _, phentsize, phnum, _, _, _) = header
    headers = [ProgramHeader(image[off:off + PROGRAM_HEADER.size])
               for off in range(phoff, phoff + phnum * phentsize, phentsize)]
    if any(h.p_type == PT_INTERP for h in headers):
        raise ExecFormatError("dynamically linked (has an interpreter)")
    segments = []
    phdr = 0
    for h in headers:
        if h.p_type != PT_LOAD or h.p_memsz == 0:
            continue
        _check_segment(h, len(image))
        data = image[h.p_offset:h.p_offset + h.p_filesz]
        segments.append((h.p_vaddr, h.p_memsz, data, _prot(h.p_flags), h.p_offset))
        if h.p_offset <= phoff < h.p_offset + h.p_filesz:
            phdr = h.p_vaddr + phoff - h.p_offset
    if not segments:
        raise ExecFormatError("no loadable segments")
    segments.sort()
    _check_layout(segments, entry)
    _check_minikern_note(image, header[0], headers)
    return ElfImage(entry, segments, phdr, phentsize, phnum)


def _elf_header(image):
    """The ELF header's fields, once they say the file is for this machine."""
    if image[:4] != b"\x7fELF":
        raise ExecFormatError("not an ELF file")
    if len(image) < ELF_HEADER.size:
        raise ExecFormatError("truncated ELF header")
    header = ELF_HEADER.unpack_from(image)
    ident, e_type, machine, version, _, phoff, _, _, _, phentsize, phnum = header[:11]
    if ident[4] != ELFCLASS64 or ident[5] != ELFDATA2LSB:
        raise ExecFormatError("not a 64-bit little-endian ELF file")
    if ident[6] != EV_CURRENT or version != EV_CURRENT:
        raise ExecFormatError("unknown ELF version")
    if machine != EM_AMD64:
        name = MACHINE_NAMES.get(machine, f"machine {machine}")
        raise ExecFormatError(f"built for {name}, not x86-64")
    if e_type != ET_EXEC:
        raise ExecFormatError("not a static executable (ET_EXEC)")
    if phentsize != PROGRAM_HEADER.size or not 0 < phnum <= ELF_MAX_PHNUM:
        raise ExecFormatError("malformed ELF file (bad program header table)")
    if phoff + phnum * phentsize > len(image):
        raise ExecFormatError("truncated: the program headers run past the end of the file")
    return header


def _notes(image, h):
    """(name, type, description) of each note in a PT_NOTE segment."""
    end = min(h.p_offset + h.p_filesz, len(image))
    at = h.p_offset
    while at + 12 <= end:
        namesz, descsz, ntype = struct.unpack_from("<III", image, at)
        name_at = at + 12
        desc_at = name_at + ((namesz + 3) & ~3)
        at = desc_at + ((descsz + 3) & ~3)
        if at > end:
            return
        yield image[name_at:name_at + namesz].rstrip(b"\0"), ntype, \
            image[desc_at:desc_at + descsz]


def _check_minikern_note(image, ident, headers):
    """Refuse an executable built for another system: a minikern program
    carries crt0's note (OpenBSD's exec_elf.c checks its own likewise)."""
    names = set()
    for h in headers:
        if h.p_type == PT_NOTE:
            for name, ntype, _ in _notes(image, h):
                if name == MINIKERN_NOTE and ntype == NT_MINIKERN_IDENT:
                    return
                names.add(name)
    system = next((OTHER_SYSTEMS[n] for n in sorted(names) if n in OTHER_SYSTEMS),
                  ELFOSABI_NAMES.get(ident[7], f"OS ABI {ident[7]}"))
    raise ExecFormatError(f"not a minikern executable ({system} ELF)")


def _check_segment(h, file_size):
    if h.p_filesz > h.p_memsz:
        raise ExecFormatError("segment larger in the file than in memory")
    if h.p_offset + h.p_filesz > file_size:
        raise ExecFormatError("truncated: a segment runs past the end of the file")
    # User space for a program: above page 0, below the signal trampoline
    # (and the stack above it).  The kernel half is never user space.
    if h.p_vaddr < VM_MIN_ADDRESS or h.p_vaddr + h.p_memsz > SIGCODE_VA:
        raise ExecFormatError("a segment lies outside the user address space")


def _check_layout(segments, entry):
    """Segments (sorted by address) may share a page but no byte, and the
    entry point must be in an executable one."""
    for (va, memsz, *_), (next_va, *_) in zip(segments, segments[1:]):
        if va + memsz > next_va:
            raise ExecFormatError("segments overlap")
    if not any(va <= entry < va + memsz and prot & PROT_EXEC
               for va, memsz, _, prot, _ in segments):
        raise ExecFormatError("the entry point is not in an executable segment")


def _build_vmspace(kernel, elf, uobj, stack_size):
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
        # The stack: RLIMIT_STACK of the MAXSSIZ reserved below USRSTACK.
        stack = VmMapEntry(USRSTACK - stack_size, USRSTACK, PROT_READ | PROT_WRITE,
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
    share a page (the segments are sorted by address)."""
    if any((vaddr - offset) & PAGE_MASK for vaddr, _, _, _, offset in elf.segments):
        return False
    return all(_page_end(vaddr, memsz) <= (next_vaddr & ~PAGE_MASK)
               for (vaddr, memsz, *_), (next_vaddr, *_)
               in zip(elf.segments, elf.segments[1:]))


def _round_page(size):
    return (size + PAGE_MASK) & ~PAGE_MASK


def _page_end(vaddr, memsz):
    """The end of the last page that [vaddr, vaddr + memsz) touches."""
    return _round_page(vaddr + memsz)


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
    unusual layout: copy its bytes into anonymous pages.  Only the pages
    that hold file bytes are filled now; bss costs nothing until touched,
    however large it is."""
    contents = _file_contents(elf)
    for start, end, prot in _page_ranges(elf.segments):
        entry = VmMapEntry(start, end, prot, name=_segment_name(prot))
        vm.map.insert(entry)
        _prefill(pages, entry, contents)


def _page_ranges(segments):
    """The segments' pages as (start, end, prot) ranges in address order.
    A page two segments share becomes a range of its own with both
    protections.  Segments share no byte, so only the page where one ends
    and the next begins can be shared."""
    ranges = []
    for vaddr, memsz, _, prot, _ in segments:
        start, end = vaddr & ~PAGE_MASK, _page_end(vaddr, memsz)
        if ranges and ranges[-1][1] > start:
            before_start, before_end, before_prot = ranges.pop()
            if before_end - PAGE_SIZE > before_start:
                ranges.append((before_start, before_end - PAGE_SIZE, before_prot))
            ranges.append((start, start + PAGE_SIZE, before_prot | prot))
            start += PAGE_SIZE
        if end > start:
            ranges.append((start, end, prot))
    return ranges


def _file_contents(elf):
    """Per page that holds file bytes: [(offset in the page, bytes)]."""
    contents = {}
    for vaddr, _, data, _, _ in elf.segments:
        pos = 0
        while pos < len(data):
            va = vaddr + pos
            n = min(PAGE_SIZE - (va & PAGE_MASK), len(data) - pos)
            contents.setdefault(va & ~PAGE_MASK, []).append(
                (va & PAGE_MASK, data[pos:pos + n]))
            pos += n
    return contents


def _segment_name(prot):
    if prot & PROT_EXEC:
        return "text"
    return "data" if prot & PROT_WRITE else "rodata"


def _prefill(pages, entry, contents):
    """Put the file's bytes into the entry's pages now (they become the
    entry's anons; the rest of the entry fills with zeros on demand)."""
    for va in sorted(contents):
        if not entry.start <= va < entry.end:
            continue
        pa = pages.alloc(zero=True)
        if pa is None:
            raise Errno(ENOMEM)
        for offset, data in contents[va]:
            pages.phys.write(pa + offset, data)
        if entry.amap is None:
            entry.amap = Amap()
        entry.amap.add((va - entry.start) >> PAGE_SHIFT, Anon(pa))


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
    text, data = elf.sizes()
    if text > MAXTSIZ or data > lim_cur(p, RLIMIT_DATA):
        raise Errno(ENOMEM)
    stack_size = max(_round_page(min(lim_cur(p, RLIMIT_STACK), MAXSSIZ)), PAGE_SIZE)
    vm = _build_vmspace(kernel, elf, uobj, stack_size)
    old, p.p_p.ps_vmspace = p.p_p.ps_vmspace, vm
    try:
        sp, block, strings_va, strings = _stack_image(USRSTACK, argv, envp, elf)
        copyout(p, strings, strings_va)
        copyout(p, block, sp)
    except BaseException:
        p.p_p.ps_vmspace = old
        vm.destroy()
        raise
    if old is not None:
        kernel.retire_vmspace(p, old)
    p.p_p.ps_argv = [a.decode(errors="replace") for a in argv]
    p.p_p.ps_comm = (p.p_p.ps_argv[0].rsplit("/", 1)[-1] if p.p_p.ps_argv else "?")[:16]
    p.p_md.setregs(elf.entry, sp)
    # Kept for the debuggers (symbols, source lines, gdb's exec-file).
    p.p_p.ps_image = ExecFile(path or (argv[0].decode(errors="replace") if argv else "?"), image)
    if TP_PROC_EXEC.listeners:
        TP_PROC_EXEC.fire(kernel, p.p_p)
    return elf


ARGV_MAX = 4096         # strings in argv or envp


def sys_execve(p, path, argv, envp):
    """Replace the program p's process runs with the file at path.
    Descriptors marked close-on-exec are closed, caught signals revert to
    their default action; pid, parent, other descriptors and the mask
    stay.  The process's other threads end once the new image is in
    place (a failed exec leaves them running); p goes on as its only
    thread, the main one."""
    name = copyinpath(p, path)
    args = copyin_strings(p, argv, ARGV_MAX, ARG_MAX) if argv else [name]
    env = copyin_strings(p, envp, ARGV_MAX, ARG_MAX) if envp else []
    vp = namei(p, name)
    vn_exec_check(vp)
    exec_image(p, vn_read_all(vp), args, env, vp.uobj, name.decode(errors="replace"))
    single_thread_set(p)
    p.p_p.ps_mainproc = p
    p.p_p.ps_fd.close_on_exec()
    execsigs(p)
    p.p_cpu.core.stop()      # the new image starts in the next slice
    return EJUSTRETURN
