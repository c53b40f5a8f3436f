"""Lab regions: the code a student writes, marked in the reference sources.

A region is reference code between three comment lines; the same format in
Python (`#`), C (`//`) and syscalls.master (`;`):

    # LAB lazy BEGIN: one line saying what the student writes here
    ...reference code...
    # LAB lazy STARTER
    #| raise NotImplementedError("lab lazy: zero-fill the page")
    # LAB lazy END

The reference tree runs the reference code: the markers and the starter
lines (`#| ...`, `//| ...`) are comments.  Cutting the tree for lab `lazy`
replaces each of its regions by a `TODO(lab lazy): ...` comment and the
starter lines (the text after `#| ` or `//| `, at the starter line's
indentation); the other labs' regions keep their reference code and lose
their marker lines.  The STARTER part may be empty: the region is removed.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

# The files markers may be in, and their comment leader.
COMMENT = {".py": "#", ".c": "//", ".h": "//", ".master": ";"}

_LEADER = "#|//|;"
_MARKER = re.compile(rf"^(?P<indent>[ \t]*)(?P<leader>{_LEADER}) LAB (?P<lab>\S+) "
                     r"(?P<kind>BEGIN|STARTER|END)(?P<rest>.*)$")
_STARTER_LINE = re.compile(rf"^(?P<indent>[ \t]*)(?P<leader>{_LEADER})\|(?: (?P<text>.*))?$")
# Anything that looks meant as a marker but is not one (a typo, say).
_ALMOST = re.compile(rf"^[ \t]*({_LEADER})\s*LAB\b")


class MarkerError(Exception):
    """A malformed region: str() is `path:line: what is wrong`."""


@dataclass
class Region:
    lab: str
    summary: str            # what the student writes (the BEGIN line's text)
    begin: int              # line numbers (1-based) of the three markers
    starter: int
    end: int
    indent: str
    starter_lines: list = field(default_factory=list)   # the student's code


def parse(text, path="<text>", leader=None):
    """The regions of one file's text; raise MarkerError on a bad one."""
    regions, open_region = [], None
    for number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{number}"
        m = _MARKER.match(line)
        if m is None:
            if _ALMOST.match(line) and not _STARTER_LINE.match(line):
                raise MarkerError(f"{where}: not a LAB marker (expected "
                                  "'LAB NAME BEGIN: ...', 'STARTER' or 'END')")
            if open_region is not None and open_region.starter:
                s = _STARTER_LINE.match(line)
                if s is None:
                    raise MarkerError(f"{where}: lab {open_region.lab}: between STARTER "
                                      f"and END every line is a starter line ('{leader or '#'}| ...')")
                open_region.starter_lines.append((s["indent"], s["text"] or ""))
            continue
        if leader is not None and m["leader"] != leader:
            raise MarkerError(f"{where}: a {leader} comment is expected in this file")
        lab, kind = m["lab"], m["kind"]
        if kind == "BEGIN":
            if open_region is not None:
                raise MarkerError(f"{where}: lab {lab} BEGIN inside lab "
                                  f"{open_region.lab}'s region (line {open_region.begin}): "
                                  "regions do not nest")
            summary = m["rest"].removeprefix(":").strip()
            if not m["rest"].startswith(":") or not summary:
                raise MarkerError(f"{where}: 'LAB {lab} BEGIN: ...' says what the "
                                  "student writes here")
            if not re.fullmatch(r"[a-z][a-z0-9_]*", lab):
                raise MarkerError(f"{where}: {lab!r} is not a lab name (a-z, 0-9, _)")
            open_region = Region(lab, summary, number, 0, 0, m["indent"])
            continue
        if m["rest"].strip():
            raise MarkerError(f"{where}: nothing follows 'LAB {lab} {kind}'")
        if open_region is None or open_region.lab != lab:
            inside = f" (lab {open_region.lab}'s region is open)" if open_region else ""
            raise MarkerError(f"{where}: lab {lab} {kind} without its BEGIN{inside}")
        if kind == "STARTER":
            if open_region.starter:
                raise MarkerError(f"{where}: lab {lab}: a second STARTER")
            open_region.starter = number
        else:
            if not open_region.starter:
                raise MarkerError(f"{where}: lab {lab}: END before STARTER")
            open_region.end = number
            regions.append(open_region)
            open_region = None
    if open_region is not None:
        raise MarkerError(f"{path}:{open_region.begin}: lab {open_region.lab}: "
                          "BEGIN without END")
    return regions


def render(text, lab, path="<text>"):
    """The file as the student of `lab` gets it: that lab's regions cut to
    their starter text, every other region's markers dropped (its
    reference code stays)."""
    regions = parse(text, path)
    if not regions:
        return text
    lines = text.splitlines(keepends=True)
    out, i = [], 0
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    for r in regions:
        out += lines[i:r.begin - 1]
        if r.lab == lab:
            leader = _MARKER.match(lines[r.begin - 1])["leader"]
            out.append(f"{r.indent}{leader} TODO(lab {lab}): {r.summary}{newline}")
            out += [f"{indent}{text}{newline}" if text else newline
                    for indent, text in r.starter_lines]
        else:
            out += lines[r.begin:r.starter - 1]         # the reference code
        i = r.end
    out += lines[i:]
    return "".join(out)


def strip(text, path="<text>"):
    """The file with every region's reference code and no markers."""
    return render(text, None, path)


def marked_files(root):
    """Every file under root (a source tree) that may hold markers."""
    lab_package = Path(root) / "minikern" / "lab"     # it talks about markers
    for top in ("minikern", "isa", "shell", "userland"):
        for path in sorted((Path(root) / top).rglob("*")):
            if (path.suffix in COMMENT and path.is_file() and "__pycache__" not in path.parts
                    and lab_package not in path.parents):
                yield path


def scan(root, known_labs):
    """{lab: [(relative path, Region)]} over a source tree, and a list of
    problems (`path:line: what`): malformed markers, unknown lab names."""
    found, problems = {}, []
    for path in marked_files(root):
        rel = path.relative_to(root).as_posix()
        text = path.read_text(errors="replace")
        if " LAB " not in text:
            continue
        try:
            regions = parse(text, rel, COMMENT[path.suffix])
        except MarkerError as e:
            problems.append(str(e))
            continue
        for r in regions:
            if r.lab not in known_labs:
                problems.append(f"{rel}:{r.begin}: no lab is named {r.lab!r} "
                                f"(labs: {', '.join(sorted(known_labs))})")
            found.setdefault(r.lab, []).append((rel, r))
    for lab in sorted(known_labs):
        if lab not in found:
            problems.append(f"lab {lab}: no region is marked for it")
    return found, problems
