"""import speed: fewer index entries per new event; the code trigger only runs when a code is missing

Revision ID: 0006
Revises: 0005

Every index entry is written for every inserted event, so a bulk import (`commandcenter bench import`)
pays for each index on every row. Here:
- ix_events_status goes: it repeats the leading column of ix_events_status_step_deadline, which
  serves every query on status alone.
- ix_event_steps_at goes: no query looks the trail up by time alone (a case's trail is read through
  ix_event_steps_event_id, the brief's supervision steps too); every import step would add an entry.
- The indexes on columns that a new case leaves NULL become partial (`WHERE col IS NOT NULL`):
  verified_at, dispatched_at, closed_at, deadline (the measures' period look-ups) and
  assignee_id / responsible_logical_id (+ status) (the person's and the department's queues). Every
  query using them compares the column with =, <, >= or IN, which already implies NOT NULL, so both
  PostgreSQL and SQLite still use them; a reported case adds no entry until the step that sets the
  column.
- PostgreSQL: the events_code row trigger gets `WHEN (NEW.code IS NULL)`, so a writer that sends codes
  (imports, the demo: commandcenter.db.codes) no longer runs a PL/pgSQL call per row; every other
  writer (phones, psql) still gets its code. The function also stops truncating ids of 8 digits and
  more (lpad cuts to 7: ids 10000000 and 10000001 received on one day would clash), matching SQLite's
  printf('%07d') and the Python twin. SQLite's trigger already had the WHEN clause.
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

# (index, columns): each becomes partial on its first column being set.
PARTIAL = (
    ("ix_events_verified_at", ["verified_at"]),
    ("ix_events_dispatched_at", ["dispatched_at"]),
    ("ix_events_closed_at", ["closed_at"]),
    ("ix_events_deadline", ["deadline"]),
    ("ix_events_assignee_id_status", ["assignee_id", "status"]),
    ("ix_events_responsible_logical_id_status", ["responsible_logical_id", "status"]),
)

CODE_FUNCTION = """
    CREATE OR REPLACE FUNCTION cc_event_code() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.code IS NULL THEN
            NEW.code := 'E' || to_char(NEW.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
                        || '-' || {padded};
        END IF;
        RETURN NEW;
    END $$
"""
PADDED_NEW = "lpad(NEW.id::text, greatest(7, length(NEW.id::text)), '0')"
PADDED_OLD = "lpad(NEW.id::text, 7, '0')"


def _where(column: str) -> dict[str, object]:
    condition = sa.text(f"{column} IS NOT NULL")
    return {"postgresql_where": condition, "sqlite_where": condition}


def upgrade() -> None:
    op.drop_index("ix_events_status", table_name="events")
    op.drop_index("ix_event_steps_at", table_name="event_steps")
    for name, columns in PARTIAL:
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", columns, **_where(columns[0]))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(CODE_FUNCTION.format(padded=PADDED_NEW))
        op.execute("DROP TRIGGER events_code ON events")
        op.execute(
            "CREATE TRIGGER events_code BEFORE INSERT ON events FOR EACH ROW "
            "WHEN (NEW.code IS NULL) EXECUTE FUNCTION cc_event_code()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER events_code ON events")
        op.execute(
            "CREATE TRIGGER events_code BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION cc_event_code()"
        )
        op.execute(CODE_FUNCTION.format(padded=PADDED_OLD))
    for name, columns in reversed(PARTIAL):
        op.drop_index(name, table_name="events")
        op.create_index(name, "events", columns)
    op.create_index("ix_event_steps_at", "event_steps", ["at"])
    op.create_index("ix_events_status", "events", ["status"])
