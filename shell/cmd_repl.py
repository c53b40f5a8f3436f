"""REPL commands: help and quit."""

from .table import COMMANDS, SECTIONS, CommandError, command


@command("repl", "help [CMD]", "list the commands, or explain one",
         complete=("command",))
def cmd_help(repl, args):
    if args:
        cmd = COMMANDS.get(args[0])
        if cmd is None:
            raise CommandError(f"no command {args[0]!r}")
        repl.print(f"{cmd.usage}: {cmd.summary}")
        if cmd.details:
            repl.print(cmd.details)
        return
    width = max(len(c.usage) for c in COMMANDS.values())
    for section in SECTIONS:
        repl.heading(section)
        for cmd in sorted(COMMANDS.values(), key=lambda c: c.name):
            if cmd.section == section:
                repl.print(f"  {cmd.usage:<{width}}  {cmd.summary}")
    repl.print("'help CMD' says more.  ^C stops the machine, not the REPL.")


@command("repl", "quit", "leave the REPL (end of input does too)")
def cmd_quit(repl, args):
    repl.done = True
