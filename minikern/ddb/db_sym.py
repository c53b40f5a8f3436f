"""Symbols and source lines of a guest executable (OpenBSD's db_sym.c,
with DWARF for the lines and the call frames).

exec keeps the executable's bytes (p.ps_image, an ExecFile); the tools ask
it for a SymbolTable, parsed with pyelftools on first use and shared by
every process running the same bytes.  Only what is asked for is
decoded: the ELF symbol table at once (small), a compilation unit's line
program when an address in it is looked up (found through
.debug_aranges), all of them only for `break file.c:LINE`.
"""

import bisect
import hashlib
import io
import os

from elftools.common.exceptions import ELFError, DWARFError
from elftools.dwarf.callframe import FDE
from elftools.elf.elffile import ELFFile

SYMTABS_KEPT = 16       # parsed executables kept (each a few hundred KB)


class ExecFile:
    """What exec keeps of a program for the debuggers: its path as the
    process named it and the bytes it was loaded from."""

    def __init__(self, path, image):
        self.path = path
        self.image = image
        self._symtab = None

    def symtab(self):
        if self._symtab is None:
            self._symtab = symtab_for(hashlib.sha1(self.image).digest(), self.image)
        return self._symtab


_parsed = {}     # sha1 of an image -> its SymbolTable (the most recent few)


def symtab_for(digest, image):
    """The SymbolTable of image (bytes whose sha1 is digest)."""
    table = _parsed.pop(digest, None)
    if table is None:
        table = SymbolTable(image)
    _parsed[digest] = table             # now the most recently used
    while len(_parsed) > SYMTABS_KEPT:
        del _parsed[next(iter(_parsed))]
    return table


class Symbol:
    __slots__ = ("name", "value", "size", "kind")

    def __init__(self, name, value, size, kind):
        self.name, self.value, self.size, self.kind = name, value, size, kind

    def __repr__(self):
        return f"<{self.kind} {self.name} {self.value:#x}+{self.size}>"


class LineRow:
    """One row of a line table: code from address on is this source line."""
    __slots__ = ("address", "path", "line", "is_stmt", "end")

    def __init__(self, address, path, line, is_stmt, end):
        self.address, self.path, self.line = address, path, line
        self.is_stmt, self.end = is_stmt, end


class SymbolTable:
    def __init__(self, image):
        self.elf = ELFFile(io.BytesIO(image))
        self.by_name = {}
        funcs = []
        for sym in self._elf_symbols():
            self.by_name.setdefault(sym.name, sym)
            if sym.kind == "func":
                funcs.append(sym)
        # Every named code or data symbol, by address, for addr -> name.
        self.sorted = sorted(self.by_name.values(), key=lambda s: (s.value, s.kind != "func"))
        self.addresses = [s.value for s in self.sorted]
        self.functions = sorted(funcs, key=lambda s: s.value)
        self._dwarf = None
        self._lines = {}            # CU offset -> [LineRow] sorted by address
        self._aranges = None
        self._all_lines = None
        self._cfi = None

    def _elf_symbols(self):
        table = self.elf.get_section_by_name(".symtab")
        if table is None:
            return
        kinds = {"STT_FUNC": "func", "STT_OBJECT": "object"}
        for s in table.iter_symbols():
            kind = kinds.get(s["st_info"]["type"])
            if kind and s.name and s["st_shndx"] != "SHN_UNDEF":
                yield Symbol(s.name, s["st_value"], s["st_size"], kind)

    # -- names ----------------------------------------------------------

    def lookup(self, name):
        """The Symbol called name, or None."""
        return self.by_name.get(name)

    def symbol_at(self, addr):
        """The symbol whose extent holds addr (or the nearest one below it
        that has no size), or None."""
        i = bisect.bisect_right(self.addresses, addr) - 1
        while i >= 0:
            sym = self.sorted[i]
            if addr < sym.value + max(sym.size, 1) or sym.size == 0:
                return sym
            if sym.value + sym.size <= addr and (i == 0 or self.sorted[i - 1].value < sym.value):
                return None
            i -= 1
        return None

    def describe(self, addr):
        """'main+0x1c', 'counter', or '' when no symbol holds addr."""
        sym = self.symbol_at(addr)
        if sym is None:
            return ""
        off = addr - sym.value
        return sym.name if off == 0 else f"{sym.name}+{off:#x}"

    # -- DWARF: source lines ----------------------------------------------

    @property
    def dwarf(self):
        if self._dwarf is None:
            self._dwarf = self.elf.get_dwarf_info() if self.elf.has_dwarf_info() else False
        return self._dwarf

    def line_at(self, addr):
        """(path, line) of the source line holding code address addr, or None."""
        rows = self._rows_for(addr)
        if not rows:
            return None
        i = bisect.bisect_right([r.address for r in rows], addr) - 1
        if i < 0 or rows[i].end:
            return None
        return rows[i].path, rows[i].line

    def _rows_for(self, addr):
        cu_offset = self._cu_offset_at(addr)
        if cu_offset is None:
            return None
        if cu_offset not in self._lines:
            self._lines[cu_offset] = self._decode_cu(self.dwarf.get_CU_at(cu_offset))
        return self._lines[cu_offset]

    def _cu_offset_at(self, addr):
        if not self.dwarf:
            return None
        if self._aranges is None:
            self._aranges = self._cu_ranges()
        i = bisect.bisect_right(self._aranges, (addr, float("inf"))) - 1
        if i >= 0 and addr < self._aranges[i][1]:
            return self._aranges[i][2]
        return None

    def _cu_ranges(self):
        """Sorted (start, end, CU offset) of the code of every unit, from
        the units' own low_pc/high_pc or ranges (.debug_aranges misses
        some).  Ranges at 0 are functions the linker dropped."""
        out = []
        ranges = None
        for cu in self.dwarf.iter_CUs():
            top = cu.get_top_DIE()
            attrs = top.attributes
            if "DW_AT_ranges" in attrs:
                ranges = ranges or self.dwarf.range_lists()
                spans = [(r.begin_offset, r.end_offset)
                         for r in ranges.get_range_list_at_offset(
                             attrs["DW_AT_ranges"].value, cu=cu)
                         if hasattr(r, "begin_offset")]
            elif "DW_AT_low_pc" in attrs and "DW_AT_high_pc" in attrs:
                low = attrs["DW_AT_low_pc"].value
                high = attrs["DW_AT_high_pc"]
                end = high.value if high.form == "DW_FORM_addr" else low + high.value
                spans = [(low, end)]
            else:
                spans = []
            out += [(lo, hi, cu.cu_offset) for lo, hi in spans if lo and hi > lo]
        return sorted(out)

    def _decode_cu(self, cu):
        program = self.dwarf.line_program_for_CU(cu)
        if program is None:
            return []
        top = cu.get_top_DIE()
        comp_dir = _text(top.attributes.get("DW_AT_comp_dir"))
        paths = _file_paths(program, comp_dir)
        rows = []
        for entry in program.get_entries():
            st = entry.state
            if st is None:
                continue
            rows.append(LineRow(st.address, paths.get(st.file, "?"), st.line,
                                st.is_stmt, st.end_sequence))
        rows.sort(key=lambda r: (r.address, not r.end))
        return rows

    def all_lines(self):
        """Every line row of the program (decodes every unit, once)."""
        if self._all_lines is None:
            rows = []
            if self.dwarf:
                for cu in self.dwarf.iter_CUs():
                    if cu.cu_offset not in self._lines:
                        self._lines[cu.cu_offset] = self._decode_cu(cu)
                    rows += self._lines[cu.cu_offset]
            self._all_lines = rows
        return self._all_lines

    def line_address(self, filename, line):
        """(address, line) of the first code for filename:line, or for the
        next line that has code; None if the file has no such line."""
        best = None
        for row in self.all_lines():
            if row.end or not row.is_stmt or row.line < line:
                continue
            if not _same_file(row.path, filename):
                continue
            key = (row.line, row.address)
            if best is None or key < best:
                best = key
        return None if best is None else (best[1], best[0])

    # -- DWARF: call frames ------------------------------------------------

    def frame_rule(self, pc):
        """The decoded CFI row for pc: (cfa register, cfa offset,
        {dwarf register: offset from the CFA where it is saved}), or None."""
        tables = self._cfi_tables()
        i = bisect.bisect_right(tables, (pc, float("inf"))) - 1
        if i < 0 or pc >= tables[i][1]:
            return None
        return _row_for(tables[i][2].get_decoded().table, pc)

    def _cfi_tables(self):
        """Sorted (start, end, FDE) of the .debug_frame entries."""
        if self._cfi is None:
            self._cfi = []
            if self.dwarf and self.dwarf.has_CFI():
                try:
                    for entry in self.dwarf.CFI_entries():
                        start = entry.header.get("initial_location")
                        if isinstance(entry, FDE) and start:    # 0: dropped by the linker
                            self._cfi.append((start, start + entry.header["address_range"],
                                              entry))
                except (DWARFError, ELFError):
                    pass
            self._cfi.sort(key=lambda t: t[:2])
        return self._cfi


def _row_for(rows, pc):
    row = None
    for r in rows:
        if r["pc"] > pc:
            break
        row = r
    if row is None or row["cfa"].reg is None:
        return None
    saved = {reg: rule.arg for reg, rule in row.items()
             if isinstance(reg, int) and getattr(rule, "type", None) == "OFFSET"}
    return row["cfa"].reg, row["cfa"].offset, saved


def _text(attr):
    if attr is None:
        return ""
    value = attr.value
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)


def _file_paths(program, comp_dir):
    """{file index: path} of a line program (DWARF 5 counts from 0, the
    older versions from 1)."""
    header = program.header
    dirs = [d.decode(errors="replace") if isinstance(d, bytes) else str(d)
            for d in header["include_directory"]]
    first = 0 if header["version"] >= 5 else 1
    if first == 1:
        dirs = [comp_dir] + dirs
    paths = {}
    for i, entry in enumerate(header["file_entry"]):
        name = entry.name.decode(errors="replace")
        folder = dirs[entry.dir_index] if entry.dir_index < len(dirs) else ""
        if not os.path.isabs(folder):
            folder = os.path.join(comp_dir, folder)
        paths[i + first] = os.path.normpath(os.path.join(folder, name))
    return paths


def _same_file(path, filename):
    """Does the line table's path name the file the user typed?"""
    return path == filename or path.endswith("/" + filename.lstrip("/"))


def where(symtab, addr):
    """'main+0x1c (crash.c:9)', 'main+0x1c', or '' with nothing known."""
    if symtab is None:
        return ""
    text = symtab.describe(addr)
    line = symtab.line_at(addr)
    if line is not None:
        text += f" ({os.path.basename(line[0])}:{line[1]})"
    return text.strip()


def proc_symtab(pr):
    """Process pr's SymbolTable, or None (no image kept, or not an ELF we
    can read)."""
    execfile = pr.ps_image
    if execfile is None:
        return None
    try:
        return execfile.symtab()
    except (ELFError, DWARFError, ValueError):
        return None


def fault_place(pr, rip):
    """Where a crash in process pr happened, for the kernel's one-line
    message: 'in main (crash.c:9)', 'in main+0x1c', or '(rip 0x4023e0)'."""
    symtab = proc_symtab(pr)
    sym = symtab.symbol_at(rip) if symtab is not None else None
    if sym is None or sym.kind != "func":
        return f"(rip {rip:#x})"
    line = symtab.line_at(rip)
    if line is None:
        return f"in {symtab.describe(rip)}"
    return f"in {sym.name} ({os.path.basename(line[0])}:{line[1]})"
