"""Migration 0010: a personal login cannot route a routed case again to the unit it is routed to (the
services refuse it first; raw SQL over the login's own connection is refused by the database)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from psycopg import errors

from commandcenter.services import workflow_ops as ops
from commandcenter.services.errors import BadStepArgs
from tests.security.conftest import SecDb
from tests.security.test_step_checks import People, _code, _consistent, _lg02_routed_case, _raw_step, _trail

pytestmark = pytest.mark.postgres

LG02 = {"responsible": {"kind": "logical", "code": "LG02"}}


@pytest.fixture(scope="module")
def people(secdb: SecDb) -> Iterator[People]:
    yield People(secdb)


def test_routing_again_to_the_same_unit_is_refused_raw_sql_too(secdb: SecDb, people: People) -> None:
    case = _lg02_routed_case(secdb, people)
    op = _code(secdb, "operator")
    with pytest.raises(BadStepArgs, match="already routed"):
        people.run(op, ops.route, case, to="logical:LG02")
    with people.connect(op) as conn, pytest.raises(errors.InsufficientPrivilege, match="already routed"):
        _raw_step(conn, case, "route", "routed", "routed", LG02)  # the row stays as it was: version + 1
    assert _trail(secdb, case).count("route") == 1
    # Elsewhere and back, raw: each a change, accepted.
    lg03 = secdb.owner_scalar("SELECT id FROM logical_grids WHERE code = 'LG03'")
    lg02 = secdb.owner_scalar("SELECT id FROM logical_grids WHERE code = 'LG02'")
    with people.connect(op) as conn:
        for code, lg in (("LG03", lg03), ("LG02", lg02)):
            _raw_step(
                conn, case, "route", "routed", "routed", {"responsible": {"kind": "logical", "code": code}},
                "responsible_logical_id = %s", (lg,),
            )  # fmt: skip
        conn.commit()
    assert _trail(secdb, case).count("route") == 3
    _consistent(secdb, case)
