"""security: group roles, grants and row-level security for personal database logins

Revision ID: 0005
Revises: 0004

PostgreSQL only. On SQLite this migration does nothing: the embedded database is a single-user demo
and no security is enforced there.

Who is who
- Each person who signs in has their own login role (people.login), created by
  `commandcenter users create`; it is a member of one group role per kind of grant it holds:
  cc_operator, cc_liaison, cc_leader, cc_admin, cc_field (grid workers). Citizens get no login.
- Group roles are cluster-wide: they are created here only if missing (NOLOGIN), so several databases
  of one cluster share them; the grants below are made per database. Creating them needs CREATEROLE
  (the migration normally runs as the owner/superuser). Downgrade revokes this database's grants and
  leaves the roles (other databases may use them).
- `cc_current_person()` maps the login that authenticated (session_user; SET ROLE does not change who
  you are) to people.id, NULL for an unknown or inactive person: then every policy refuses.
- Table grants say what a kind of user may do at all; role_grants rows (their scope) say on which rows.
  The owner connection of the app (superuser / table owner) bypasses RLS as before (no FORCE).

What is enforced
- Cases (events) are visible to: leaders and admins: all; operators: cases whose grid or responsible
  grid/center lies in their center's subtree (grid codes match by prefix), district operators also
  the unplaced ones; liaisons: cases whose responsible logical grid is theirs or below (code prefix);
  grid workers: cases assigned to them, lying in their grid or routed to it; everyone: cases they
  reported (a liaison's tasks). event_steps, ratings and media follow the visibility of their case.
  Reference tables (grids, logical grids, people, role grants, memberships, categories, limits,
  calendar, settings, change_log) are readable by every login; change_log shows ids and times of
  changes to cases a login cannot see (no content).
- Changing a case (UPDATE policy) needs the same scope as domain.permissions gives for acting:
  operator: the responsible grid/center's code else the case's grid code within the center's scope;
  liaison: responsible logical grid within theirs; grid worker: assigned to them, or waiting unassigned
  in their grid; leader/admin: all. Only workflow columns may be updated (column privileges), except
  by admins. Nobody but the owner may DELETE cases, trail rows, ratings or media.
- New cases (INSERT): operators within their scope, liaisons (tasks, reporter = themselves), grid
  workers in their grid (reporter = themselves), admins; leaders none.
- Every change of a case by a login must be recorded in the trail in the same transaction: a trigger
  notes (transaction, case, person, previous status) in cc_step_tokens (statement-level
  triggers: the owner connection pays one check per statement); the trail's INSERT policy
  accepts a row only with actor_id = the caller, a step the caller's roles may take (cc_role_steps,
  the copy of domain.permissions.RULES' step lists; a test keeps them equal), from_status = the case's
  status before this transaction and to_status = its status now; a deferred constraint trigger refuses
  the commit of a change without such a row. Media may only be added in such a transaction; ratings
  only by admins (rating is the citizen's step; their app writes through its own service).
- The trail is append-only by grant too (INSERT and SELECT only) on top of 0001's trigger.
- Citizens' names and phone numbers: column privileges. cc_operator and cc_admin may read
  events.reporter_name/reporter_phone; the others are not granted those two columns (a SELECT naming
  them, or `SELECT *`, is refused) and read the view `events_public` instead, which has every column of
  events with those two masked (张** / 138****5678) for them and filters rows with the same visibility
  as the policies (it runs as its owner, so it carries its own WHERE). People who are only citizens
  are hidden from the roles that may not see contacts (people RLS).
  For the app: the ORM must not load those two columns for such a login (models.Event should defer
  them), or its steps fail with "permission denied for table events".
- The recorded step must also be a move of the state machine: (from_status, step, to_status) must be
  a row of cc_step_transitions, the copy of domain.workflow.TRANSITIONS (a test keeps them equal).

What is not enforced here (see the report of issue 6): the workflow's guards beyond the status (an
extension decided only while one is pending, one rating per case, RESUME returning exactly to
parked_from), the step's arguments and the columns a step writes besides status (which unit a case is
routed to, the assignee, the SLA columns): a login may write any value into the workflow columns of a
case in its scope as long as the status move is a legal, recorded step of its role. A SECURITY
DEFINER `cc_take_step(event_id, expected_version, step, args)` would close that.
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

# app role (role_grants.role) -> group role
GROUP_ROLES: dict[str, str] = {
    "operator": "cc_operator",
    "liaison": "cc_liaison",
    "leader": "cc_leader",
    "admin": "cc_admin",
    "grid_worker": "cc_field",
}
ALL_GROUPS = ", ".join(GROUP_ROLES.values())
CONTACT_GROUPS = "cc_operator, cc_admin"
MASKED_GROUPS = "cc_liaison, cc_leader, cc_field"

# domain.permissions.RULES, the steps of each role (tests/security checks they stay equal).
_HANDLING = ("accept", "reply", "request_extension", "send_back")
ROLE_STEPS: dict[str, tuple[str, ...]] = {
    "operator": (
        "report",
        "verify",
        "void",
        "route",
        "assign",
        "check_pass",
        "check_fail",
        "close",
        "park",
        "resume",
        "escalate",
        "send_back",
        "approve_extension",
        "reject_extension",
        "reopen",
    ),
    "liaison": ("assign", *_HANDLING, "task"),
    "leader": ("supervise", "approve_extension", "reject_extension", "close"),
    "admin": (
        "report",
        "verify",
        "void",
        "route",
        "assign",
        "accept",
        "reply",
        "check_pass",
        "check_fail",
        "rate",
        "close",
        "send_back",
        "request_extension",
        "approve_extension",
        "reject_extension",
        "park",
        "resume",
        "escalate",
        "supervise",
        "reopen",
        "self_handle",
        "task",
    ),
    "grid_worker": (*_HANDLING, "report", "self_handle"),
    "citizen": ("report", "rate"),
}

# domain.workflow.TRANSITIONS as (from status, step, to status) rows; NULL from = a new case.
# (tests/security checks they stay equal).
TRANSITIONS: tuple[tuple[str | None, str, str], ...] = (
    (None, "report", "reported"),
    (None, "self_handle", "replied"),
    (None, "task", "assigned"),
    (None, "task", "routed"),
    ("assigned", "accept", "in_progress"),
    ("assigned", "approve_extension", "assigned"),
    ("assigned", "escalate", "verified"),
    ("assigned", "park", "parked"),
    ("assigned", "reject_extension", "assigned"),
    ("assigned", "request_extension", "assigned"),
    ("assigned", "send_back", "routed"),
    ("assigned", "supervise", "assigned"),
    ("checked", "close", "closed"),
    ("checked", "park", "parked"),
    ("checked", "rate", "checked"),
    ("checked", "supervise", "checked"),
    ("closed", "rate", "closed"),
    ("closed", "reopen", "in_progress"),
    ("closed", "reopen", "verified"),
    ("in_progress", "approve_extension", "in_progress"),
    ("in_progress", "escalate", "verified"),
    ("in_progress", "park", "parked"),
    ("in_progress", "reject_extension", "in_progress"),
    ("in_progress", "reply", "replied"),
    ("in_progress", "request_extension", "in_progress"),
    ("in_progress", "send_back", "routed"),
    ("in_progress", "supervise", "in_progress"),
    ("parked", "resume", "assigned"),
    ("parked", "resume", "checked"),
    ("parked", "resume", "in_progress"),
    ("parked", "resume", "replied"),
    ("parked", "resume", "reported"),
    ("parked", "resume", "rework"),
    ("parked", "resume", "routed"),
    ("parked", "resume", "verified"),
    ("parked", "supervise", "parked"),
    ("replied", "check_fail", "rework"),
    ("replied", "check_pass", "checked"),
    ("replied", "park", "parked"),
    ("replied", "supervise", "replied"),
    ("reported", "park", "parked"),
    ("reported", "supervise", "reported"),
    ("reported", "verify", "verified"),
    ("reported", "void", "voided"),
    ("rework", "approve_extension", "rework"),
    ("rework", "park", "parked"),
    ("rework", "reject_extension", "rework"),
    ("rework", "reply", "replied"),
    ("rework", "request_extension", "rework"),
    ("rework", "supervise", "rework"),
    ("routed", "assign", "assigned"),
    ("routed", "escalate", "verified"),
    ("routed", "park", "parked"),
    ("routed", "route", "routed"),
    ("routed", "send_back", "verified"),
    ("routed", "supervise", "routed"),
    ("verified", "escalate", "verified"),
    ("verified", "park", "parked"),
    ("verified", "route", "routed"),
    ("verified", "supervise", "verified"),
)


# Reference data every login may read.
REFERENCE_TABLES = (
    "grids",
    "logical_grids",
    "logical_grid_coverage",
    "role_grants",
    "grid_memberships",
    "logical_memberships",
    "categories",
    "category_limits",
    "calendar_days",
    "settings",
    "change_log",
    "alembic_version",
    "cc_role_steps",
    "cc_step_transitions",
)
# What administrators maintain in the app (issue 6, part 4).
ADMIN_TABLES = (
    "grids",
    "logical_grids",
    "logical_grid_coverage",
    "people",
    "role_grants",
    "grid_memberships",
    "logical_memberships",
    "categories",
    "category_limits",
    "calendar_days",
    "settings",
)
CASE_TABLES = ("events", "event_steps", "ratings", "media")
CONTACT_COLUMNS = ("reporter_name", "reporter_phone")
# events columns as of 0004, in table order (the view lists them; a later migration adding columns
# must recreate events_public and the column grants).
EVENT_COLUMNS = (
    "id",
    "code",
    "source",
    "source_system",
    "external_id",
    "category_id",
    "original_category",
    "title",
    "description",
    "lat",
    "lon",
    "device_lat",
    "device_lon",
    "address",
    "reported_at",
    "received_at",
    "reporter_id",
    "reporter_name",
    "reporter_phone",
    "grid_id",
    "claimed_grid_code",
    "position_flag",
    "time_flag",
    "responsible_kind",
    "responsible_grid_id",
    "responsible_logical_id",
    "assignee_id",
    "priority",
    "status",
    "parked_from",
    "parked_at",
    "parked_seconds",
    "step_started_at",
    "step_deadline",
    "deadline",
    "verify_due_at",
    "dispatch_due_at",
    "extension_until",
    "supervised",
    "supervision_note",
    "reworks",
    "sent_backs",
    "verified_at",
    "dispatched_at",
    "replied_at",
    "checked_at",
    "closed_at",
    "rating",
    "extra",
    "version",
    "updated_at",
)
# What a workflow step writes on an existing case (services.engine); the rest is fixed at report time.
WORKFLOW_COLUMNS = (
    "status",
    "parked_from",
    "parked_at",
    "parked_seconds",
    "assignee_id",
    "reworks",
    "sent_backs",
    "supervised",
    "supervision_note",
    "rating",
    "deadline",
    "extension_until",
    "updated_at",
    "responsible_kind",
    "responsible_grid_id",
    "responsible_logical_id",
    "step_started_at",
    "step_deadline",
    "verify_due_at",
    "dispatch_due_at",
    "verified_at",
    "dispatched_at",
    "replied_at",
    "checked_at",
    "closed_at",
    "version",
)
SEQUENCES = ("events_id_seq", "event_steps_id_seq", "ratings_id_seq", "media_id_seq")

_DEF = "SECURITY DEFINER SET search_path FROM CURRENT"

FUNCTIONS = [
    # -- identity ------------------------------------------------------------------------------
    f"""
    CREATE FUNCTION cc_current_person() RETURNS integer
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT id FROM people WHERE login = session_user::text AND active
    $$
    """,
    # Those who bypass RLS (superuser, BYPASSRLS, the tables' owner): the app's own connection.
    f"""
    CREATE FUNCTION cc_is_privileged() RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce((SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = session_user), false)
            OR pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'events'::regclass),
                           'MEMBER')
    $$
    """,
    f"""
    CREATE FUNCTION cc_has_role(p_role text) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT EXISTS (SELECT 1 FROM role_grants
                       WHERE person_id = cc_current_person() AND role = p_role)
    $$
    """,
    # -- scope ---------------------------------------------------------------------------------
    # Does the caller hold a `p_role` grant whose grid is this grid or above it (code prefix)?
    # NULL grid (an unplaced case): only a district-level operator's scope covers it.
    f"""
    CREATE FUNCTION cc_grid_in_scope(p_grid integer, p_role text DEFAULT 'operator') RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT CASE
            WHEN p_grid IS NULL THEN p_role = 'operator' AND EXISTS (
                SELECT 1 FROM role_grants r JOIN grids s ON s.id = r.grid_id
                WHERE r.person_id = cc_current_person() AND r.role = 'operator'
                  AND length(s.code) <= 6)
            ELSE EXISTS (
                SELECT 1 FROM role_grants r
                JOIN grids s ON s.id = r.grid_id
                JOIN grids g ON g.id = p_grid
                WHERE r.person_id = cc_current_person() AND r.role = p_role
                  AND starts_with(g.code, s.code))
        END
    $$
    """,
    f"""
    CREATE FUNCTION cc_logical_in_scope(p_lg integer) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT p_lg IS NOT NULL AND EXISTS (
            SELECT 1 FROM role_grants r
            JOIN logical_grids s ON s.id = r.logical_grid_id
            JOIN logical_grids l ON l.id = p_lg
            WHERE r.person_id = cc_current_person() AND r.role = 'liaison'
              AND starts_with(l.code, s.code))
    $$
    """,
    # The caller's scopes as sets, for the policies: computed once per statement (each policy calls
    # them in an uncorrelated sub-select, an InitPlan), then matched per row with = ANY (the cast to
    # integer[] keeps ANY from reading the sub-select as a set). Calling a plpgsql function per row
    # instead was about 50x slower (2 s for the 600 cases of the small demo, 15 s for its trail).
    f"""
    CREATE FUNCTION cc_sees_all() RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT cc_has_role('admin') OR cc_has_role('leader')
    $$
    """,
    f"""
    CREATE FUNCTION cc_scope_grids(p_role text) RETURNS integer[]
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce(array_agg(DISTINCT g.id), '{{}}')
        FROM role_grants r JOIN grids s ON s.id = r.grid_id JOIN grids g ON starts_with(g.code, s.code)
        WHERE r.person_id = cc_current_person() AND r.role = p_role
    $$
    """,
    f"""
    CREATE FUNCTION cc_scope_logicals() RETURNS integer[]
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce(array_agg(DISTINCT l.id), '{{}}')
        FROM role_grants r JOIN logical_grids s ON s.id = r.logical_grid_id
        JOIN logical_grids l ON starts_with(l.code, s.code)
        WHERE r.person_id = cc_current_person() AND r.role = 'liaison'
    $$
    """,
    f"""
    CREATE FUNCTION cc_district_operator() RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT cc_grid_in_scope(NULL)
    $$
    """,
    # May the caller create this case (report, self-handle, task)?
    f"""
    CREATE FUNCTION cc_can_create(p_grid integer, p_reporter integer) RETURNS boolean
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        me integer := cc_current_person();
    BEGIN
        IF me IS NULL THEN RETURN false; END IF;
        RETURN cc_has_role('admin')
            OR cc_grid_in_scope(p_grid)
            OR (p_reporter = me AND cc_has_role('liaison'))
            OR (p_reporter = me AND cc_grid_in_scope(p_grid, 'grid_worker'));
    END $$
    """,
    f"""
    CREATE FUNCTION cc_sees_contacts() RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT cc_is_privileged() OR cc_has_role('operator') OR cc_has_role('admin')
    $$
    """,
    # -- masking -------------------------------------------------------------------------------
    """
    CREATE FUNCTION cc_mask_name(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN v IS NULL OR v = '' THEN v
                    ELSE left(v, 1) || repeat('*', greatest(char_length(v) - 1, 1)) END
    $$
    """,
    """
    CREATE FUNCTION cc_mask_phone(v text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN v IS NULL OR v = '' THEN v
                    WHEN char_length(v) >= 7 THEN left(v, 3) || '****' || right(v, 4)
                    ELSE '****' END
    $$
    """,
    # -- every change of a case goes with a trail row ------------------------------------------
    # Statement-level triggers with transition tables: the app's owner connection (bulk imports, the
    # demo, benches) pays one identity check per statement, not one per row.
    f"""
    CREATE FUNCTION cc_events_note_insert() RETURNS trigger
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        me integer := cc_current_person();
    BEGIN
        IF me IS NULL OR cc_is_privileged() THEN RETURN NULL; END IF;
        INSERT INTO cc_step_tokens (txid, event_id, person_id, old_status)
        SELECT pg_current_xact_id(), n.id, me, NULL FROM cc_new_rows n
        ON CONFLICT (txid, event_id, person_id) DO UPDATE SET recorded = false;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_events_note_update() RETURNS trigger
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        me integer := cc_current_person();
    BEGIN
        IF me IS NULL OR cc_is_privileged() THEN RETURN NULL; END IF;
        INSERT INTO cc_step_tokens (txid, event_id, person_id, old_status)
        SELECT pg_current_xact_id(), n.id, me, o.status FROM cc_new_rows n JOIN cc_old_rows o ON o.id = n.id
        ON CONFLICT (txid, event_id, person_id) DO UPDATE SET recorded = false;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_may_record(p_event bigint, p_step text, p_from text, p_to text) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT EXISTS (
            SELECT 1 FROM cc_step_tokens t JOIN events e ON e.id = t.event_id
            WHERE t.txid = pg_current_xact_id() AND t.event_id = p_event
              AND t.person_id = cc_current_person()
              AND t.old_status IS NOT DISTINCT FROM p_from AND e.status = p_to)
          AND EXISTS (
            SELECT 1 FROM cc_step_transitions x
            WHERE x.from_status IS NOT DISTINCT FROM p_from AND x.step = p_step AND x.to_status = p_to)
          AND EXISTS (
            SELECT 1 FROM role_grants g JOIN cc_role_steps s ON s.role = g.role
            WHERE g.person_id = cc_current_person() AND s.step = p_step)
    $$
    """,
    f"""
    CREATE FUNCTION cc_changed_now(p_event bigint) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT EXISTS (SELECT 1 FROM cc_step_tokens
                       WHERE txid = pg_current_xact_id() AND event_id = p_event
                         AND person_id = cc_current_person())
    $$
    """,
    f"""
    CREATE FUNCTION cc_trail_recorded() RETURNS trigger
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        me integer := cc_current_person();
    BEGIN
        IF me IS NULL THEN RETURN NULL; END IF;
        UPDATE cc_step_tokens t SET recorded = true
        FROM cc_new_rows n
        WHERE t.txid = pg_current_xact_id() AND t.event_id = n.event_id AND t.person_id = me;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_step_tokens_check() RETURNS trigger
    LANGUAGE plpgsql {_DEF} AS $$
    BEGIN
        IF EXISTS (SELECT 1 FROM cc_step_tokens
                   WHERE txid = NEW.txid AND event_id = NEW.event_id AND person_id = NEW.person_id
                     AND NOT recorded) THEN
            RAISE EXCEPTION 'case % was changed without a trail entry (event_steps) of a step you may take',
                NEW.event_id USING ERRCODE = 'insufficient_privilege';
        END IF;
        DELETE FROM cc_step_tokens
        WHERE txid = NEW.txid AND event_id = NEW.event_id AND person_id = NEW.person_id;
        RETURN NULL;
    END $$
    """,
]

# Login administration for administrators signed in with their own login (the app's admin panel) and
# for the owner connection alike: SECURITY DEFINER, owned by the migration's role (which needs
# CREATEROLE), callable only by cc_admin (and the owner), and each checks that the caller is the owner
# or an active person with an admin grant. They touch only login roles linked to a person and only the
# cc_* groups, and take a SCRAM verifier, never a password (the client computes it).
ADMIN_FUNCTIONS = [
    f"""
    CREATE FUNCTION cc_admin_check(p_login text) RETURNS integer
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        v_person integer;
    BEGIN
        IF NOT (cc_is_privileged() OR cc_has_role('admin')) THEN
            RAISE EXCEPTION 'only administrators manage logins' USING ERRCODE = 'insufficient_privilege';
        END IF;
        IF p_login IS NULL OR p_login !~ '^[a-z_][a-z0-9_]{{0,62}}$' OR starts_with(p_login, 'cc_')
           OR starts_with(p_login, 'pg_') OR p_login = 'postgres' THEN
            RAISE EXCEPTION '% is not a valid login: lower-case letters, digits and _, not cc_/pg_', p_login
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login AND (rolsuper OR rolcreaterole
                   OR rolbypassrls OR rolreplication)) THEN
            RAISE EXCEPTION 'role % is privileged; manage it by hand', p_login
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        SELECT id INTO v_person FROM people WHERE login = p_login;
        RETURN v_person;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_admin_sync_groups(p_login text) RETURNS text[]
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        v_person integer := cc_admin_check(p_login);
        grp record;
        held text[] := '{{}}';
    BEGIN
        IF v_person IS NULL THEN
            RAISE EXCEPTION 'no person has the login %', p_login USING ERRCODE = 'no_data_found';
        END IF;
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
            RETURN held;
        END IF;
        FOR grp IN SELECT * FROM (VALUES {", ".join(f"('{r}', '{g}')" for r, g in GROUP_ROLES.items())})
                   AS v(app_role, grp_role) ORDER BY 2 LOOP
            IF EXISTS (SELECT 1 FROM role_grants WHERE person_id = v_person AND role = grp.app_role) THEN
                EXECUTE format('GRANT %I TO %I', grp.grp_role, p_login);
                held := held || grp.grp_role::text;
            ELSE
                EXECUTE format('REVOKE %I FROM %I', grp.grp_role, p_login);
            END IF;
        END LOOP;
        RETURN held;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_admin_create_login(p_login text, p_person_code text, p_verifier text)
    RETURNS text[]
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        owner_pid integer := cc_admin_check(p_login);
        p record;
    BEGIN
        SELECT id, code, name, login INTO p FROM people WHERE code = p_person_code;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'no person with code %', p_person_code USING ERRCODE = 'no_data_found';
        END IF;
        IF p.login IS NOT NULL AND p.login <> p_login THEN
            RAISE EXCEPTION '% (%) already signs in as %', p.name, p.code, p.login
                USING ERRCODE = 'unique_violation';
        END IF;
        IF owner_pid IS NOT NULL AND owner_pid <> p.id THEN
            RAISE EXCEPTION 'the login % belongs to another person', p_login USING ERRCODE = 'unique_violation';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
            RAISE EXCEPTION 'a database role % exists already', p_login USING ERRCODE = 'duplicate_object';
        END IF;
        IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
            RAISE EXCEPTION 'give a SCRAM-SHA-256 verifier, never a password'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('CREATE ROLE %I LOGIN PASSWORD %L', p_login, p_verifier);
        UPDATE people SET login = p_login, active = true WHERE id = p.id;
        RETURN cc_admin_sync_groups(p_login);
    END $$
    """,
    f"""
    CREATE FUNCTION cc_admin_set_password(p_login text, p_verifier text) RETURNS void
    LANGUAGE plpgsql {_DEF} AS $$
    BEGIN
        IF cc_admin_check(p_login) IS NULL THEN
            RAISE EXCEPTION 'no person has the login %', p_login USING ERRCODE = 'no_data_found';
        END IF;
        IF p_verifier IS NULL OR p_verifier NOT LIKE 'SCRAM-SHA-256$%' THEN
            RAISE EXCEPTION 'give a SCRAM-SHA-256 verifier, never a password'
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        EXECUTE format('ALTER ROLE %I PASSWORD %L', p_login, p_verifier);
    END $$
    """,
    # Disable: NOLOGIN, person inactive, open sessions ended; returns how many were ended.
    f"""
    CREATE FUNCTION cc_admin_set_enabled(p_login text, p_enabled boolean) RETURNS integer
    LANGUAGE plpgsql {_DEF} AS $$
    DECLARE
        v_person integer := cc_admin_check(p_login);
        ended integer := 0;
    BEGIN
        IF v_person IS NULL THEN
            RAISE EXCEPTION 'no person has the login %', p_login USING ERRCODE = 'no_data_found';
        END IF;
        IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_login) THEN
            EXECUTE format('ALTER ROLE %I %s', p_login, CASE WHEN p_enabled THEN 'LOGIN' ELSE 'NOLOGIN' END);
        ELSIF p_enabled THEN
            RAISE EXCEPTION 'there is no database role %; create it first', p_login
                USING ERRCODE = 'undefined_object';
        END IF;
        UPDATE people SET active = p_enabled WHERE id = v_person;
        IF p_enabled THEN
            PERFORM cc_admin_sync_groups(p_login);
        ELSE
            SELECT count(*) FILTER (WHERE pg_terminate_backend(a.pid)) INTO ended
            FROM pg_stat_activity a WHERE a.usename = p_login AND a.pid <> pg_backend_pid();
        END IF;
        RETURN ended;
    END $$
    """,
]


TABLES = [
    """
    CREATE TABLE cc_role_steps (
        role varchar(16) NOT NULL,
        step varchar(24) NOT NULL,
        PRIMARY KEY (role, step)
    )
    """,
    """
    CREATE TABLE cc_step_transitions (
        from_status varchar(16),
        step varchar(24) NOT NULL,
        to_status varchar(16) NOT NULL,
        UNIQUE NULLS NOT DISTINCT (from_status, step, to_status)
    )
    """,
    # Written only by the SECURITY DEFINER triggers above; no login has any privilege on it.
    """
    CREATE TABLE cc_step_tokens (
        txid xid8 NOT NULL,
        event_id bigint NOT NULL,
        person_id integer NOT NULL,
        old_status varchar(16),
        recorded boolean NOT NULL DEFAULT false,
        PRIMARY KEY (txid, event_id, person_id)
    )
    """,
]

TRIGGERS = [
    "CREATE TRIGGER cc_events_note_insert AFTER INSERT ON events REFERENCING NEW TABLE AS cc_new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION cc_events_note_insert()",
    "CREATE TRIGGER cc_events_note_update AFTER UPDATE ON events "
    "REFERENCING OLD TABLE AS cc_old_rows NEW TABLE AS cc_new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION cc_events_note_update()",
    "CREATE TRIGGER cc_trail_recorded AFTER INSERT ON event_steps REFERENCING NEW TABLE AS cc_new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION cc_trail_recorded()",
    "CREATE CONSTRAINT TRIGGER cc_step_tokens_check AFTER INSERT ON cc_step_tokens "
    "DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION cc_step_tokens_check()",
]


def _me() -> str:
    return "(SELECT cc_current_person())"


def case_visible(p: str = "") -> str:
    """May the caller see the case (columns prefixed by `p`)? Mirrors the module doc."""
    op, wk, lg = (
        "(SELECT cc_scope_grids('operator'))::integer[]",
        "(SELECT cc_scope_grids('grid_worker'))::integer[]",
        "(SELECT cc_scope_logicals())::integer[]",
    )
    return (
        f"((SELECT cc_sees_all()) OR {p}reporter_id = {_me()} OR {p}assignee_id = {_me()}"
        f" OR {p}grid_id = ANY ({op})"
        f" OR ({p}grid_id IS NULL AND (SELECT cc_district_operator()))"
        f" OR ({p}responsible_kind IN ('grid', 'center') AND {p}responsible_grid_id = ANY ({op}))"
        f" OR ({p}responsible_kind = 'logical' AND {p}responsible_logical_id = ANY ({lg}))"
        f" OR {p}grid_id = ANY ({wk})"
        f" OR ({p}responsible_kind = 'grid' AND {p}responsible_grid_id = ANY ({wk})))"
    )


def case_actionable(p: str = "") -> str:
    """May the caller act on the case? domain.permissions' scopes (operator: the responsible grid or
    center, else the case's grid; liaison: the responsible logical grid; grid worker: assigned to
    them, or waiting unassigned in their grid; leader and admin: all)."""
    place = f"(CASE WHEN {p}responsible_kind IN ('grid', 'center') THEN {p}responsible_grid_id ELSE {p}grid_id END)"
    return (
        f"((SELECT cc_sees_all())"
        f" OR {place} = ANY ((SELECT cc_scope_grids('operator'))::integer[])"
        f" OR ({place} IS NULL AND (SELECT cc_district_operator()))"
        f" OR ({p}responsible_kind = 'logical' AND {p}responsible_logical_id = ANY ((SELECT cc_scope_logicals())::integer[]))"
        f" OR ((SELECT cc_has_role('grid_worker')) AND ({p}assignee_id = {_me()}"
        f" OR ({p}assignee_id IS NULL AND {p}responsible_kind = 'grid'"
        f" AND {p}responsible_grid_id = ANY ((SELECT cc_scope_grids('grid_worker'))::integer[])))))"
    )


# Rows of the trail, ratings and media are visible with their case: a semi-join on events, which the
# caller's own events policy filters.
_OF_VISIBLE_CASE = "event_id IN (SELECT id FROM events)"

POLICIES = [
    # events
    f"CREATE POLICY cc_events_select ON events FOR SELECT TO {ALL_GROUPS} USING {case_visible()}",
    f"CREATE POLICY cc_events_update ON events FOR UPDATE TO {ALL_GROUPS} "
    f"USING {case_actionable()} WITH CHECK (true)",
    f"CREATE POLICY cc_events_insert ON events FOR INSERT TO {ALL_GROUPS} "
    "WITH CHECK (cc_can_create(grid_id, reporter_id))",
    # the trail
    f"CREATE POLICY cc_steps_select ON event_steps FOR SELECT TO {ALL_GROUPS} USING ({_OF_VISIBLE_CASE})",
    f"CREATE POLICY cc_steps_insert ON event_steps FOR INSERT TO {ALL_GROUPS} "
    "WITH CHECK (actor_id = cc_current_person() AND cc_may_record(event_id, step, from_status, to_status))",
    # ratings and media
    f"CREATE POLICY cc_ratings_select ON ratings FOR SELECT TO {ALL_GROUPS} USING ({_OF_VISIBLE_CASE})",
    f"CREATE POLICY cc_ratings_insert ON ratings FOR INSERT TO {ALL_GROUPS} "
    "WITH CHECK (cc_changed_now(event_id))",
    f"CREATE POLICY cc_media_select ON media FOR SELECT TO {ALL_GROUPS} USING ({_OF_VISIBLE_CASE})",
    f"CREATE POLICY cc_media_insert ON media FOR INSERT TO {ALL_GROUPS} WITH CHECK (cc_changed_now(event_id))",
    # people: citizens are hidden from those who may not see contacts; admins maintain people
    f"CREATE POLICY cc_people_select ON people FOR SELECT TO {ALL_GROUPS} USING ("
    "(SELECT cc_current_person()) IS NOT NULL AND ((SELECT cc_sees_contacts()) "
    "OR id = (SELECT cc_current_person()) "
    "OR EXISTS (SELECT 1 FROM role_grants r WHERE r.person_id = people.id AND r.role <> 'citizen') "
    "OR NOT EXISTS (SELECT 1 FROM role_grants r WHERE r.person_id = people.id AND r.role = 'citizen')))",
    "CREATE POLICY cc_people_admin ON people FOR ALL TO cc_admin "
    "USING (cc_has_role('admin')) WITH CHECK (cc_has_role('admin'))",
]
RLS_TABLES = (*CASE_TABLES, "people")


def _view() -> str:
    cols = []
    for c in EVENT_COLUMNS:
        if c == "reporter_name":
            cols.append(
                "CASE WHEN (SELECT cc_sees_contacts()) THEN e.reporter_name "
                "ELSE cc_mask_name(e.reporter_name) END AS reporter_name"
            )
        elif c == "reporter_phone":
            cols.append(
                "CASE WHEN (SELECT cc_sees_contacts()) THEN e.reporter_phone "
                "ELSE cc_mask_phone(e.reporter_phone) END AS reporter_phone"
            )
        else:
            cols.append(f"e.{c}")
    return (
        "CREATE VIEW events_public WITH (security_barrier) AS SELECT "
        + ", ".join(cols)
        + f" FROM events e WHERE (SELECT cc_is_privileged()) OR {case_visible('e.')}"
    )


def _create_roles() -> str:
    names = ", ".join(f"'{g}'" for g in GROUP_ROLES.values())
    # Concurrent migrations of two databases may race to create a role: the loser finds it made.
    return f"""
    DO $$
    DECLARE
        r text;
    BEGIN
        FOREACH r IN ARRAY ARRAY[{names}] LOOP
            IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                BEGIN
                    EXECUTE format('CREATE ROLE %I NOLOGIN', r);
                EXCEPTION WHEN duplicate_object OR unique_violation THEN
                    NULL;
                END;
            END IF;
        END LOOP;
    END $$
    """


def _grants() -> list[str]:
    out = [
        f"DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO {ALL_GROUPS}', "
        "current_database()); END $$",
        f"GRANT USAGE ON SCHEMA public TO {ALL_GROUPS}",
        f"GRANT SELECT ON {', '.join(REFERENCE_TABLES)} TO {ALL_GROUPS}",
        f"GRANT SELECT ON people TO {ALL_GROUPS}",
        f"GRANT INSERT, UPDATE, DELETE ON {', '.join(ADMIN_TABLES)} TO cc_admin",
        "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO cc_admin",
        f"GRANT USAGE ON {', '.join(SEQUENCES)} TO {ALL_GROUPS}",
        # cases: contacts only for those who need them
        f"GRANT SELECT ON events TO {CONTACT_GROUPS}",
        "GRANT SELECT ({}) ON events TO {}".format(
            ", ".join(c for c in EVENT_COLUMNS if c not in CONTACT_COLUMNS), MASKED_GROUPS
        ),
        f"GRANT SELECT ON events_public TO {ALL_GROUPS}",
        # login administration: administrators only
        *(
            f"REVOKE EXECUTE ON FUNCTION {_drop_signature(_signature(f))} FROM PUBLIC"
            for f in ADMIN_FUNCTIONS
        ),
        *(f"GRANT EXECUTE ON FUNCTION {_drop_signature(_signature(f))} TO cc_admin" for f in ADMIN_FUNCTIONS),
        "GRANT INSERT ON events TO cc_operator, cc_liaison, cc_admin, cc_field",
        "GRANT UPDATE ({}) ON events TO cc_operator, cc_liaison, cc_leader, cc_field".format(
            ", ".join(WORKFLOW_COLUMNS)
        ),
        "GRANT UPDATE ON events TO cc_admin",
        # the trail, ratings and media: read and append, never change
        f"GRANT SELECT, INSERT ON event_steps, media TO {ALL_GROUPS}",
        # rating is a citizen's step (their app writes through its own service) or an admin's
        f"GRANT SELECT ON ratings TO {ALL_GROUPS}",
        "GRANT INSERT ON ratings TO cc_admin",
    ]
    return out


def _role_steps_rows() -> list[str]:
    rows = ", ".join(f"('{role}', '{step}')" for role, steps in ROLE_STEPS.items() for step in steps)
    moves = ", ".join(
        "({}, '{}', '{}')".format("NULL" if a is None else f"'{a}'", step, b) for a, step, b in TRANSITIONS
    )
    return [
        f"INSERT INTO cc_role_steps (role, step) VALUES {rows}",
        f"INSERT INTO cc_step_transitions (from_status, step, to_status) VALUES {moves}",
    ]


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded SQLite database is a single-user demo: no security is enforced there
    op.execute(_create_roles())
    for statement in TABLES:
        op.execute(statement)
    for statement in _role_steps_rows():
        op.execute(statement)
    for statement in FUNCTIONS:
        op.execute(statement)
    for statement in TRIGGERS:
        op.execute(statement)
    for statement in ADMIN_FUNCTIONS:
        op.execute(statement)
    op.execute(_view())
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
    for statement in POLICIES:
        op.execute(statement)
    # Start from nothing for the groups in this database, then grant.
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ALL_GROUPS}")
    for statement in _grants():
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {ALL_GROUPS}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {ALL_GROUPS}")
    op.execute(f"REVOKE ALL ON SCHEMA public FROM {ALL_GROUPS}")
    op.execute(
        f"DO $$ BEGIN EXECUTE format('REVOKE ALL ON DATABASE %I FROM {ALL_GROUPS}', "
        "current_database()); END $$"
    )
    for statement in POLICIES:
        name, table = statement.split()[2], statement.split()[4]
        op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
    for table in RLS_TABLES:
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
    op.execute("DROP VIEW IF EXISTS events_public")
    op.execute("DROP TRIGGER IF EXISTS cc_trail_recorded ON event_steps")
    op.execute("DROP TRIGGER IF EXISTS cc_events_note_update ON events")
    op.execute("DROP TRIGGER IF EXISTS cc_events_note_insert ON events")
    op.execute("DROP TABLE IF EXISTS cc_step_tokens")  # drops its constraint trigger
    for statement in reversed([*FUNCTIONS, *ADMIN_FUNCTIONS]):
        op.execute(f"DROP FUNCTION IF EXISTS {_drop_signature(_signature(statement))}")
    op.execute("DROP TABLE IF EXISTS cc_step_transitions")
    op.execute("DROP TABLE IF EXISTS cc_role_steps")


def _signature(statement: str) -> str:
    return statement.split("CREATE FUNCTION", 1)[1].split("RETURNS", 1)[0].strip()


def _drop_signature(signature: str) -> str:
    """'f(p_grid integer, p_role text DEFAULT 'x')' -> 'f(integer, text)'."""
    name, args = signature.split("(", 1)
    args = args.rsplit(")", 1)[0]
    types = []
    for arg in filter(None, (a.strip() for a in args.split(","))):
        words = arg.split(" DEFAULT ")[0].split()
        types.append(" ".join(words[1:]) if len(words) > 1 else words[0])
    return f"{name.strip()}({', '.join(types)})"
