"""`commandcenter gui` (also what `commandcenter` alone runs): open the command-center window."""

from __future__ import annotations

import argparse

from commandcenter.cli.common import add_db_arg


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    gui = commands.add_parser("gui", help="open the command-center window (the default command)")
    add_db_arg(gui)
    gui.add_argument("--lang", choices=("zh_CN", "en"), help="interface language (default: the saved choice)")
    gui.add_argument(
        "--user",
        metavar="LOGIN",
        help="on PostgreSQL: sign in with this personal login (the sign-in dialog asks the password)",
    )
    gui.set_defaults(func=_gui)


def _gui(args: argparse.Namespace) -> int:
    # Qt is imported only here, so every other command runs without a display.
    from commandcenter.gui.app import run

    return run(db_url=args.db, lang=args.lang, user=getattr(args, "user", None))
