"""The shared database's tables (SQLAlchemy 2 typed models).

The same schema runs on PostgreSQL (shared, multi-user) and SQLite (embedded, single-user demo).
Phones and other systems write into these tables too, so every column a hand-written INSERT may
omit has a server-side default, and event codes are filled in by a database trigger.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Date,
    FetchedValue,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    text,
    true,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from commandcenter.db.types import JsonDoc, UTCDateTime

# Deterministic constraint names so Alembic migrations are identical on both databases.
NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# 64-bit ids on PostgreSQL; SQLite needs plain INTEGER for its rowid alias (autoincrement).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JsonDoc}


class Grid(Base):
    """A physical grid (物理网格) at any level: district, township, community, grid, micro-grid."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(18), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"), index=True)
    # Polygon or MultiPolygon in WGS84 (lon/lat) as WKB; the bbox and centroid are kept beside it
    # so the map and the queues need not decode geometry.
    geom_wkb: Mapped[bytes | None] = mapped_column(LargeBinary)
    min_lon: Mapped[float | None] = mapped_column(Float)
    min_lat: Mapped[float | None] = mapped_column(Float)
    max_lon: Mapped[float | None] = mapped_column(Float)
    max_lat: Mapped[float | None] = mapped_column(Float)
    centroid_lon: Mapped[float | None] = mapped_column(Float)
    centroid_lat: Mapped[float | None] = mapped_column(Float)
    area_km2: Mapped[float | None] = mapped_column(Float)
    households: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    residents: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    properties: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, server_default=text("'{}'"))
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    parent: Mapped[Grid | None] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list[Grid]] = relationship(back_populates="parent")

    __mapper_args__ = {"version_id_col": version}


class LogicalGrid(Base):
    """A department or organisation modelled as a grid (逻辑网格)."""

    __tablename__ = "logical_grids"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(32))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("logical_grids.id"), index=True)
    leader_id: Mapped[int | None] = mapped_column(ForeignKey("people.id", use_alter=True))
    # Most departments cover the whole district; otherwise logical_grid_coverage lists the grids.
    covers_all: Mapped[bool] = mapped_column(Boolean, server_default=true())
    description: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))

    parent: Mapped[LogicalGrid | None] = relationship(remote_side=[id])
    covered: Mapped[list[Grid]] = relationship(secondary="logical_grid_coverage")

    __mapper_args__ = {"version_id_col": version}


class LogicalGridCoverage(Base):
    __tablename__ = "logical_grid_coverage"

    logical_grid_id: Mapped[int] = mapped_column(
        ForeignKey("logical_grids.id", ondelete="CASCADE"), primary_key=True
    )
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"), primary_key=True)


class Person(Base):
    """Anyone who acts on cases: workers, operators, liaisons, leaders, administrators, citizens."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str | None] = mapped_column(String(32))
    # The PostgreSQL login this person signs in with (sign-in issue); NULL for field staff/citizens.
    login: Mapped[str | None] = mapped_column(String(63), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    created_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    grants: Mapped[list[RoleGrant]] = relationship(back_populates="person", cascade="all, delete-orphan")


class RoleGrant(Base):
    """A role held by a person, scoped to a physical grid node or a logical grid (or unscoped)."""

    __tablename__ = "role_grants"
    __table_args__ = (UniqueConstraint("person_id", "role", "grid_id", "logical_grid_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    logical_grid_id: Mapped[int | None] = mapped_column(ForeignKey("logical_grids.id"))

    person: Mapped[Person] = relationship(back_populates="grants")


class GridMembership(Base):
    """Person <-> physical grid, many-to-many (一格多员, 一员多格)."""

    __tablename__ = "grid_memberships"
    __table_args__ = (UniqueConstraint("person_id", "grid_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    grid_id: Mapped[int] = mapped_column(ForeignKey("grids.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(32))  # grid_worker, grid_leader, logical_member, ...


class LogicalMembership(Base):
    """Person <-> logical grid, many-to-many (leader, member, liaison)."""

    __tablename__ = "logical_memberships"
    __table_args__ = (UniqueConstraint("person_id", "logical_grid_id", "role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    logical_grid_id: Mapped[int] = mapped_column(
        ForeignKey("logical_grids.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(32))


class Category(Base):
    """An event category: its worker duty, national class, default department and time limits."""

    __tablename__ = "categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    name_en: Mapped[str | None] = mapped_column(String(96))
    duty: Mapped[str] = mapped_column(String(16))  # WorkerDuty
    event_class: Mapped[str] = mapped_column(String(32))  # national class, e.g. 市容环境
    # The kind of department that usually handles it; routing suggests its logical grid.
    department_kind: Mapped[str | None] = mapped_column(String(32))
    default_logical_grid_id: Mapped[int | None] = mapped_column(ForeignKey("logical_grids.id"))
    default_priority: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())

    limits: Mapped[list[CategoryLimit]] = relationship(
        back_populates="category", cascade="all, delete-orphan", lazy="selectin"
    )


class CategoryLimit(Base):
    """The time limit of one workflow step for one category (hours, or working days)."""

    __tablename__ = "category_limits"
    __table_args__ = (CheckConstraint("unit IN ('hours', 'workdays')", name="unit"),)

    category_id: Mapped[int] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), primary_key=True
    )
    step: Mapped[str] = mapped_column(String(16), primary_key=True)  # SlaStep
    amount: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(8))

    category: Mapped[Category] = relationship(back_populates="limits")


class CalendarDay(Base):
    """An exception to the weekly pattern: a public holiday, or a weekend day worked (调休)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    is_workday: Mapped[bool] = mapped_column(Boolean)
    name: Mapped[str | None] = mapped_column(String(64))


def _set_only(*columns: str) -> Index:
    """An index on `columns` holding only the rows whose first column is set (not NULL)."""
    where = text(f"{columns[0]} IS NOT NULL")
    return Index(f"ix_events_{'_'.join(columns)}", *columns, postgresql_where=where, sqlite_where=where)


class Event(Base):
    """A case (事件): what was reported, where and when, and where it stands in the loop."""

    __tablename__ = "events"
    __table_args__ = (
        UniqueConstraint("source_system", "external_id"),
        Index("ix_events_status_step_deadline", "status", "step_deadline"),
        Index("ix_events_grid_id_status", "grid_id", "status"),
        # Partial on columns a new case leaves NULL: an insert adds no entry (migration 0006).
        _set_only("responsible_logical_id", "status"),
        _set_only("assignee_id", "status"),
        _set_only("verified_at"),
        _set_only("dispatched_at"),
        _set_only("closed_at"),
        _set_only("deadline"),
        CheckConstraint("priority BETWEEN 0 AND 2", name="priority"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    # Filled by a trigger from received_at and id when the writer leaves it NULL (phones, psql).
    code: Mapped[str | None] = mapped_column(String(24), unique=True, server_default=FetchedValue())
    source: Mapped[str] = mapped_column(String(16), server_default=text("'citizen_app'"))
    # Where an imported or exchanged case came from, and its id there: re-imports are idempotent.
    source_system: Mapped[str] = mapped_column(String(64), server_default=text("''"))
    external_id: Mapped[str | None] = mapped_column(String(64))
    category_id: Mapped[int] = mapped_column(ForeignKey("categories.id"), index=True)
    original_category: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), server_default=text("''"))
    description: Mapped[str | None] = mapped_column(Text)
    # The event's place (WGS84); device_* is where the phone was when it reported.
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    device_lat: Mapped[float | None] = mapped_column(Float)
    device_lon: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str | None] = mapped_column(String(200))
    reported_at: Mapped[datetime | None] = mapped_column()  # device time
    received_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp(), index=True)
    reporter_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    # Deferred: on PostgreSQL only operators and admins may read citizens' contacts (migration 0005),
    # so loading a case must not ask for them unless the caller does.
    reporter_name: Mapped[str | None] = mapped_column(String(64), deferred=True)
    reporter_phone: Mapped[str | None] = mapped_column(String(32), deferred=True)
    # The physical grid containing the place; NULL = outside every grid (the unassigned queue).
    grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    claimed_grid_code: Mapped[str | None] = mapped_column(String(18))
    position_flag: Mapped[bool] = mapped_column(Boolean, server_default=false())
    time_flag: Mapped[bool] = mapped_column(Boolean, server_default=false())
    responsible_kind: Mapped[str | None] = mapped_column(String(8))  # UnitKind
    responsible_grid_id: Mapped[int | None] = mapped_column(ForeignKey("grids.id"))
    responsible_logical_id: Mapped[int | None] = mapped_column(ForeignKey("logical_grids.id"))
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    priority: Mapped[int] = mapped_column(SmallInteger, server_default=text("0"))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'reported'"))
    parked_from: Mapped[str | None] = mapped_column(String(16))
    parked_at: Mapped[datetime | None] = mapped_column()
    parked_seconds: Mapped[float] = mapped_column(Float, server_default=text("0"))
    # The SLA clock of the current step, and the case's overall handling deadline.
    step_started_at: Mapped[datetime | None] = mapped_column()
    step_deadline: Mapped[datetime | None] = mapped_column()
    deadline: Mapped[datetime | None] = mapped_column()
    # When verification and dispatch were due (migration 0004): the on-time measures compare against them.
    verify_due_at: Mapped[datetime | None] = mapped_column()
    dispatch_due_at: Mapped[datetime | None] = mapped_column()
    extension_until: Mapped[datetime | None] = mapped_column()  # requested, awaiting approval
    supervised: Mapped[bool] = mapped_column(Boolean, server_default=false())
    supervision_note: Mapped[str | None] = mapped_column(Text)
    reworks: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    sent_backs: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    verified_at: Mapped[datetime | None] = mapped_column()
    dispatched_at: Mapped[datetime | None] = mapped_column()
    replied_at: Mapped[datetime | None] = mapped_column()
    checked_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    rating: Mapped[int | None] = mapped_column(SmallInteger)
    # Source columns kept as they came (imports) and any extra fields of the writer.
    extra: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, server_default=text("'{}'"))
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())

    category: Mapped[Category] = relationship(lazy="joined")
    grid: Mapped[Grid | None] = relationship(foreign_keys=[grid_id])
    assignee: Mapped[Person | None] = relationship(foreign_keys=[assignee_id])
    trail: Mapped[list[TrailEntry]] = relationship(
        back_populates="event", order_by="TrailEntry.id", viewonly=True
    )
    media: Mapped[list[Media]] = relationship(back_populates="event", viewonly=True)

    __mapper_args__ = {"version_id_col": version}


class TrailEntry(Base):
    """One workflow step (全程留痕). Append-only: a trigger refuses UPDATE and DELETE on PostgreSQL."""

    __tablename__ = "event_steps"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    step: Mapped[str] = mapped_column(String(24))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    actor_name: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())  # no index: 0006
    from_status: Mapped[str | None] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    data: Mapped[dict[str, Any]] = mapped_column(JsonDoc, default=dict, server_default=text("'{}'"))

    event: Mapped[Event] = relationship(back_populates="trail")


class Rating(Base):
    """A citizen's evaluation of a handled case (群众可评)."""

    __tablename__ = "ratings"
    __table_args__ = (CheckConstraint("stars BETWEEN 1 AND 5", name="stars"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    stars: Mapped[int] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)
    rater_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    rated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp(), index=True)


class Media(Base):
    """A reference to a photo, video or audio file held by the media store (never the bytes)."""

    __tablename__ = "media"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"), index=True)
    step_id: Mapped[int | None] = mapped_column(ForeignKey("event_steps.id"))
    kind: Mapped[str] = mapped_column(String(8), server_default=text("'photo'"))
    url: Mapped[str] = mapped_column(String(500))
    taken_at: Mapped[datetime | None] = mapped_column()
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)

    event: Mapped[Event] = relationship(back_populates="media")


class ChangeLog(Base):
    """What changed, in commit order: filled by triggers, read by the live feed (commandcenter.live)."""

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(BigId, primary_key=True)
    table_name: Mapped[str] = mapped_column(String(32))
    row_id: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(8))  # insert, update, delete
    version: Mapped[int | None] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class Setting(Base):
    """Center-wide settings stored with the data (center name, basemap URL, ...)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JsonDoc)


class ReplyTemplate(Base):
    """What a department's task asks the worker to reply (migration 0008); NULL category = any."""

    __tablename__ = "reply_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int | None] = mapped_column(
        ForeignKey("categories.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(Boolean, server_default=true())
    version: Mapped[int] = mapped_column(Integer, server_default=text("1"))
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    updated_at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp())


class AdminAudit(Base):
    """One change of an administered table (migration 0009): written by triggers, append-only."""

    __tablename__ = "admin_audit"
    __table_args__ = (
        CheckConstraint("action IN ('insert', 'update', 'delete')", name="action"),
        Index("ix_admin_audit_table_name_row_key", "table_name", "row_key"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    at: Mapped[datetime] = mapped_column(server_default=func.current_timestamp(), index=True)
    actor_id: Mapped[int | None] = mapped_column(Integer, index=True)  # no FK: the trail outlives rows
    login: Mapped[str | None] = mapped_column(String(63))  # the database login (PostgreSQL only)
    table_name: Mapped[str] = mapped_column(String(32))
    row_key: Mapped[str] = mapped_column(String(100))  # primary key values joined by ','
    action: Mapped[str] = mapped_column(String(8))
    before: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
    after: Mapped[dict[str, Any] | None] = mapped_column(JsonDoc)
