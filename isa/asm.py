"""Thin wrappers over keystone (assembly) and capstone (disassembly), for
tests and the REPL's `disas`.  Intel syntax, 64-bit mode.  Both are imported
at first use: they take tens of milliseconds to load, and a machine that
never assembles or disassembles needs neither."""

from functools import lru_cache


class AsmError(ValueError):
    pass


@lru_cache(maxsize=1)
def _keystone():
    import keystone
    return keystone.Ks(keystone.KS_ARCH_X86, keystone.KS_MODE_64)


@lru_cache(maxsize=1)
def _capstone():
    import capstone
    return capstone.Cs(capstone.CS_ARCH_X86, capstone.CS_MODE_64)


def assemble(source, address=0):
    """Assemble newline-separated instructions (keystone rejects ';'
    comments, so '#' comments are stripped here) into bytes."""
    import keystone
    lines = [line.split("#", 1)[0].strip() for line in source.splitlines()]
    text = "\n".join(line for line in lines if line)
    try:
        encoding, _ = _keystone().asm(text, address)
    except keystone.KsError as e:
        raise AsmError(f"cannot assemble: {e}") from None
    return bytes(encoding or b"")


def disassemble(code, address=0, count=0):
    """A list of (address, size, mnemonic, operands)."""
    return [(insn.address, insn.size, insn.mnemonic, insn.op_str)
            for insn in _capstone().disasm(bytes(code), address, count)]
