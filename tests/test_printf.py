"""libc's printf, checked case by case against Python's % operator.

The guest program /usr/tests/printftest formats a table of cases and
prints each with its format and arguments; here every result is compared
with what Python's % operator gives for the same conversion.  C and
Python differ in a few corners (C's length modifiers, unsigned types,
%#o, %.0d of 0, ...): c_printf() below spells each of those out.
"""

import math
import re
import struct

import pytest

PROGRAM = "/usr/tests/printftest"

CONVERSION = re.compile(
    r"%(?P<flags>[-+ #0]*)(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?"
    r"(?P<length>hh|h|ll|l|z|j|t)?(?P<conv>[diuoxXfFeEgGscp])(?P<tail>.*)")

# Bits of the argument a length modifier selects (int when there is none).
LENGTH_BITS = {"hh": 8, "h": 16, None: 32, "l": 64, "ll": 64, "z": 64,
               "j": 64, "t": 64}


def to_signed(value, bits):
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def spec_text(flags, width, precision):
    """The part of a Python % conversion between the % and the letter."""
    text = flags + (str(width) if width else "")
    return text if precision is None else text + ".%d" % precision


def integer_format(flags, width, precision, conv, value):
    """C's %d %i %u %o %x %X through Python's %."""
    if precision is not None:           # C: a precision disables '0'
        flags = flags.replace("0", "")
    if conv in "uoxX":                  # C: no sign for unsigned types
        flags = flags.replace("+", "").replace(" ", "")
    if "#" in flags and conv in "xX" and value == 0:
        flags = flags.replace("#", "")  # C: no 0x in front of 0
    if "#" in flags and conv == "o":    # C: "0" in front, Python "0o"
        flags = flags.replace("#", "")
        if value != 0:
            need = len("%o" % value) + 1
            if precision is None and "0" in flags and "-" not in flags:
                width = max(width, need)
            else:
                precision = max(precision or 0, need)
        elif precision == 0:
            precision = None            # C: %#.0o of 0 is "0"
    if precision == 0 and value == 0:   # C: no digits at all
        sign = "+" if "+" in flags else " " if " " in flags else ""
        return "%*s" % (-width if "-" in flags else width, sign)
    return ("%" + spec_text(flags, width, precision)
            + ("d" if conv in "iu" else conv)) % value


def c_printf(fmt, kind, stars, value):
    """What C's printf must give for `fmt` applied to the arguments."""
    m = CONVERSION.fullmatch(fmt)
    assert m, f"printftest sent a format this test cannot read: {fmt!r}"
    flags, conv = m["flags"], m["conv"]
    stars = list(stars)
    width = stars.pop(0) if m["width"] == "*" else int(m["width"] or 0)
    if width < 0:                       # a negative '*' width means '-'
        flags, width = flags + "-", -width
    precision = m["precision"]
    if precision == "*":
        precision = stars.pop(0)
        precision = None if precision < 0 else precision
    elif precision is not None:
        precision = int(precision or 0)
    if kind == "i":
        bits = LENGTH_BITS[m["length"]]
        value = to_signed(value, bits) if conv in "di" else value & ((1 << bits) - 1)
        text = integer_format(flags, width, precision, conv, value)
    elif kind == "f":
        number = struct.unpack("<d", struct.pack("<Q", value))[0]
        if not math.isfinite(number):   # C pads inf and nan with spaces
            flags = flags.replace("0", "")
        text = ("%" + spec_text(flags, width, precision) + conv) % number
    elif kind == "c":
        text = ("%" + spec_text(flags, width, None) + "c") % value
    elif kind == "p":                   # OpenBSD: 0x and the hex digits
        digits = "%x" % value if precision is None else "%.*x" % (precision, value)
        text = ("%" + spec_text(flags, width, None) + "s") % ("0x" + digits)
    else:
        text = ("%" + spec_text(flags, width, precision) + "s") % value
    return text + m["tail"]


def parse_case(line):
    """(index, format, kind, star arguments, value, result) of one line."""
    index, fmt, kind, args, result = line.split("\t", 4)
    nstars = fmt.count("*")
    parts = args.split(",", nstars)
    stars = [to_signed(int(p, 16), 64) for p in parts[:nstars]]
    value = parts[nstars] if kind == "s" else int(parts[nstars], 16)
    return int(index), fmt, kind, stars, value, result


_output = {}


@pytest.fixture
def cases(run_guest):
    """The parsed lines of one printftest run (run once per session)."""
    if "cases" not in _output:
        result = run_guest([PROGRAM])
        assert result.status == 0, result.output[-2000:]
        *lines, summary = result.output.decode().rstrip("\n").split("\n")
        assert summary == f"{len(lines)} cases"
        _output["cases"] = [parse_case(line) for line in lines]
    return _output["cases"]


def test_cases_are_numbered_in_order(cases):
    assert [c[0] for c in cases] == list(range(len(cases)))
    assert len(cases) >= 1500


def test_every_conversion_flag_and_modifier_is_covered(cases):
    formats = [CONVERSION.fullmatch(c[1]) for c in cases]
    assert set("diuoxXfFeEgGscp") <= {m["conv"] for m in formats}
    assert set("-+ #0") <= set("".join(m["flags"] for m in formats))
    assert {"hh", "h", "l", "ll", "z", "j", "t"} <= {m["length"] for m in formats}
    assert {"*"} <= {m["width"] for m in formats} & {m["precision"] for m in formats}


def test_every_case_matches_python(cases):
    wrong = []
    for index, fmt, kind, stars, value, result in cases:
        expected = c_printf(fmt, kind, stars, value)
        if result != expected:
            wrong.append(f"case {index}: {fmt!r} of {kind} {stars} {value!r}: "
                         f"got {result!r}, want {expected!r}")
    assert not wrong, f"{len(wrong)} of {len(cases)} wrong:\n" + "\n".join(wrong[:30])


@pytest.mark.parametrize("fmt, args, want", [
    ("%#o", (8,), "010"),
    ("%#.0o", (0,), "0"),
    ("%#x", (0,), "0"),
    ("%.0d", (0,), ""),
    ("%+.0d|", (0,), "+|"),
    ("%5.3d", (-7,), " -007"),
    ("%u", (-1,), "4294967295"),
    ("%hhd", (255,), "-1"),
    ("%#06x", (255,), "0x00ff"),
    ("%.3e", (2.5e-5,), "2.500e-05"),
    ("%#.3g", (999.9996,), "1.00e+03"),      # glibc prints 1.e+03 here
    ("%06f", (math.inf,), "   inf"),
])
def test_model_knows_c_rules(fmt, args, want):
    """The Python model of C's printf on cases checked by hand, so a wrong
    model cannot make wrong libc output look right."""
    kind = "f" if isinstance(args[-1], float) else "i"
    value = args[-1]
    if kind == "f":
        value = struct.unpack("<Q", struct.pack("<d", value))[0]
    else:
        value &= (1 << 64) - 1
    assert c_printf(fmt, kind, [], value) == want
