"""分流 to the unit a case is already routed to: refused with a clear message, nothing written (the
audit found a case with twelve identical route rows)."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from commandcenter.db.models import Grid, GridMembership
from commandcenter.services import workflow_ops as ops
from commandcenter.services.cases import audit, load_event, totals
from commandcenter.services.errors import BadStepArgs

GRID = "511503001001003"  # in township 511503001 (operator O0011)


def test_a_routed_case_is_not_routed_again_to_the_same_unit(demo_session: Session) -> None:
    lon, lat = demo_session.execute(
        select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)
    ).one()
    code = ops.report(demo_session, "R00001", category="XG02", lat=lat, lon=lon, title="t").code
    ops.verify(demo_session, "O0011", code)
    ops.route(demo_session, "O0011", code, to="logical:LG02")
    demo_session.rollback()
    before_totals, before = totals(demo_session), load_event(demo_session, code).version
    demo_session.rollback()
    for to in ("logical:LG02", "LOGICAL:LG02"):
        with pytest.raises(BadStepArgs) as info:
            ops.route(demo_session, "O0011", code, before, to=to)
        demo_session.rollback()
        assert "already routed to" in str(info.value) and "LG02" in str(info.value)
        assert "分流 route" in str(info.value)
    assert totals(demo_session) == before_totals
    assert load_event(demo_session, code).version == before
    demo_session.rollback()
    # Elsewhere is a forward; back again afterwards is a change too.
    ops.route(demo_session, "O0011", code, before, to=f"grid:{GRID}")
    ops.route(demo_session, "O0011", code, before + 1, to="logical:LG02")
    event = load_event(demo_session, code)
    assert event.version == before + 2 and audit(demo_session, event) == []


def test_the_case_view_shows_the_latest_reply_in_full(demo_session: Session) -> None:
    from commandcenter.services.case_view import case_view

    lon, lat = demo_session.execute(
        select(Grid.centroid_lon, Grid.centroid_lat).where(Grid.code == GRID)
    ).one()
    code = ops.report(demo_session, "R00001", category="XG02", lat=lat, lon=lon, title="t").code
    assert "reply 回复内容" not in case_view(demo_session, code).fields
    ops.verify(demo_session, "O0011", code)
    ops.route(demo_session, "O0011", code, to=f"grid:{GRID}")
    worker = demo_session.scalars(
        select(GridMembership.person_id)
        .join(Grid, Grid.id == GridMembership.grid_id)
        .where(Grid.code == GRID)
    ).first()
    ops.assign(demo_session, "O0011", code, to=worker)
    ops.accept(demo_session, "A001", code)
    long = "已到现场核查：占道摊点三处，均已劝离并登记经营者信息；现场已清理干净，处置前后照片已上传。"
    ops.reply(demo_session, "A001", code, result=long, note="另附说明")
    assert case_view(demo_session, code).fields["reply 回复内容"] == long
