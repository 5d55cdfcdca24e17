"""`commandcenter users ...`: the PostgreSQL logins people sign in with (create, disable, grant, list).

Run these on the app's owner connection (or any role with CREATEROLE), not with a person's login.
On the embedded SQLite database they explain that logins exist only on PostgreSQL.
"""

from __future__ import annotations

import argparse
import getpass
import sys

from commandcenter.cli.common import CliError, add_db_arg, open_db, print_table
from commandcenter.db.engine import backend, resolve_url
from commandcenter.security import logins
from commandcenter.security.logins import LoginError


def register(commands: argparse._SubParsersAction, bench: argparse._SubParsersAction) -> None:
    users = commands.add_parser(
        "users",
        help="database logins of people (PostgreSQL): create, disable, enable, grant, revoke, list",
        description="Each person signs in with their own PostgreSQL login; the database enforces what "
        "they may see and do (migration 0005). Passwords are never stored by the app.",
    )
    sub = users.add_subparsers(dest="users_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="create a login for a person and grant their roles' groups")
    add_db_arg(create)
    create.add_argument("login", help="the login name (lower-case letters, digits, _)")
    create.add_argument("--person", required=True, metavar="CODE", help="the person's code (people.code)")
    create.add_argument(
        "--password-stdin", action="store_true", help="read the password from the first line of stdin"
    )
    create.set_defaults(func=_create)

    password = sub.add_parser("password", help="set a new password for a login")
    add_db_arg(password)
    password.add_argument("login")
    password.add_argument("--password-stdin", action="store_true", help="read it from stdin")
    password.set_defaults(func=_password)

    for name, helptext, func in (
        ("disable", "refuse the login from now on and end its open sessions", _disable),
        ("enable", "allow a disabled login again", _enable),
    ):
        p = sub.add_parser(name, help=helptext)
        add_db_arg(p)
        p.add_argument("login")
        p.set_defaults(func=func)

    for name, helptext, func in (
        ("grant", "give a login's person a role (operator/grid_worker: --grid, liaison: --logical)", _grant),
        ("revoke", "take a role away from a login's person", _revoke),
    ):
        p = sub.add_parser(name, help=helptext)
        add_db_arg(p)
        p.add_argument("login")
        p.add_argument("role", choices=sorted(logins.GROUP_ROLES))
        scope = p.add_mutually_exclusive_group()
        scope.add_argument("--grid", metavar="CODE", help="a physical grid / center code")
        scope.add_argument("--logical", metavar="CODE", help="a logical grid code, e.g. LG02")
        p.set_defaults(func=func)

    listing = sub.add_parser("list", help="list the people who have a login")
    add_db_arg(listing)
    listing.set_defaults(func=_list)


def _read_password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif sys.stdin.isatty():
        password = getpass.getpass(f"password for {args.login}: ")
        if getpass.getpass("again: ") != password:
            raise CliError("the two passwords differ")
    else:
        raise CliError("no terminal to ask for the password: pass --password-stdin")
    if not password:
        raise CliError("the password must not be empty")
    return password


def _run(args: argparse.Namespace, action):  # type: ignore[no-untyped-def]
    if backend(resolve_url(args.db)) != "postgresql":  # before open_db, which may build the demo
        raise CliError(str(logins.LoginsUnavailable()))
    db = open_db(args)
    try:
        return action(db.engine)
    except LoginError as exc:
        raise CliError(str(exc)) from None
    finally:
        db.engine.dispose()


def _create(args: argparse.Namespace) -> int:
    password = _read_password(args)
    groups = _run(args, lambda e: logins.create_login(e, args.login, args.person, password))
    held = ", ".join(groups) if groups else "none: grant a role with `commandcenter users grant`"
    print(f"created login {args.login} for person {args.person}; groups: {held}")
    return 0


def _password(args: argparse.Namespace) -> int:
    password = _read_password(args)
    _run(args, lambda e: logins.set_password(e, args.login, password))
    print(f"password of {args.login} changed")
    return 0


def _disable(args: argparse.Namespace) -> int:
    ended = _run(args, lambda e: logins.disable_login(e, args.login))
    print(f"login {args.login} disabled; {ended} open session(s) ended")
    return 0


def _enable(args: argparse.Namespace) -> int:
    _run(args, lambda e: logins.enable_login(e, args.login))
    print(f"login {args.login} enabled")
    return 0


def _grant(args: argparse.Namespace) -> int:
    added = _run(
        args, lambda e: logins.grant_role(e, args.login, args.role, grid=args.grid, logical=args.logical)
    )
    print(f"{args.login}: {args.role} {'granted' if added else 'was held already'}")
    return 0


def _revoke(args: argparse.Namespace) -> int:
    removed = _run(
        args, lambda e: logins.revoke_role(e, args.login, args.role, grid=args.grid, logical=args.logical)
    )
    print(f"{args.login}: {args.role} {'revoked' if removed else 'was not held'}")
    return 0


def _list(args: argparse.Namespace) -> int:
    rows = _run(args, logins.list_logins)
    print_table(
        (
            {
                "login": r.login,
                "person": r.person_code,
                "name": r.name,
                "active": "yes" if r.active else "no",
                "can sign in": "no role" if r.can_login is None else ("yes" if r.can_login else "no"),
                "roles": ", ".join(r.roles),
                "groups": ", ".join(r.groups),
            }
            for r in rows
        ),
        ["login", "person", "name", "active", "can sign in", "roles", "groups"],
    )
    return 0
