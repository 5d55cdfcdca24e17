"""Thirty days of believable cases: where, when, what, and how each moved through the loop.

Every case's path is driven through the real state machine (`domain.workflow.advance`), so the
trail it leaves replays to the case's state exactly as a case handled in the app would.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import shapely

from commandcenter.db.codes import event_code
from commandcenter.demo.organisation import Organisation
from commandcenter.domain.calendar import DEFAULT_CALENDAR
from commandcenter.domain.status import GridLevel, Source, Status, Step, UnitKind
from commandcenter.domain.workflow import CaseState, UnitRef, advance
from commandcenter.geo.demo_district import DemoDistrict
from commandcenter.services.cases import jsonable

LOCAL = ZoneInfo("Asia/Shanghai")

# Share of reports per hour of the local day (people report while awake, patrols run by day).
HOURLY = np.array(
    [0.6, 0.4, 0.3, 0.3, 0.4, 0.8, 1.6, 3.0, 5.0, 6.2, 6.6, 6.4, 5.4, 4.8, 5.6, 6.2,
     6.4, 6.0, 5.4, 4.6, 4.0, 3.0, 1.8, 1.0]
)  # fmt: skip
DUTY_WEIGHT = {
    "co_management": 40,
    "information": 15,
    "supervision": 14,
    "mediation": 12,
    "service": 12,
    "publicity": 7,
}
SOURCES = (
    (Source.CITIZEN_APP, 0.45),
    (Source.PATROL, 0.35),
    (Source.HOTLINE, 0.12),
    (Source.DEPARTMENT, 0.05),
    (Source.SENSOR, 0.03),
)
TITLES = {
    "XG01": ["路口流动摊贩占道经营", "人行道摆摊影响通行"],
    "XG02": ["楼道堆放杂物", "路边乱堆建筑垃圾"],
    "XG04": ["人行道井盖缺失", "井盖破损存在安全隐患"],
    "XG07": ["垃圾桶满溢未清运", "小区垃圾站满溢"],
    "XG09": ["夜间施工噪音扰民", "餐馆油烟扰民"],
    "XG10": ["车辆占用消防通道", "路边乱停车"],
    "JD01": ["楼道电动车充电", "消防通道堵塞"],
    "TJ01": ["邻里因漏水发生纠纷", "邻里因噪音发生纠纷"],
}

DeadlineFn = Callable[[datetime, float, str], datetime]


def simple_deadline(start: datetime, amount: float, unit: str) -> datetime:
    """Clock hours as given; a working day counted as 24 hours (no calendar)."""
    return start + timedelta(hours=amount * (24 if unit == "workdays" else 1))


@dataclass
class CategoryInfo:
    id: int
    code: str
    name: str
    duty: str
    department_kind: str | None
    priority: int
    limits: dict[str, tuple[float, str]]


@dataclass
class History:
    events: list[dict[str, Any]] = field(default_factory=list)
    trail: list[dict[str, Any]] = field(default_factory=list)
    ratings: list[dict[str, Any]] = field(default_factory=list)
    media: list[dict[str, Any]] = field(default_factory=list)


class _Future(Exception):
    """The next step would happen after 'now': the case stops where it is."""


def _push(t: datetime, unit: str, parked: datetime, resumed: datetime) -> datetime:
    """`t` moved later by the time [parked, resumed) took from a clock of `unit` (hours or workdays)."""
    if unit != "workdays":
        return t + (resumed - parked)
    taken = DEFAULT_CALENDAR.working_time(parked, resumed)
    return t if taken <= timedelta(0) else DEFAULT_CALENDAR.add_working_time(t, taken)


class HistoryGenerator:
    def __init__(
        self,
        *,
        seed: int,
        district: DemoDistrict,
        org: Organisation,
        grid_ids: dict[str, int],
        categories: Sequence[CategoryInfo],
        assign: Callable[[np.ndarray, np.ndarray], np.ndarray],
        now: datetime,
        days: int,
        deadline: DeadlineFn = simple_deadline,
    ) -> None:
        self.rng = random.Random(seed * 104729 + 3)
        self.np_rng = np.random.default_rng(seed + 99)
        self.district = district
        self.org = org
        self.grid_ids = grid_ids
        self.code_by_grid_id = {v: k for k, v in grid_ids.items()}
        self.categories = list(categories)
        self.assign = assign
        self.now = now
        self.days = days
        self.deadline_fn = deadline
        self.leaves = district.leaves()
        self.township_of = self._township_map()
        self.logical_by_kind: dict[str, list[str]] = {}
        for lg in org.logical_grids:
            self.logical_by_kind.setdefault(lg["kind"], []).append(lg["code"])
        weights = [DUTY_WEIGHT.get(c.duty, 5) / max(1, sum(1 for d in categories if d.duty == c.duty))
                   for c in categories]  # fmt: skip
        self.cat_weights = weights
        self.hotspots = self._hotspots()

    # ------------------------------------------------------------------ places and times
    def _township_map(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for node in self.district.nodes:
            if node.level == GridLevel.TOWNSHIP:
                out[node.code] = node.code
            elif node.parent_code in out:
                out[node.code] = out[node.parent_code]
        return out

    def _random_points_in(self, geom: Any, n: int) -> np.ndarray:
        minx, miny, maxx, maxy = geom.bounds
        shapely.prepare(geom)
        found: list[np.ndarray] = []
        count = 0
        while count < n:
            xs = self.np_rng.uniform(minx, maxx, n * 3)
            ys = self.np_rng.uniform(miny, maxy, n * 3)
            ok = shapely.contains_xy(geom, xs, ys)
            pts = np.column_stack([xs[ok], ys[ok]])
            found.append(pts)
            count += len(pts)
        return np.concatenate(found)[:n]

    def _hotspots(self) -> list[tuple[float, float, int]]:
        """Places where the same problem keeps coming back (a market, a school gate, a night street)."""
        urban = sorted(self.leaves, key=lambda n: -n.residents)[: max(3, len(self.leaves) // 8)]
        spots = []
        recurring = [i for i, c in enumerate(self.categories) if c.duty in ("co_management", "supervision")]
        for k in range(min(25, len(urban))):
            leaf = urban[self.rng.randrange(len(urban))]
            lon, lat = self._random_points_in(leaf.geometry, 1)[0]
            spots.append((float(lon), float(lat), recurring[k % len(recurring)]))
        return spots

    def _places(self, n: int) -> tuple[np.ndarray, np.ndarray, list[int | None]]:
        """Event positions: hotspots, then grids weighted by residents, and a few outside the district."""
        residents = np.array([max(1, leaf.residents) for leaf in self.leaves], dtype=float)
        choice = self.np_rng.choice(len(self.leaves), size=n, p=residents / residents.sum())
        lons, lats = np.empty(n), np.empty(n)
        forced_cat: list[int | None] = [None] * n
        for idx in np.unique(choice):
            members = np.nonzero(choice == idx)[0]
            pts = self._random_points_in(self.leaves[idx].geometry, len(members))
            lons[members], lats[members] = pts[:, 0], pts[:, 1]
        for i in range(n):
            r = self.rng.random()
            if r < 0.28 and self.hotspots:
                lon, lat, cat = self.hotspots[self.rng.randrange(len(self.hotspots))]
                lons[i] = lon + self.rng.gauss(0, 0.0005)
                lats[i] = lat + self.rng.gauss(0, 0.0004)
                if self.rng.random() < 0.7:
                    forced_cat[i] = cat
            elif r < 0.288:  # just over the district's edge: kept, in the unassigned queue
                minx, miny, maxx, maxy = self.district.root.geometry.bounds
                side = self.rng.randrange(4)
                t = self.rng.random()
                lons[i] = [minx - 0.01, maxx + 0.01, minx + t * (maxx - minx), minx + t * (maxx - minx)][side]
                lats[i] = [miny + t * (maxy - miny), miny + t * (maxy - miny), miny - 0.01, maxy + 0.01][side]
        return lons, lats, forced_cat

    def _times(self, n: int) -> list[datetime]:
        start_day = (self.now.astimezone(LOCAL) - timedelta(days=self.days)).replace(
            hour=0, minute=0, second=0, microsecond=0
        )
        hours = self.np_rng.choice(24, size=n, p=HOURLY / HOURLY.sum())
        # Slightly more reports in recent days (the platform is catching on).
        day_w = np.linspace(0.85, 1.15, self.days + 1)
        days = self.np_rng.choice(self.days + 1, size=n, p=day_w / day_w.sum())
        secs = self.np_rng.uniform(0, 3600, n)
        out = []
        for d, h, s in zip(days, hours, secs, strict=True):
            t = start_day + timedelta(days=int(d), hours=int(h), seconds=float(s))
            if t > self.now:
                t = self.now - timedelta(minutes=self.rng.uniform(1, 600))
            out.append(t.astimezone(UTC))
        return sorted(out)

    # ------------------------------------------------------------------ one case
    def generate(self, n: int) -> History:
        history = History()
        lons, lats, forced = self._places(n)
        grid_ids = self.assign(lons, lats)
        times = self._times(n)
        for i in range(n):
            gid = int(grid_ids[i])
            self._case(
                history,
                event_id=i + 1,
                lon=float(lons[i]),
                lat=float(lats[i]),
                grid_code=self.code_by_grid_id.get(gid) if gid >= 0 else None,
                received_at=times[i],
                category=self.categories[forced[i]] if forced[i] is not None else self._category(times[i]),
            )
        return history

    def _category(self, at: datetime) -> CategoryInfo:
        hour = at.astimezone(LOCAL).hour
        weights = list(self.cat_weights)
        for j, c in enumerate(self.categories):
            if c.code == "XG09" and (hour >= 21 or hour < 6):
                weights[j] *= 6  # noise complaints at night
            elif c.code == "XG01" and hour in (11, 12, 17, 18, 19):
                weights[j] *= 4  # street vending at meal times
        return self.rng.choices(self.categories, weights=weights)[0]

    def _limit(self, cat: CategoryInfo, step: str, start: datetime) -> datetime:
        amount, unit = cat.limits[step]
        return self.deadline_fn(start, amount, unit)

    def _duration(self, cat: CategoryInfo, step: str, start: datetime, late: float) -> datetime:
        """When a step is done: mostly well within its limit, a share `late` after it."""
        span = self._limit(cat, step, start) - start
        frac = self.rng.uniform(1.02, 1.8) if self.rng.random() < late else self.rng.betavariate(2, 4) * 0.95
        return start + span * frac

    def _case(
        self,
        h: History,
        *,
        event_id: int,
        lon: float,
        lat: float,
        grid_code: str | None,
        received_at: datetime,
        category: CategoryInfo,
    ) -> None:
        rng = self.rng
        code = event_code(received_at, event_id)
        source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
        township = self.township_of.get(grid_code) if grid_code else None
        center = township or self.district.root.code
        operators = self.org.operators_by_center[center]
        district_ops = self.org.operators_by_center[self.district.root.code]
        worker = self.org.workers_by_grid[grid_code][0] if grid_code else None
        reporter = {Source.CITIZEN_APP: rng.choice(self.org.citizens), Source.PATROL: worker}.get(source)
        if source == Source.PATROL and worker is None:
            source, reporter = Source.HOTLINE, None
        state = CaseState(code=code)
        times: dict[str, datetime] = {}
        row: dict[str, Any] = {
            "id": event_id,
            "code": code,
            "source": source.value,
            "category_id": category.id,
            "title": rng.choice(TITLES.get(category.code, [category.name])),
            "description": f"{category.name}：{rng.choice(['群众反映', '巡查发现', '热线来电', '部门移交'])}",
            "lat": lat,
            "lon": lon,
            "device_lat": lat + rng.gauss(0, 0.00005),
            "device_lon": lon + rng.gauss(0, 0.00005),
            "reported_at": received_at - timedelta(seconds=rng.uniform(2, 90)),
            "received_at": received_at,
            "reporter_id": reporter,
            "reporter_name": self.org.names.get(reporter) if reporter else None,
            "grid_id": self.grid_ids[grid_code] if grid_code else None,
            "priority": min(2, category.priority + (1 if rng.random() < 0.05 else 0)),
            "reworks": 0,
            "sent_backs": 0,
            "supervised": False,
            "parked_seconds": 0.0,
            "extra": {},
        }
        if source == Source.HOTLINE:
            row["reporter_name"] = "热线来电群众"
            row["reporter_phone"] = f"1{rng.randint(3, 9)}{rng.randint(0, 999999999):09d}"
            row["device_lat"] = row["device_lon"] = row["reported_at"] = None
        clock = [received_at]
        trail: list[dict[str, Any]] = []

        def do(step: Step, at: datetime, actor: int | None, **args: Any) -> None:
            nonlocal state
            if at > self.now:
                raise _Future
            at = max(at, clock[0])
            clock[0] = at
            state, entry = advance(state, step, **args)
            trail.append(
                {
                    "event_id": event_id,
                    "step": entry.step.value,
                    "actor_id": actor,
                    "actor_name": self.org.names.get(actor) if actor else None,
                    "at": at,
                    "from_status": entry.from_status.value if entry.from_status else None,
                    "to_status": entry.to_status.value,
                    "note": args.get("note"),
                    "data": jsonable(dict(entry.args)),
                }
            )

        try:
            if source == Source.PATROL and rng.random() < 0.3:
                # 自办: the worker fixed it on the spot.
                unit = UnitRef(UnitKind.GRID, grid_code or center)
                do(
                    Step.SELF_HANDLE,
                    received_at,
                    worker,
                    assignee_id=worker,
                    responsible=unit,
                    note="现场处置",
                )
                times["replied_at"] = received_at
                self._media(h, event_id, received_at, lon, lat, 2, len(h.trail) + len(trail))
                self._check_and_close(h, row, do, times, category, operators, worker, rework=False)
            else:
                do(Step.REPORT, received_at, reporter)
                if source in (Source.CITIZEN_APP, Source.PATROL):
                    self._media(
                        h, event_id, received_at, lon, lat, rng.randint(1, 3), len(h.trail) + len(trail)
                    )
                t = self._duration(category, "verify", received_at, late=0.06)
                if rng.random() < 0.03:
                    do(Step.VOID, t, rng.choice(operators), reason="重复上报或不属实")
                    raise _Future
                do(Step.VERIFY, t, rng.choice(operators))
                times["verified_at"] = clock[0]
                unit, holder = self._route(category, grid_code, center)
                t = self._duration(category, "dispatch", clock[0], late=0.05)
                do(Step.ROUTE, (clock[0] + (t - clock[0]) * 0.3), rng.choice(operators), responsible=unit)
                if rng.random() < 0.04:
                    do(
                        Step.SEND_BACK,
                        clock[0] + timedelta(minutes=rng.uniform(10, 90)),
                        holder,
                        reason="非本单位职责",
                    )
                    row["sent_backs"] += 1
                    unit, holder = self._route(category, grid_code, center, prefer_grid=True)
                    do(
                        Step.ROUTE,
                        clock[0] + timedelta(minutes=rng.uniform(5, 40)),
                        rng.choice(operators),
                        responsible=unit,
                    )
                dispatched = max(t, clock[0])
                handle_deadline = self._limit(category, "handle", dispatched)
                do(
                    Step.ASSIGN,
                    dispatched,
                    rng.choice(operators),
                    assignee_id=holder,
                    deadline=handle_deadline,
                )
                times["dispatched_at"] = clock[0]
                do(Step.ACCEPT, clock[0] + timedelta(minutes=rng.uniform(3, 120)), holder)
                if rng.random() < 0.03:
                    asked = clock[0] + timedelta(hours=rng.uniform(1, 20))
                    do(Step.REQUEST_EXTENSION, asked, holder, hours=48.0, reason="需协调多个部门")
                    do(
                        Step.APPROVE_EXTENSION,
                        clock[0] + timedelta(hours=rng.uniform(0.5, 6)),
                        rng.choice(district_ops),
                    )
                if rng.random() < 0.015:
                    park_at = clock[0] + timedelta(hours=rng.uniform(1, 24))
                    do(Step.PARK, park_at, rng.choice(operators), reason="等待上级政策答复")
                    resume_at = park_at + timedelta(days=rng.uniform(1, 6))
                    do(Step.RESUME, resume_at, rng.choice(operators))
                    row["parked_seconds"] = (resume_at - park_at).total_seconds()
                late = 0.12 if category.priority == 0 else 0.06
                reply_at = self._duration(category, "handle", clock[0], late=late)
                if (
                    state.deadline
                    and reply_at > state.deadline
                    and self.now > state.deadline + timedelta(hours=4)
                ) and rng.random() < 0.3:  # a leader chases an overdue case (督办)
                    do(Step.SUPERVISE, state.deadline + timedelta(hours=4), rng.choice(self.org.leaders),
                       note="请加快办理")  # fmt: skip
                    row["supervised"] = True
                reply_at += timedelta(seconds=row["parked_seconds"])
                do(Step.REPLY, reply_at, holder, result="已处置完毕")
                times["replied_at"] = clock[0]
                self._media(h, event_id, clock[0], lon, lat, 1, len(h.trail) + len(trail))
                self._check_and_close(h, row, do, times, category, operators, holder, rework=True)
        except _Future:
            pass

        row["status"] = state.status.value if state.status else Status.REPORTED.value
        row["parked_from"] = state.parked_from.value if state.parked_from else None
        row["assignee_id"] = state.assignee_id
        row["deadline"] = state.deadline
        row["supervised"] = row["supervised"] or state.supervised
        row["rating"] = state.rating
        row["reworks"] = state.reworks
        if state.responsible is not None:
            kind, unit_code = state.responsible
            row["responsible_kind"] = kind.value
            if kind == UnitKind.LOGICAL:
                row["responsible_logical_id"] = self._logical_id(unit_code)
            else:
                row["responsible_grid_id"] = self.grid_ids.get(unit_code)
        for key in ("verified_at", "dispatched_at", "replied_at", "checked_at", "closed_at"):
            row[key] = times.get(key)
        # The stages' due times, as the workflow services keep them for the on-time measures.
        if trail and trail[0]["step"] == Step.REPORT.value:  # self-handled and tasked cases skip verification
            row["verify_due_at"] = self._limit(category, "verify", received_at)
        if row["verified_at"] is not None:
            row["dispatch_due_at"] = self._limit(category, "dispatch", row["verified_at"])
        if state.status is Status.PARKED:
            row["parked_at"] = clock[0]
        parks = [t["at"] for t in trail if t["step"] in (Step.PARK.value, Step.RESUME.value)]
        if len(parks) == 2 and row["deadline"] is not None:
            # Resuming moves the handling clock on by the parked time, as the workflow services do.
            row["deadline"] = _push(row["deadline"], category.limits["handle"][1], parks[0], parks[1])
        if state.extension_pending is not None and state.deadline is not None:
            row["extension_until"] = state.extension_pending.new_deadline(state.deadline)
        self._step_clock(row, state.status, category, trail)
        if len(parks) == 2 and row.get("step_started_at") and row.get("step_deadline") == row["deadline"]:
            row["step_started_at"] = _push(row["step_started_at"], category.limits["handle"][1], *parks)
        row["version"] = len(trail)
        row["updated_at"] = clock[0]
        h.events.append(row)
        h.trail.extend(trail)

    def _check_and_close(self, h, row, do, times, category, operators, holder, *, rework: bool) -> None:  # type: ignore[no-untyped-def]
        rng = self.rng
        t = self._duration(category, "check", times["replied_at"], late=0.05)
        if rework and rng.random() < 0.07:
            redo = self._limit(category, "handle", t)
            do(Step.CHECK_FAIL, t, rng.choice(operators), deadline=redo, reason="现场核查未整改到位")
            reply = t + (redo - t) * rng.uniform(0.2, 0.9)
            do(Step.REPLY, reply, holder, result="已返工整改")
            times["replied_at"] = reply
            t = self._duration(category, "check", reply, late=0.05)
        do(Step.CHECK_PASS, t, rng.choice(operators))
        times["checked_at"] = t
        rated = rng.random() < 0.6
        if rated:
            stars = rng.choices([5, 4, 3, 2, 1], weights=[62, 24, 7, 4, 3])[0]
            rate_at = t + timedelta(hours=rng.uniform(0.2, 20))
            do(Step.RATE, rate_at, None, stars=stars)
            h.ratings.append(
                {"event_id": row["id"], "stars": stars, "comment": None, "rater_id": row["reporter_id"],
                 "rated_at": rate_at}
            )  # fmt: skip
        close_at = t + timedelta(hours=rng.uniform(0.5, 30))
        do(Step.CLOSE, close_at, rng.choice(operators))
        times["closed_at"] = close_at

    def _route(
        self, category: CategoryInfo, grid_code: str | None, center: str, prefer_grid: bool = False
    ) -> tuple[UnitRef, int]:
        rng = self.rng
        kinds = self.logical_by_kind.get(category.department_kind or "", [])
        if kinds and (grid_code is None or (not prefer_grid and rng.random() < 0.45)):
            lg = rng.choice(kinds)
            return UnitRef(UnitKind.LOGICAL, lg), rng.choice(self.org.members_by_logical[lg])
        if grid_code is None:
            lg = rng.choice(self.org.logical_grids)["code"]
            return UnitRef(UnitKind.LOGICAL, lg), rng.choice(self.org.members_by_logical[lg])
        if rng.random() < 0.08:
            return UnitRef(UnitKind.CENTER, center), rng.choice(self.org.workers_by_grid[grid_code])
        return UnitRef(UnitKind.GRID, grid_code), self.org.workers_by_grid[grid_code][0]

    def _logical_id(self, code: str) -> int:
        return next(lg["id"] for lg in self.org.logical_grids if lg["code"] == code)

    def _step_clock(self, row: dict[str, Any], status: Status | None, cat: CategoryInfo, trail: list) -> None:
        """The SLA clock of the step the case is in now."""
        start_and_step = {
            Status.REPORTED: (row["received_at"], "verify"),
            Status.VERIFIED: (trail[-1]["at"] if trail else None, "dispatch"),
            Status.ROUTED: (row.get("verified_at"), "dispatch"),
            Status.REPLIED: (row.get("replied_at"), "check"),
        }
        if status in start_and_step:
            start, step = start_and_step[status]
            if start is not None:
                row["step_started_at"] = start
                row["step_deadline"] = self._limit(cat, step, start)
        elif status in (Status.ASSIGNED, Status.IN_PROGRESS, Status.REWORK):
            row["step_started_at"] = row.get("dispatched_at")
            row["step_deadline"] = row["deadline"]

    def _media(
        self, h: History, event_id: int, at: datetime, lon: float, lat: float, count: int, step_id: int
    ) -> None:
        """Photos taken with the step just done: `step_id` is that trail row's id once written (the
        seed numbers the trail from 1 in this order: the rows before, then this event's so far)."""
        for k in range(count):
            local = at.astimezone(LOCAL)
            h.media.append(
                {
                    "event_id": event_id,
                    "step_id": step_id,
                    "kind": "photo",
                    "url": f"media/{local:%Y/%m/%d}/{event_id:07d}-{len(h.media) + k + 1}.jpg",
                    "taken_at": at - timedelta(seconds=self.rng.uniform(5, 120)),
                    "lat": lat + self.rng.gauss(0, 0.00003),
                    "lon": lon + self.rng.gauss(0, 0.00003),
                }
            )
