"""change feed: triggers that record every change of the watched tables in change_log

Revision ID: 0003
Revises: 0002

Each INSERT/UPDATE/DELETE on a watched table appends one row to change_log (table, row id, kind,
version, time). On PostgreSQL the trigger also sends a small `pg_notify` on channel `cc_changes`
(inserts are logged per statement from the transition table, with one notification per statement);
the notification is only a doorbell, change_log is the truth (see commandcenter.live).

PostgreSQL notes:
- The trigger functions are SECURITY DEFINER so that a login allowed to write events need not be
  granted INSERT on change_log or its sequence.
- `at` is clock_timestamp() (the moment of the change), not now() (the start of the transaction).
- The reader's no-loss rule relies on a change's transaction having its xid before it takes its
  seq; a row trigger runs after the row was written, so that always holds. The sequence must keep
  CACHE 1 (the default): a cached range would hand out old numbers late.

SQLite notes: `at` is written with microseconds in the format SQLAlchemy uses, so text comparison
orders it correctly. The events_code trigger of 0001 fills a NULL code with an UPDATE right after
the INSERT; that UPDATE is not a change of its own and is skipped.
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

CHANNEL = "cc_changes"

# table -> the column reported as row id (composite-key tables report their main parent).
WATCHED: dict[str, str] = {
    "events": "id",
    "event_steps": "id",
    "ratings": "id",
    "media": "id",
    "grids": "id",
    "logical_grids": "id",
    "logical_grid_coverage": "logical_grid_id",
    "people": "id",
    "role_grants": "id",
    "grid_memberships": "id",
    "logical_memberships": "id",
}
# Tables with an optimistic-lock counter: the payload carries it so a view can skip stale reloads.
VERSIONED = {"events", "grids", "logical_grids"}
# The trail is append-only (0001 refuses UPDATE/DELETE), so only inserts are watched there.
INSERT_ONLY = {"event_steps"}

PG_FUNCTIONS = [
    f"""
    CREATE FUNCTION cc_change_feed() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        doc jsonb;
        rid bigint;
        ver integer;
        k text := lower(TG_OP);
        s bigint;
    BEGIN
        IF TG_OP = 'DELETE' THEN doc := to_jsonb(OLD); ELSE doc := to_jsonb(NEW); END IF;
        rid := (doc ->> TG_ARGV[0])::bigint;
        ver := (doc ->> 'version')::integer;
        INSERT INTO change_log (table_name, row_id, kind, version, at)
        VALUES (TG_TABLE_NAME, rid, k, ver, clock_timestamp())
        RETURNING seq INTO s;
        PERFORM pg_notify('{CHANNEL}', json_build_object(
            'table', TG_TABLE_NAME, 'id', rid, 'kind', k, 'version', ver, 'seq', s)::text);
        RETURN NULL;
    END $$
    """,
    # Inserts are logged per statement from the transition table: a bulk import of 100,000 rows
    # writes change_log in one INSERT ... SELECT and rings the doorbell once, instead of running
    # a trigger and a notification per row (which cost more than the import itself).
    f"""
    CREATE FUNCTION cc_change_feed_inserts() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        n bigint;
        s bigint;
    BEGIN
        EXECUTE format(
            'INSERT INTO change_log (table_name, row_id, kind, version, at) '
            'SELECT %L, r.%I, ''insert'', %s, clock_timestamp() FROM new_rows r ORDER BY r.%I',
            TG_TABLE_NAME, TG_ARGV[0], TG_ARGV[1], TG_ARGV[0]);
        GET DIAGNOSTICS n = ROW_COUNT;
        IF n > 0 THEN
            SELECT max(seq) INTO s FROM change_log;
            PERFORM pg_notify('{CHANNEL}', json_build_object(
                'table', TG_TABLE_NAME, 'kind', 'insert', 'count', n, 'seq', s)::text);
        END IF;
        RETURN NULL;
    END $$
    """,
    # TRUNCATE has no rows: one 'truncate' change with row id 0 tells readers to reload the table.
    f"""
    CREATE FUNCTION cc_change_feed_truncate() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        s bigint;
    BEGIN
        INSERT INTO change_log (table_name, row_id, kind, version, at)
        VALUES (TG_TABLE_NAME, 0, 'truncate', NULL, clock_timestamp())
        RETURNING seq INTO s;
        PERFORM pg_notify('{CHANNEL}', json_build_object(
            'table', TG_TABLE_NAME, 'id', 0, 'kind', 'truncate', 'version', NULL, 'seq', s)::text);
        RETURN NULL;
    END $$
    """,
]

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"


def _pg_statements() -> list[str]:
    out = list(PG_FUNCTIONS)
    for table, id_col in WATCHED.items():
        version = "r.version" if table in VERSIONED else "NULL"
        out.append(
            f"CREATE TRIGGER cf_{table}_ins AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows "
            f"FOR EACH STATEMENT EXECUTE FUNCTION cc_change_feed_inserts('{id_col}', '{version}')"
        )
        if table not in INSERT_ONLY:
            out.append(
                f"CREATE TRIGGER cf_{table} AFTER UPDATE OR DELETE ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION cc_change_feed('{id_col}')"
            )
            out.append(
                f"CREATE TRIGGER cf_{table}_truncate AFTER TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION cc_change_feed_truncate()"
            )
    return out


def _sqlite_statements() -> list[str]:
    out = []
    for table, id_col in WATCHED.items():
        ops = ("insert",) if table in INSERT_ONLY else ("insert", "update", "delete")
        for kind in ops:
            row = "OLD" if kind == "delete" else "NEW"
            version = f"{row}.version" if table in VERSIONED else "NULL"
            when = ""
            if table == "events" and kind == "update":
                when = "WHEN NOT (OLD.code IS NULL AND NEW.code IS NOT NULL AND OLD.version IS NEW.version)"
            out.append(
                f"""
                CREATE TRIGGER cf_{table}_{kind} AFTER {kind.upper()} ON {table} FOR EACH ROW {when}
                BEGIN
                    INSERT INTO change_log (table_name, row_id, kind, version, at)
                    VALUES ('{table}', {row}.{id_col}, '{kind}', {version}, {SQLITE_NOW});
                END
                """
            )
    return out


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    for statement in _pg_statements() if dialect == "postgresql" else _sqlite_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in WATCHED:
            op.execute(f"DROP TRIGGER IF EXISTS cf_{table}_truncate ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS cf_{table} ON {table}")
            op.execute(f"DROP TRIGGER IF EXISTS cf_{table}_ins ON {table}")
        op.execute("DROP FUNCTION IF EXISTS cc_change_feed_inserts()")
        op.execute("DROP FUNCTION IF EXISTS cc_change_feed_truncate()")
        op.execute("DROP FUNCTION IF EXISTS cc_change_feed()")
        return
    for table in WATCHED:
        for kind in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS cf_{table}_{kind}")
