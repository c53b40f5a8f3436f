"""Tab completion for the terminal REPL: command names, then each
command's arguments by kind (shell.table.Command.complete)."""

from prompt_toolkit.completion import Completer, Completion, PathCompleter
from prompt_toolkit.document import Document

from minikern.ddb.db_interface import SIGNAL_NAMES, VDIR, Errno, list_dir, syscall_names
from minikern.programs import GUEST_PATH

from .table import COMMANDS


def guest_paths(kernel, word):
    """Guest paths completing word (a directory gets a trailing /)."""
    directory, _, _ = word.rpartition("/")
    try:
        entries = list_dir(kernel, directory or "/")
    except Errno:
        return []
    return [f"{directory}/{name}" + ("/" if vp.type == VDIR else "")
            for name, vp in entries]


def program_names(kernel):
    """The names of the programs on the guest's PATH."""
    names = set()
    for directory in GUEST_PATH:
        try:
            names.update(name for name, vp in list_dir(kernel, directory)
                         if vp.type != VDIR)
        except Errno:
            pass
    return sorted(names)


class ReplCompleter(Completer):
    def __init__(self, repl):
        self.repl = repl
        self.host_paths = PathCompleter(expanduser=True)

    def get_completions(self, document, complete_event):
        text = document.text_before_cursor
        words = text.split()
        word = words.pop() if words and not text.endswith(" ") else ""
        if not words:
            yield from _matching(sorted(COMMANDS), word)
            return
        cmd = COMMANDS.get(words[0])
        if cmd is None or not cmd.complete:
            return
        kind = cmd.complete[min(len(words) - 1, len(cmd.complete) - 1)]
        if kind == "hostfile" or (kind == "prog" and "/" in word
                                  and not word.startswith("/")):
            yield from self.host_paths.get_completions(Document(word), complete_event)
            return
        yield from _matching(self.candidates(kind, word), word)

    def candidates(self, kind, word):
        kernel = self.repl.kernel
        if kind == "command":
            return sorted(COMMANDS)
        if kind == "pid":
            return [str(pid) for pid in sorted(kernel.procs)]
        if kind == "guestpath" or (kind == "prog" and word.startswith("/")):
            return guest_paths(kernel, word)
        if kind == "prog":
            return program_names(kernel)
        if kind == "syscall":
            return syscall_names()
        if kind == "signal":
            return [name[3:] for name in SIGNAL_NAMES.values()]
        if kind == "onoff":
            return ["on", "off"]
        if kind == "timeline":
            return ["on", "off", "save", "show"]
        return []


def _matching(candidates, word):
    for candidate in candidates:
        if candidate.startswith(word):
            yield Completion(candidate, start_position=-len(word))
