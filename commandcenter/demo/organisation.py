"""The demo's departments (logical grids) and people, generated from a seed.

Pure data: returns rows as dicts; `commandcenter.demo.seed` writes them.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from commandcenter.domain.status import GridLevel, Role
from commandcenter.geo.demo_district import DemoDistrict
from commandcenter.geo.names import person_name, phone

# (code, name, kind, children as (suffix, name)) - the departments of a typical district.
LOGICAL_GRIDS: tuple[tuple[str, str, str, tuple[tuple[str, str], ...]], ...] = (
    ("LG01", "执行网格（区法院执行局）", "court_enforcement", ()),
    ("LG02", "城管网格（区综合行政执法局）", "urban_management",
     (("01", "城管执法一中队"), ("02", "城管执法二中队"))),
    ("LG03", "市场监管网格（区市场监管局）", "market_supervision", ()),
    ("LG04", "应急管理网格（区应急管理局）", "emergency_management", ()),
    ("LG05", "民政网格（区民政局）", "civil_affairs", ()),
    ("LG06", "公安网格（区公安分局）", "public_security", (("01", "城区派出所"), ("02", "城郊派出所"))),
    ("LG07", "生态环境网格（区生态环境局）", "environment", ()),
    ("LG08", "住建网格（区住房城乡建设局）", "housing", ()),
    ("LG09", "交通运输网格（区交通运输局）", "transport", ()),
    ("LG10", "自然资源网格（区自然资源局）", "natural_resources", ()),
    ("LG11", "人社网格（区人力资源社会保障局）", "human_resources", ()),
    ("LG12", "司法网格（区司法局）", "justice", ()),
    ("LG13", "教育网格（区教育和体育局）", "education", ()),
    ("LG14", "妇联网格（区妇联）", "women_federation", ()),
    ("LG15", "残联网格（区残联）", "disabled_federation", ()),
    ("LG16", "卫健网格（区卫生健康局）", "health", ()),
)  # fmt: skip


@dataclass
class Organisation:
    """Rows for logical_grids, people, role_grants and memberships, with ids assigned."""

    logical_grids: list[dict] = field(default_factory=list)
    coverage: list[dict] = field(default_factory=list)
    people: list[dict] = field(default_factory=list)
    grants: list[dict] = field(default_factory=list)
    grid_memberships: list[dict] = field(default_factory=list)
    logical_memberships: list[dict] = field(default_factory=list)
    # Lookups the history generator needs.
    workers_by_grid: dict[str, list[int]] = field(default_factory=dict)
    members_by_logical: dict[str, list[int]] = field(default_factory=dict)
    operators_by_center: dict[str, list[int]] = field(default_factory=dict)
    leaders: list[int] = field(default_factory=list)
    citizens: list[int] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)


def build_organisation(district: DemoDistrict, grid_ids: dict[str, int], seed: int) -> Organisation:
    rng = random.Random(seed * 7919 + 17)
    org = Organisation()
    townships = district.of_level(GridLevel.TOWNSHIP)
    leaves = district.leaves()

    def person(code: str, role_login: str | None = None) -> int:
        pid = len(org.people) + 1
        name = person_name(rng)
        org.people.append({"id": pid, "code": code, "name": name, "phone": phone(rng), "login": role_login})
        org.names[pid] = name
        return pid

    def grant(pid: int, role: Role, grid: str | None = None, logical_id: int | None = None) -> None:
        org.grants.append(
            {
                "person_id": pid,
                "role": role.value,
                "grid_id": grid_ids[grid] if grid else None,
                "logical_grid_id": logical_id,
            }
        )

    # Grid workers: one per grid; about one in seven serves its neighbour too (一员多格).
    shared_with_previous = False
    for i, leaf in enumerate(leaves):
        if shared_with_previous:
            pid = org.workers_by_grid[leaves[i - 1].code][0]
            shared_with_previous = False
        else:
            pid = person(f"W{i + 1:05d}")
            shared_with_previous = rng.random() < 0.15 and i + 1 < len(leaves)
        org.workers_by_grid.setdefault(leaf.code, []).append(pid)
        org.grid_memberships.append({"person_id": pid, "grid_id": grid_ids[leaf.code], "role": "grid_worker"})
        grant(pid, Role.GRID_WORKER, leaf.code)

    # Community grid leaders (网格长).
    for i, community in enumerate(district.of_level(GridLevel.COMMUNITY)):
        pid = person(f"C{i + 1:04d}")
        org.grid_memberships.append(
            {"person_id": pid, "grid_id": grid_ids[community.code], "role": "grid_leader"}
        )

    # Command-center operators: the district center and each township's.
    centers = [district.root, *townships]
    for ci, center in enumerate(centers):
        count = 3 if center is district.root else 2
        for k in range(count):
            login = f"op_{center.code}_{k + 1}"
            pid = person(f"O{ci:03d}{k + 1}", login)
            org.operators_by_center.setdefault(center.code, []).append(pid)
            grant(pid, Role.OPERATOR, center.code)

    # Departments as logical grids: leader, liaison and members; members also work in grids (一格多员).
    lg_id = 0
    township_codes = [t.code for t in townships]
    for code, name, kind, children in LOGICAL_GRIDS:
        lg_id += 1
        parent_id = lg_id
        org.logical_grids.append(
            {"id": lg_id, "code": code, "name": name, "kind": kind, "parent_id": None, "covers_all": True}
        )
        _staff(org, rng, person, grant, lg_id, code, leaves, grid_ids, members=3)
        for ci, (suffix, child_name) in enumerate(children):
            lg_id += 1
            child_code = code + suffix
            org.logical_grids.append(
                {
                    "id": lg_id,
                    "code": child_code,
                    "name": child_name,
                    "kind": kind,
                    "parent_id": parent_id,
                    "covers_all": False,
                }
            )
            # Children split the townships between them.
            for t_code in township_codes[ci :: len(children)]:
                for node in district.children(t_code):
                    org.coverage.append({"logical_grid_id": lg_id, "grid_id": grid_ids[node.code]})
            _staff(org, rng, person, grant, lg_id, child_code, leaves, grid_ids, members=2)

    for k in range(4):
        pid = person(f"L{k + 1:03d}", f"leader_{k + 1}")
        org.leaders.append(pid)
        grant(pid, Role.LEADER)
    for k in range(2):
        pid = person(f"A{k + 1:03d}", f"admin_{k + 1}")
        grant(pid, Role.ADMIN)
    for k in range(60):
        pid = person(f"R{k + 1:05d}")
        org.citizens.append(pid)
        grant(pid, Role.CITIZEN)
    return org


def _staff(org, rng, person, grant, lg_id, code, leaves, grid_ids, members) -> None:  # type: ignore[no-untyped-def]
    leader = person(f"G{code}L", f"lg_{code.lower()}_leader")
    liaison = person(f"G{code}S", f"lg_{code.lower()}_liaison")
    org.logical_grids[-1]["leader_id"] = leader
    org.logical_memberships.append({"person_id": leader, "logical_grid_id": lg_id, "role": "leader"})
    org.logical_memberships.append({"person_id": liaison, "logical_grid_id": lg_id, "role": "liaison"})
    grant(liaison, Role.LIAISON, logical_id=lg_id)
    grant(leader, Role.LIAISON, logical_id=lg_id)
    staff = [leader, liaison]
    for m in range(members):
        pid = person(f"G{code}M{m + 1}")
        staff.append(pid)
        org.logical_memberships.append({"person_id": pid, "logical_grid_id": lg_id, "role": "member"})
        grant(pid, Role.LIAISON, logical_id=lg_id)  # members act on their department's cases too
        for leaf in rng.sample(leaves, k=min(2, len(leaves))):
            org.grid_memberships.append(
                {"person_id": pid, "grid_id": grid_ids[leaf.code], "role": "logical_member"}
            )
    org.members_by_logical[code] = staff
