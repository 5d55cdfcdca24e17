"""no repeated route: a personal login cannot route a routed case again to the unit it is routed to

Revision ID: 0010
Revises: 0009

PostgreSQL only (nothing on SQLite, the single-user demo), like 0007. The services refuse such a
route (domain.workflow.no_op, services.workflow_ops.route): it moves nothing, only adds a trail row
(an audit found a case with twelve identical ones). 0007's cc_check_step lets it through, because
the row it writes (version + 1, the same unit) is exactly what the step gives; so a login in psql
could still do what the app no longer does.

How: a second statement trigger on event_steps, `cc_trail_route_again`, after 0007's
`cc_trail_recorded` (triggers of one event fire in name order). For each route row from `routed`
inserted by a personal login it compares the unit the row names with the unit of the case as it
was before the step (cc_step_tokens.old_row, kept by 0007's triggers) and refuses the statement
(insufficient_privilege, "case X: step route refused: the case is already routed to ...") when they
are the same. The owner connection (no person) is not checked, as in 0007. cc_check_step itself is
left as 0007 wrote it.
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

_DEF = "SECURITY DEFINER SET search_path FROM CURRENT"

ROUTE_AGAIN = f"""
CREATE FUNCTION cc_trail_route_again() RETURNS trigger
LANGUAGE plpgsql {_DEF} AS $$
DECLARE
    me integer := cc_current_person();
    r event_steps;
    old_row jsonb;
    u record;
    case_label text;
BEGIN
    IF me IS NULL THEN RETURN NULL; END IF;
    FOR r IN SELECT * FROM cc_new_rows WHERE step = 'route' AND from_status = 'routed' ORDER BY id LOOP
        SELECT t.old_row INTO old_row FROM cc_step_tokens t
        WHERE t.txid = pg_current_xact_id() AND t.event_id = r.event_id AND t.person_id = me;
        IF old_row IS NULL OR old_row ->> 'status' IS DISTINCT FROM 'routed' THEN
            CONTINUE;  -- no change of the case behind it: 0007's checks have refused it already
        END IF;
        SELECT * INTO u FROM cc_unit_of(coalesce(r.data, '{{}}'::jsonb) -> 'responsible');
        IF u.kind IS NOT NULL AND u.kind = old_row ->> 'responsible_kind'
           AND u.grid_id IS NOT DISTINCT FROM (old_row ->> 'responsible_grid_id')::integer
           AND u.logical_id IS NOT DISTINCT FROM (old_row ->> 'responsible_logical_id')::integer THEN
            SELECT coalesce(e.code, e.id::text) INTO case_label FROM events e WHERE e.id = r.event_id;
            RAISE EXCEPTION 'case %: step route refused: the case is already routed to % %; route it to '
                            'another unit, or assign it', case_label, u.kind, u.code
                USING ERRCODE = 'insufficient_privilege';
        END IF;
    END LOOP;
    RETURN NULL;
END $$
"""
TRIGGER = (
    "CREATE TRIGGER cc_trail_route_again AFTER INSERT ON event_steps REFERENCING NEW TABLE AS cc_new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION cc_trail_route_again()"
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded SQLite database is a single-user demo: no security is enforced there
    op.execute(ROUTE_AGAIN)
    op.execute(TRIGGER)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS cc_trail_route_again ON event_steps")
    op.execute("DROP FUNCTION IF EXISTS cc_trail_route_again()")
