"""Tab completion for the terminal REPL: command names, then each
command's arguments by kind (shell.table.Command.complete)."""

import os

from prompt_toolkit.completion import Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from minikern.kern.kern_sig import SIGNAL_NAMES
from minikern.programs import GUEST_PATH

from .cmd_kernel import syscall_names
from .table import COMMANDS


def guest_files(rootfs):
    """Every file of the guest's root, as guest paths."""
    paths = []
    for directory, _, files in os.walk(rootfs):
        guest_dir = "/" + os.path.relpath(directory, rootfs).lstrip(".")
        paths += [os.path.join(guest_dir, name) for name in files]
    return sorted(paths)


def program_names(rootfs):
    """Bare names found on the guest PATH, and every guest path."""
    files = guest_files(rootfs)
    names = {os.path.basename(f) for f in files if os.path.dirname(f) in GUEST_PATH}
    return sorted(names) + files


class ReplCompleter(Completer):
    def __init__(self, repl):
        self.repl = repl
        self.paths = PathCompleter(expanduser=True)

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        words = text.split()
        if not text.endswith(" ") and words:
            word = words.pop()
        else:
            word = ""
        if not words:
            yield from _matching(sorted(COMMANDS), word)
            return
        cmd = COMMANDS.get(words[0])
        if cmd is None or not cmd.complete:
            return
        position = min(len(words) - 1, len(cmd.complete) - 1)
        kind = cmd.complete[position]
        if kind == "hostfile" or (kind == "prog" and ("/" in word or "." in word)
                                  and not word.startswith("/")):
            yield from self.paths.get_completions(Document(word), complete_event)
            return
        yield from _matching(self.candidates(kind), word)

    def candidates(self, kind):
        repl = self.repl
        if kind == "command":
            return sorted(COMMANDS)
        if kind == "pid":
            return [str(pid) for pid in sorted(repl.kernel.procs)]
        if kind == "prog":
            return program_names(repl.rootfs)
        if kind == "syscall":
            return syscall_names()
        if kind == "signal":
            return [name[3:] for name in SIGNAL_NAMES.values()]
        if kind == "onoff":
            return ["on", "off"]
        return []


def _matching(candidates, word):
    for candidate in candidates:
        if candidate.startswith(word):
            yield Completion(candidate, start_position=-len(word))
