"""admin audit: every change of the administered tables on an append-only trail

Revision ID: 0009
Revises: 0008

`admin_audit` gets one row per inserted, updated or deleted row of the tables administrators maintain
(people, role grants, memberships, logical grids and their coverage, categories and their time
limits, grids, the calendar, settings): when, who (person id and database login), which table and row
(its primary key values joined by ','), the action, and the row before and after as JSON.

Written by triggers on both databases, so every writer is audited the same way: the app's services,
imports, the demo, and on PostgreSQL also an administrator's own psql session.

Who did it
- PostgreSQL: `cc_current_person()` (migration 0005: the person linked to session_user) and
  `login` = session_user. The app's owner connection is linked to nobody; a service acting for a
  person on it says who with `SELECT set_config('cc.actor', '<person id>', true)` (transaction-local),
  which the trigger believes only from a privileged connection (cc_is_privileged), never from a login.
- SQLite (single-user demo, no logins): the services write the acting person into the one-row table
  `cc_audit_actor` at the start of their transaction and delete it before the commit, so it is never
  seen outside that transaction; `login` stays NULL there.

The row as JSON: PostgreSQL's to_jsonb of the row; the SQLite triggers list the columns the table has
when this migration runs (a later migration adding a column to one of these tables must recreate its
SQLite triggers), with booleans as JSON booleans like PostgreSQL. Grid geometry is recorded as its size in
bytes ("geom_wkb": 1234), not the bytes. Timestamps inside the JSON are as each database writes them.

Not recorded: TRUNCATE of an audited table (row triggers do not fire; only the owner can truncate),
and on SQLite the columns a later migration adds (see above).

Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE of admin_audit (as 0001 does for the
trail); on PostgreSQL cc_admin may only SELECT it (no INSERT either: rows come from the triggers,
which are SECURITY DEFINER) and no other group has any privilege on it.
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

# The audited tables and their primary key columns (reply_templates: migration 0008).
AUDITED: dict[str, tuple[str, ...]] = {
    "people": ("id",),
    "role_grants": ("id",),
    "grid_memberships": ("id",),
    "logical_memberships": ("id",),
    "logical_grids": ("id",),
    "logical_grid_coverage": ("logical_grid_id", "grid_id"),
    "categories": ("id",),
    "category_limits": ("category_id", "step"),
    "reply_templates": ("id",),
    "grids": ("id",),
    "calendar_days": ("day",),
    "settings": ("key",),
}

SQLITE_NOW = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"

PG_FUNCTIONS = [
    """
    CREATE FUNCTION cc_admin_audit_row() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
        old_doc jsonb;
        new_doc jsonb;
        key_doc jsonb;
        actor integer := cc_current_person();
        claimed text := nullif(current_setting('cc.actor', true), '');
        row_key text;
    BEGIN
        IF TG_OP <> 'INSERT' THEN old_doc := to_jsonb(OLD); END IF;
        IF TG_OP <> 'DELETE' THEN new_doc := to_jsonb(NEW); END IF;
        -- geometry: its size in bytes (bytea is '\\x' + two hex digits a byte in JSON)
        IF old_doc ? 'geom_wkb' AND jsonb_typeof(old_doc -> 'geom_wkb') = 'string' THEN
            old_doc := old_doc || jsonb_build_object('geom_wkb', (length(old_doc ->> 'geom_wkb') - 2) / 2);
        END IF;
        IF new_doc ? 'geom_wkb' AND jsonb_typeof(new_doc -> 'geom_wkb') = 'string' THEN
            new_doc := new_doc || jsonb_build_object('geom_wkb', (length(new_doc ->> 'geom_wkb') - 2) / 2);
        END IF;
        IF actor IS NULL AND claimed IS NOT NULL AND cc_is_privileged() THEN
            actor := claimed::integer;
        END IF;
        key_doc := coalesce(new_doc, old_doc);
        SELECT string_agg(key_doc ->> k.col, ',' ORDER BY k.ord) INTO row_key
        FROM unnest(TG_ARGV) WITH ORDINALITY AS k(col, ord);
        INSERT INTO admin_audit (at, actor_id, login, table_name, row_key, action, before, after)
        VALUES (clock_timestamp(), actor, session_user, TG_TABLE_NAME, row_key, lower(TG_OP),
                old_doc, new_doc);
        RETURN NULL;
    END $$
    """,
    """
    CREATE FUNCTION cc_admin_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the administration trail (admin_audit) is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
]


def _present() -> dict[str, tuple[str, ...]]:
    """The audited tables this database has (a table an earlier migration dropped is skipped)."""
    names = set(sa.inspect(op.get_bind()).get_table_names())
    return {t: key for t, key in AUDITED.items() if t in names}


def _pg_statements() -> list[str]:
    out = list(PG_FUNCTIONS)
    for table, key in _present().items():
        args = ", ".join(f"'{k}'" for k in key)
        out.append(
            f"CREATE TRIGGER cc_audit_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION cc_admin_audit_row({args})"
        )
    out += [
        "CREATE TRIGGER admin_audit_append_only BEFORE UPDATE OR DELETE ON admin_audit "
        "FOR EACH ROW EXECUTE FUNCTION cc_admin_audit_append_only()",
        "CREATE TRIGGER admin_audit_no_truncate BEFORE TRUNCATE ON admin_audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION cc_admin_audit_append_only()",
        # Only administrators read it; nobody writes it but the triggers (see 0005 for the groups).
        "REVOKE ALL ON admin_audit FROM cc_operator, cc_liaison, cc_leader, cc_admin, cc_field",
        "GRANT SELECT ON admin_audit TO cc_admin",
    ]
    return out


def _sqlite_columns(table: str) -> dict[str, str]:
    """column -> "" (plain), "bool", "json" or "bytes", from the table as it is now."""
    out = {}
    for col in sa.inspect(op.get_bind()).get_columns(table):
        declared = str(col["type"]).upper()
        kind = ""
        if "BOOL" in declared:
            kind = "bool"
        elif "JSON" in declared:
            kind = "json"
        elif "BLOB" in declared or "BINARY" in declared:
            kind = "bytes"
        out[col["name"]] = kind
    return out


def _sqlite_json(row: str, columns: dict[str, str]) -> str:
    parts = []
    for col, kind in columns.items():
        value = f"{row}.{col}"
        if kind == "bool":
            value = f"json(CASE WHEN {value} IS NULL THEN 'null' WHEN {value} THEN 'true' ELSE 'false' END)"
        elif kind == "json":
            value = f"json({value})"
        elif kind == "bytes":
            value = f"length({value})"
        parts.append(f"'{col}', {value}")
    return f"json_object({', '.join(parts)})"


def _sqlite_statements() -> list[str]:
    out = [
        "CREATE TABLE cc_audit_actor (id INTEGER PRIMARY KEY CHECK (id = 1), person_id INTEGER)",
    ]
    for table, key in _present().items():
        columns = _sqlite_columns(table)
        for action in ("insert", "update", "delete"):
            row = "OLD" if action == "delete" else "NEW"
            before = "NULL" if action == "insert" else _sqlite_json("OLD", columns)
            after = "NULL" if action == "delete" else _sqlite_json("NEW", columns)
            row_key = " || ',' || ".join(f"CAST({row}.{k} AS TEXT)" for k in key)
            out.append(
                f"""
                CREATE TRIGGER cc_audit_{table}_{action} AFTER {action.upper()} ON {table} FOR EACH ROW
                BEGIN
                    INSERT INTO admin_audit (at, actor_id, login, table_name, row_key, action, before, after)
                    VALUES ({SQLITE_NOW}, (SELECT person_id FROM cc_audit_actor WHERE id = 1), NULL,
                            '{table}', {row_key}, '{action}', {before}, {after});
                END
                """
            )
    out += [
        """
        CREATE TRIGGER admin_audit_no_update BEFORE UPDATE ON admin_audit
        BEGIN SELECT RAISE(ABORT, 'the administration trail (admin_audit) is append-only: UPDATE refused'); END
        """,
        """
        CREATE TRIGGER admin_audit_no_delete BEFORE DELETE ON admin_audit
        BEGIN SELECT RAISE(ABORT, 'the administration trail (admin_audit) is append-only: DELETE refused'); END
        """,
    ]
    return out


def upgrade() -> None:
    big_id = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
    json_doc = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
    op.create_table(
        "admin_audit",
        sa.Column("id", big_id, nullable=False),
        sa.Column(
            "at", sa.DateTime(timezone=True), server_default=sa.func.current_timestamp(), nullable=False
        ),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("login", sa.String(length=63), nullable=True),
        sa.Column("table_name", sa.String(length=32), nullable=False),
        sa.Column("row_key", sa.String(length=100), nullable=False),
        sa.Column("action", sa.String(length=8), nullable=False),
        sa.Column("before", json_doc, nullable=True),
        sa.Column("after", json_doc, nullable=True),
        sa.CheckConstraint("action IN ('insert', 'update', 'delete')", name=op.f("ck_admin_audit_action")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_admin_audit")),
    )
    op.create_index("ix_admin_audit_at", "admin_audit", ["at"])
    op.create_index("ix_admin_audit_table_name_row_key", "admin_audit", ["table_name", "row_key"])
    op.create_index("ix_admin_audit_actor_id", "admin_audit", ["actor_id"])
    dialect = op.get_bind().dialect.name
    for statement in _pg_statements() if dialect == "postgresql" else _sqlite_statements():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _present():
            op.execute(f"DROP TRIGGER IF EXISTS cc_audit_{table} ON {table}")
        op.execute("DROP TABLE IF EXISTS admin_audit")  # its own triggers go with it
        op.execute("DROP FUNCTION IF EXISTS cc_admin_audit_row()")
        op.execute("DROP FUNCTION IF EXISTS cc_admin_audit_append_only()")
        return
    for table in _present():
        for action in ("insert", "update", "delete"):
            op.execute(f"DROP TRIGGER IF EXISTS cc_audit_{table}_{action}")
    op.execute("DROP TABLE IF EXISTS admin_audit")
    op.execute("DROP TABLE IF EXISTS cc_audit_actor")
