"""step checks: a personal login's step must write what the step writes, with arguments the app allows

Revision ID: 0007
Revises: 0006

PostgreSQL only (nothing on SQLite, the single-user demo). Closes what 0005 left open: there a login
could write any value into the workflow columns of a case in its scope as long as the status move was
a legal, recorded step of its role.

How it is checked
- 0005's update/insert triggers on events now also keep the row as it was before the step
  (cc_step_tokens.old_row, jsonb). The baseline moves on after each recorded step, so several steps
  on one case in one transaction are each checked against the state the previous one left (0005
  compared every trail row with the status at the start of the transaction).
- When a login inserts a trail row (0005's statement trigger cc_trail_recorded, replaced here), the
  SECURITY DEFINER function cc_check_step compares the case row as it is now with what
  services.engine would have written for that step and the row's arguments (event_steps.data, the
  form workflow.replay reads) from the baseline, column by column, and refuses the statement
  (insufficient_privilege, naming the case, the step and every wrong column) otherwise. One trail row
  per change: a second row for the same change is refused. The owner connection is not checked (it
  bypasses RLS as in 0005, and writes only through the services).
- What must hold, as in domain.workflow and services.engine/workflow_ops:
  * the step's time (event_steps.at) is the server's now, within ten minutes (the app passes its own
    clock; a login cannot backdate or postdate a step, so a desktop started with a fake clock cannot
    take steps with a personal login); `updated_at` is that time (or left alone); `version` goes up
    by one; the trail's arguments are only those the step takes (domain.workflow.step_args), so the
    trail still replays;
  * every column of events that the step does not write is unchanged, including the fixed columns
    an administrator could otherwise update (title, place, reporter, ...);
  * route / reopen to a unit: the unit exists, is of the kind named (grid = a leaf grid, center = a
    district/township/community node, logical = a department) and is one the caller's role may route
    to: a department, or a physical unit inside one of the caller's operator scopes, or the case's own
    grid or a center above it (what the case view offers); administrators anywhere. A task may go to
    any unit (domain.permissions lets a department task any physical grid). A routed case sent back
    goes only to a center above its grid (or to nobody: its grid's own center). Escalation goes
    exactly to the center above the one holding the case (services.routing.escalation_target);
  * assign / task / reopen with a new assignee: an active person who may hold cases of the unit: a
    member (grid_memberships) of the grid or of a grid below the center, a member
    (logical_memberships) of the department or of one below it; or one within the caller's own
    reach, as services.people_picker offers them: an operator's staff (members of grids under the
    center), a liaison's department members and the worker of any physical grid (a department may
    task any grid's worker), for an administrator anyone with a grid or a department;
    self-handle only by the reporter;
  * deadlines: an explicit handling deadline (assign, failed check, reopen) lies after the step and
    no later than the category's handling limit counted from the step on the working calendar (more
    time is an extension, which needs approval); a department's new task may set its own deadline
    (the liaison's workspace asks for one), after the step and at most TASK_DEADLINE_DAYS ahead;
    an extension is asked for with the deadline it wants (`until`, later than the current one) only
    when none is pending, and decided only while one is pending; approving moves the deadline to
    the one asked for or to the approver's `until`;
  * the SLA columns (step_started_at, step_deadline, verify_due_at, dispatch_due_at, parked_at,
    parked_seconds) exactly as services.engine computes them (within a second), with the category's
    limits and the working calendar computed in SQL (cc_due, cc_push, cc_add_working_time: the rules
    of domain.calendar; tests compare them with services.sla_clock); the stamps (verified_at,
    dispatched_at, replied_at, checked_at, closed_at) are the step's time where the step sets them;
  * one rating per closing: rate only while unrated (reopen clears it), stars 1-5; a ratings row
    only with the rate step of the same transaction, with the same stars, by the caller (restrictive
    policy); RESUME returns exactly to parked_from; the status the case moves to is the one the
    arguments give (task with/without assignee, reopen with/without one);
  * a new case (report, self-handle, task): workflow columns as the step sets them, received_at the
    step's time, the caller as reporter (hotline reports: nobody).
- The services (workflow_ops) refuse the same arguments before writing (route target, assignee,
  deadline), so the app gives a clear message instead of the database's refusal.

Reading (issue 6 point 2, "as needed"), decided here
- change_log: stays readable by every login (the live feed needs it to know what to re-read); a row
  holds only a table name, a row id, an insert/update/delete kind, a version and a time - no
  content. Of another department's case a login thus learns that case id N changed at time T, and
  nothing else (events RLS hides the row itself). Accepted: the feed cannot work without it.
- people: citizens stay hidden from the roles that see contacts masked (0005); staff names and work
  phones are readable by every login (the assignment pickers show them). people.login is readable
  too (the ORM loads whole rows, so revoking the column would break every person look-up); a login
  name is no use without its password.
- role_grants, memberships: readable by every login (who may hold which case is what the pickers and
  the checks above use); they name no case and no citizen.
- The check functions of this migration are not executable by logins directly (they could otherwise
  be asked about rows the caller cannot see); the calendar functions are (they read only the
  calendar and the limits, which every login may read).

Not checked in SQL (documented limits): a new case's place (grid_id against lat/lon: the placement is
computed in Python from the grid polygons; the INSERT policy of 0005 checks the grid is in scope) and
its free-text columns; the approver's own `until` of an extension (an operator or leader decides).
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_DEF = "SECURITY DEFINER SET search_path FROM CURRENT"
TZ = "Asia/Shanghai"  # domain.calendar.DEFAULT_TZ
# How far a step's time may lie from the server's clock (the desktop's clock may be a little off).
CLOCK_SKEW = "10 minutes"
# A department's new task may carry its own deadline (the liaison's workspace), up to this far ahead;
# an existing case's deadline stays within its category's handling limit.
TASK_DEADLINE_DAYS = 366
# Computed times match those of the services within this (float amounts of days or hours).
TOLERANCE = "1 second"

# services.sla_clock.STAGE_OF
STAGE_OF: dict[str, str] = {
    "reported": "verify",
    "verified": "dispatch",
    "routed": "dispatch",
    "assigned": "handle",
    "in_progress": "handle",
    "rework": "handle",
    "replied": "check",
}

# domain.workflow.step_args: the arguments each step takes (a test keeps them equal); others make a
# trail that does not replay.
NOTE_ARGS = ("comment", "media", "note", "reason", "result")
STEP_ARGS: dict[str, tuple[str, ...]] = {
    "report": ("responsible",),
    "self_handle": ("assignee_id", "responsible"),
    "task": ("assignee_id", "deadline", "responsible"),
    "route": ("responsible",),
    "assign": ("assignee_id", "deadline"),
    "check_fail": ("deadline",),
    "rate": ("stars",),
    "send_back": ("responsible",),
    "request_extension": ("hours", "until"),
    "approve_extension": ("until",),
    "escalate": ("responsible",),
    "reopen": ("assignee_id", "deadline", "responsible"),
}


def _allowed_args_sql() -> str:
    """CASE st WHEN 'report' THEN ARRAY[...] ... END: the argument names of the step."""
    whens = " ".join(
        "WHEN '{}' THEN ARRAY[{}]".format(step, ", ".join(f"'{a}'" for a in (*args, *NOTE_ARGS)))
        for step, args in STEP_ARGS.items()
    )
    return f"CASE st {whens} ELSE ARRAY[{', '.join(repr(a) for a in NOTE_ARGS)}] END"


# Columns a step writes (0005's WORKFLOW_COLUMNS); every other column must stay as it was.
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
# Compared exactly / as times within TOLERANCE (updated_at is handled on its own).
EXACT_COLUMNS = (
    "status",
    "parked_from",
    "assignee_id",
    "reworks",
    "sent_backs",
    "supervised",
    "supervision_note",
    "rating",
    "responsible_kind",
    "responsible_grid_id",
    "responsible_logical_id",
    "version",
)
TIME_COLUMNS = (
    "parked_at",
    "deadline",
    "extension_until",
    "step_started_at",
    "step_deadline",
    "verify_due_at",
    "dispatch_due_at",
    "verified_at",
    "dispatched_at",
    "replied_at",
    "checked_at",
    "closed_at",
)
assert set(EXACT_COLUMNS) | set(TIME_COLUMNS) | {"updated_at", "parked_seconds"} == set(WORKFLOW_COLUMNS)

# -- the working calendar and the SLA clock in SQL (domain.calendar, domain.sla, services.sla_clock) --

CALENDAR_FUNCTIONS = [
    # Saturday and Sunday off, calendar_days rows win (holidays off, 调休 weekends worked).
    f"""
    CREATE FUNCTION cc_is_workday(p_day date) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce((SELECT is_workday FROM calendar_days WHERE day = p_day),
                        extract(isodow FROM p_day) < 6)
    $$
    """,
    # WorkCalendar.add_working_time without parking: whole working days count, midnight to midnight.
    f"""
    CREATE FUNCTION cc_add_working_time(p_start timestamptz, p_amount interval) RETURNS timestamptz
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        t timestamp := p_start AT TIME ZONE '{TZ}';
        d date := (p_start AT TIME ZONE '{TZ}')::date;
        remaining interval := p_amount;
        lo timestamp;
        idle integer := 0;
    BEGIN
        IF p_amount < interval '0' THEN
            RAISE EXCEPTION 'cannot add a negative amount of time: %', p_amount
                USING ERRCODE = 'invalid_parameter_value';
        END IF;
        WHILE idle < 3660 LOOP
            IF cc_is_workday(d) THEN
                idle := 0;
                lo := greatest(t, d::timestamp);
                IF (d + 1)::timestamp - lo >= remaining THEN
                    RETURN (lo + remaining) AT TIME ZONE '{TZ}';
                END IF;
                remaining := remaining - ((d + 1)::timestamp - lo);
            ELSE
                idle := idle + 1;
            END IF;
            d := d + 1;
        END LOOP;
        RAISE EXCEPTION 'no working day within 3660 days after %', p_start
            USING ERRCODE = 'invalid_parameter_value';
    END $$
    """,
    # WorkCalendar.working_time for start <= end (negative the other way round).
    f"""
    CREATE FUNCTION cc_working_time(p_start timestamptz, p_end timestamptz) RETURNS interval
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        a timestamp := p_start AT TIME ZONE '{TZ}';
        b timestamp := p_end AT TIME ZONE '{TZ}';
        d date := (p_start AT TIME ZONE '{TZ}')::date;
        total interval := interval '0';
    BEGIN
        IF p_end < p_start THEN
            RETURN -cc_working_time(p_end, p_start);
        END IF;
        WHILE d::timestamp < b LOOP
            IF cc_is_workday(d) THEN
                total := total + (least(b, (d + 1)::timestamp) - greatest(a, d::timestamp));
            END IF;
            d := d + 1;
        END LOOP;
        RETURN total;
    END $$
    """,
    # services.sla_clock.category_limits: a mistyped limit counts as none.
    f"""
    CREATE FUNCTION cc_limit(p_category integer, p_stage text, OUT amount double precision, OUT unit text)
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT l.amount, l.unit::text FROM category_limits l
        WHERE l.category_id = p_category AND l.step = p_stage AND l.unit IN ('hours', 'workdays')
          AND l.amount > 0 AND l.amount < 'Infinity'::double precision
    $$
    """,
    # Clock.due: when the stage's limit runs out for a clock started at p_start (NULL: no limit).
    f"""
    CREATE FUNCTION cc_due(p_category integer, p_stage text, p_start timestamptz) RETURNS timestamptz
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        lim record;
    BEGIN
        SELECT * INTO lim FROM cc_limit(p_category, p_stage);
        IF p_stage IS NULL OR p_start IS NULL OR lim.amount IS NULL THEN
            RETURN NULL;
        ELSIF lim.unit = 'hours' THEN
            RETURN p_start + make_interval(secs => lim.amount * 3600);
        END IF;
        RETURN cc_add_working_time(p_start, make_interval(secs => lim.amount * 86400));
    END $$
    """,
    # Clock.push: p_t moved later by the time [p_parked, p_resumed) took from the stage's clock.
    f"""
    CREATE FUNCTION cc_push(p_t timestamptz, p_category integer, p_stage text, p_parked timestamptz,
                            p_resumed timestamptz) RETURNS timestamptz
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        lim record;
        taken interval;
    BEGIN
        IF p_t IS NULL THEN
            RETURN NULL;
        END IF;
        SELECT * INTO lim FROM cc_limit(p_category, p_stage);
        IF p_stage IS NULL OR lim.unit IS DISTINCT FROM 'workdays' THEN
            RETURN p_t + (p_resumed - p_parked);
        END IF;
        taken := cc_working_time(p_parked, p_resumed);
        IF taken <= interval '0' THEN
            RETURN p_t;
        END IF;
        RETURN cc_add_working_time(p_t, taken);
    END $$
    """,
    """
    CREATE FUNCTION cc_stage_of(p_status text, p_parked_from text) RETURNS text
    LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN p_status = 'parked' THEN {inner_parked} ELSE {inner} END
    $$
    """.replace(
        "{inner_parked}",
        "CASE p_parked_from " + " ".join(f"WHEN '{s}' THEN '{st}'" for s, st in STAGE_OF.items()) + " END",
    ).replace(
        "{inner}",
        "CASE p_status " + " ".join(f"WHEN '{s}' THEN '{st}'" for s, st in STAGE_OF.items()) + " END",
    ),
]

# -- the step arguments ------------------------------------------------------------------------------

CHECK_FUNCTIONS = [
    # A unit as the trail stores it ({"kind", "code"}, or [kind, code]) -> its columns; NULL when
    # it names no existing unit of that kind.
    f"""
    CREATE FUNCTION cc_unit_of(p_unit jsonb, OUT kind text, OUT grid_id integer, OUT logical_id integer,
                               OUT code text)
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        k text;
        c text;
    BEGIN
        IF jsonb_typeof(p_unit) = 'object' THEN
            k := p_unit ->> 'kind';
            c := p_unit ->> 'code';
        ELSIF jsonb_typeof(p_unit) = 'array' AND jsonb_array_length(p_unit) = 2 THEN
            k := p_unit ->> 0;
            c := p_unit ->> 1;
        END IF;
        IF k = 'logical' THEN
            SELECT 'logical', NULL, l.id, l.code INTO kind, grid_id, logical_id, code
            FROM logical_grids l WHERE l.code = c;
        ELSIF k = 'grid' THEN
            SELECT 'grid', g.id, NULL, g.code INTO kind, grid_id, logical_id, code
            FROM grids g WHERE g.code = c AND g.level IN ('grid', 'micro');
        ELSIF k = 'center' THEN
            SELECT 'center', g.id, NULL, g.code INTO kind, grid_id, logical_id, code
            FROM grids g WHERE g.code = c AND g.level IN ('district', 'township', 'community');
        END IF;
    END $$
    """,
    # May the caller route a case lying in grid p_case_grid to this unit? (see the module doc)
    f"""
    CREATE FUNCTION cc_may_route_to(p_kind text, p_grid integer, p_case_grid integer) RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce(p_kind = 'logical' OR cc_has_role('admin')
            OR (p_kind IN ('grid', 'center') AND (
                p_grid = ANY (cc_scope_grids('operator'))
                OR EXISTS (SELECT 1 FROM grids u JOIN grids c ON c.id = p_case_grid
                           WHERE u.id = p_grid AND starts_with(c.code, u.code))
                OR (p_case_grid IS NULL AND EXISTS (
                    SELECT 1 FROM grids u WHERE u.id = p_grid AND u.parent_id IS NULL)))), false)
    $$
    """,
    # May the caller hand a case of this unit to this person? Active, and a member of the unit or of
    # one below it, or within the caller's own reach (services.people_picker): an operator's staff
    # (grid members under the center), a liaison's department members and any grid's worker, for an
    # administrator anyone with a grid or department.
    f"""
    CREATE FUNCTION cc_may_hold(p_person integer, p_kind text, p_grid integer, p_logical integer)
    RETURNS boolean
    LANGUAGE sql STABLE {_DEF} AS $$
        SELECT coalesce(EXISTS (SELECT 1 FROM people WHERE id = p_person AND active) AND (
            CASE
            WHEN p_kind = 'logical' THEN EXISTS (
                SELECT 1 FROM logical_memberships m
                JOIN logical_grids l ON l.id = m.logical_grid_id JOIN logical_grids u ON u.id = p_logical
                WHERE m.person_id = p_person AND starts_with(l.code, u.code))
            WHEN p_kind IN ('grid', 'center') THEN EXISTS (
                SELECT 1 FROM grid_memberships m
                JOIN grids g ON g.id = m.grid_id JOIN grids u ON u.id = p_grid
                WHERE m.person_id = p_person AND starts_with(g.code, u.code))
            ELSE false END
            OR EXISTS (SELECT 1 FROM grid_memberships m WHERE m.person_id = p_person
                       AND m.grid_id = ANY (cc_scope_grids('operator')))
            OR (cc_has_role('liaison') AND (
                EXISTS (SELECT 1 FROM logical_memberships m WHERE m.person_id = p_person
                        AND m.logical_grid_id = ANY (cc_scope_logicals()))
                OR EXISTS (SELECT 1 FROM grid_memberships m WHERE m.person_id = p_person
                           AND m.role = 'grid_worker')))
            OR (cc_has_role('admin') AND (
                EXISTS (SELECT 1 FROM grid_memberships m WHERE m.person_id = p_person)
                OR EXISTS (SELECT 1 FROM logical_memberships m WHERE m.person_id = p_person)))), false)
    $$
    """,
    # services.routing.escalation_target: the center above the one holding the case.
    f"""
    CREATE FUNCTION cc_escalation_target(p_case_grid integer, p_kind text, p_grid integer) RETURNS integer
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        node grids;
    BEGIN
        IF p_kind = 'center' THEN
            SELECT * INTO node FROM grids WHERE id = p_grid;
        END IF;
        IF node.id IS NULL THEN
            SELECT * INTO node FROM grids WHERE id = p_case_grid;
            WHILE node.id IS NOT NULL AND node.level <> 'township' AND node.parent_id IS NOT NULL LOOP
                SELECT * INTO node FROM grids WHERE id = node.parent_id;
            END LOOP;
            IF node.id IS NULL THEN
                SELECT * INTO node FROM grids WHERE parent_id IS NULL ORDER BY code LIMIT 1;
            END IF;
        END IF;
        RETURN node.parent_id;
    END $$
    """,
    # A time argument (ISO text in the trail's data), with a clear message when it is not one.
    f"""
    CREATE FUNCTION cc_arg_time(p_args jsonb, p_key text) RETURNS timestamptz
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    BEGIN
        IF p_args -> p_key IS NULL OR jsonb_typeof(p_args -> p_key) = 'null' THEN
            RETURN NULL;
        END IF;
        IF jsonb_typeof(p_args -> p_key) <> 'string' OR (p_args ->> p_key) !~ '(Z|[+-]\\d\\d(:?\\d\\d)?)$' THEN
            RAISE EXCEPTION 'argument % must be a time with its zone (ISO 8601), not %', p_key, p_args -> p_key
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN (p_args ->> p_key)::timestamptz;
    EXCEPTION WHEN invalid_datetime_format OR datetime_field_overflow THEN
        RAISE EXCEPTION 'argument % is not a time: %', p_key, p_args -> p_key
            USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    f"""
    CREATE FUNCTION cc_arg_person(p_args jsonb, p_key text) RETURNS integer
    LANGUAGE plpgsql IMMUTABLE {_DEF} AS $$
    BEGIN
        IF p_args -> p_key IS NULL OR jsonb_typeof(p_args -> p_key) = 'null' THEN
            RETURN NULL;
        END IF;
        IF jsonb_typeof(p_args -> p_key) <> 'number' OR (p_args ->> p_key) !~ '^[0-9]+$' THEN
            RAISE EXCEPTION 'argument % must be a person id, not %', p_key, p_args -> p_key
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN (p_args ->> p_key)::integer;
    END $$
    """,
    # Is the explicit handling deadline allowed? After the step; within the category's limit, or for
    # a department's new task within TASK_DEADLINE_DAYS.
    f"""
    CREATE FUNCTION cc_deadline_problem(p_category integer, p_at timestamptz, p_deadline timestamptz,
                                        p_task boolean DEFAULT false)
    RETURNS text
    LANGUAGE plpgsql STABLE {_DEF} AS $$
    DECLARE
        latest timestamptz := cc_due(p_category, 'handle', p_at);
    BEGIN
        IF p_deadline IS NULL THEN
            RETURN NULL;
        ELSIF p_deadline <= p_at THEN
            RETURN format('the deadline %s is not after the step (%s)', p_deadline, p_at);
        ELSIF p_task THEN
            IF p_deadline > p_at + interval '{TASK_DEADLINE_DAYS} days' THEN
                RETURN format('the deadline %s of a task lies more than {TASK_DEADLINE_DAYS} days ahead',
                              p_deadline);
            END IF;
        ELSIF latest IS NOT NULL AND p_deadline > latest + interval '{TOLERANCE}' THEN
            RETURN format('the deadline %s is later than the category''s handling limit allows (%s); '
                          'more time is an extension', p_deadline, latest);
        END IF;
        RETURN NULL;
    END $$
    """,
    f"""
    CREATE FUNCTION cc_same_time(a timestamptz, b timestamptz) RETURNS boolean
    LANGUAGE sql IMMUTABLE AS $$
        -- never NULL: a time against no time is a difference
        SELECT CASE WHEN a IS NULL OR b IS NULL THEN a IS NULL AND b IS NULL
                    ELSE abs(extract(epoch FROM a - b)) <= extract(epoch FROM interval '{TOLERANCE}') END
    $$
    """,
]

# The heart: the case row now against what services.engine would have written for the trail row.
CHECK_STEP = f"""
CREATE FUNCTION cc_check_step(p_old jsonb, t event_steps) RETURNS void
LANGUAGE plpgsql {_DEF} AS $$
DECLARE
    me integer := cc_current_person();
    n events;
    o events;
    x events;  -- what the row should be
    a jsonb := coalesce(t.data, '{{}}'::jsonb);
    st text := t.step;
    t_at timestamptz := t.at;
    new_case boolean := p_old IS NULL;
    bad text[] := '{{}}';
    u record;
    person integer;
    msg text;
    old_stage text;
    new_stage text;
    due timestamptz;
    parked timestamptz;
    case_label text;
BEGIN
    SELECT * INTO n FROM events WHERE id = t.event_id;
    case_label := coalesce(n.code, n.id::text);
    IF t_at < now() - interval '{CLOCK_SKEW}' OR t_at > clock_timestamp() + interval '{CLOCK_SKEW}' THEN
        bad := array_append(bad, format('the step''s time %s is not now', t_at));
    END IF;
    IF new_case THEN
        x := n;  -- the columns a new case is free to choose; the workflow ones are set below
        x.parked_from := NULL; x.parked_at := NULL; x.parked_seconds := 0; x.assignee_id := NULL;
        x.reworks := 0; x.sent_backs := 0; x.supervised := false; x.supervision_note := NULL;
        x.rating := NULL; x.deadline := NULL; x.extension_until := NULL;
        x.responsible_kind := NULL; x.responsible_grid_id := NULL; x.responsible_logical_id := NULL;
        x.step_started_at := NULL; x.step_deadline := NULL; x.verify_due_at := NULL;
        x.dispatch_due_at := NULL; x.verified_at := NULL; x.dispatched_at := NULL; x.replied_at := NULL;
        x.checked_at := NULL; x.closed_at := NULL; x.version := 1;
        IF NOT cc_same_time(n.received_at, t_at) THEN
            bad := array_append(bad, format('received_at %s is not the step''s time', n.received_at));
        END IF;
        IF n.reporter_id IS DISTINCT FROM me AND NOT (st = 'report' AND n.reporter_id IS NULL) THEN
            bad := array_append(bad, format('the reporter must be the caller (person %s), not %s', me, n.reporter_id));
        END IF;
    ELSE
        o := jsonb_populate_record(NULL::events, p_old);
        x := o;
        x.version := o.version + 1;
        -- every column the step does not write stays as it was
        IF (to_jsonb(n) - ARRAY[{", ".join(f"'{c}'" for c in WORKFLOW_COLUMNS)}])
           IS DISTINCT FROM (p_old - ARRAY[{", ".join(f"'{c}'" for c in WORKFLOW_COLUMNS)}]) THEN
            SELECT string_agg(k, ', ') INTO msg FROM jsonb_each(to_jsonb(n)) AS j(k, v)
            WHERE NOT (k = ANY (ARRAY[{", ".join(f"'{c}'" for c in WORKFLOW_COLUMNS)}]))
              AND v IS DISTINCT FROM p_old -> k;
            bad := array_append(bad, format('a step does not change %s', msg));
        END IF;
    END IF;
    x.status := t.to_status;
    IF jsonb_typeof(a) <> 'object' THEN
        bad := array_append(bad, 'the step''s arguments (data) must be a JSON object');
        a := '{{}}'::jsonb;
    END IF;
    SELECT string_agg(k, ', ') INTO msg FROM jsonb_object_keys(a) AS k
    WHERE NOT (k = ANY ({_allowed_args_sql()}));
    IF msg IS NOT NULL THEN
        bad := array_append(bad, format('unexpected arguments %s', msg));
    END IF;

    -- the step's effect (domain.workflow) and what the services write with it (services.engine)
    CASE st
    WHEN 'report' THEN
        IF a ? 'responsible' AND jsonb_typeof(a -> 'responsible') <> 'null' THEN
            SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
            IF u.kind IS NULL OR NOT cc_may_route_to(u.kind, u.grid_id, n.grid_id) THEN
                bad := array_append(bad, format('a new report cannot be given to %s', a -> 'responsible'));
            END IF;
            x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
            x.responsible_logical_id := u.logical_id;
        END IF;
    WHEN 'self_handle' THEN
        x.assignee_id := cc_arg_person(a, 'assignee_id');
        IF x.assignee_id IS DISTINCT FROM me THEN
            bad := array_append(bad, 'only the one who handled it on the spot is its assignee');
        END IF;
        SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
        IF u.kind IS DISTINCT FROM 'grid' OR u.grid_id IS DISTINCT FROM n.grid_id THEN
            bad := array_append(bad, 'a case handled on the spot belongs to the grid it lies in');
        END IF;
        x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
        x.replied_at := t_at;
    WHEN 'task' THEN
        SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
        IF u.kind IS NULL THEN
            bad := array_append(bad, format('no such unit: %s', a -> 'responsible'));
        END IF;
        x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
        x.responsible_logical_id := u.logical_id;
        x.assignee_id := cc_arg_person(a, 'assignee_id');
        IF x.assignee_id IS NOT NULL AND NOT cc_may_hold(x.assignee_id, u.kind, u.grid_id, u.logical_id) THEN
            bad := array_append(bad, format('person %s may not hold cases of %s', x.assignee_id, u.code));
        END IF;
        x.status := CASE WHEN x.assignee_id IS NULL THEN 'routed' ELSE 'assigned' END;
        x.deadline := cc_arg_time(a, 'deadline');
        bad := array_append(bad, cc_deadline_problem(n.category_id, t_at, x.deadline, true));
        IF x.assignee_id IS NOT NULL THEN
            x.dispatched_at := t_at;
        END IF;
    WHEN 'verify' THEN
        x.verified_at := t_at;
    WHEN 'route' THEN
        SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
        IF u.kind IS NULL THEN
            bad := array_append(bad, format('no such unit: %s', a -> 'responsible'));
        ELSIF NOT cc_may_route_to(u.kind, u.grid_id, n.grid_id) THEN
            bad := array_append(bad, format('%s %s is outside the units you may route to', u.kind, u.code));
        END IF;
        x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
        x.responsible_logical_id := u.logical_id;
    WHEN 'assign' THEN
        x.assignee_id := cc_arg_person(a, 'assignee_id');
        IF x.assignee_id IS NULL OR NOT cc_may_hold(x.assignee_id, o.responsible_kind,
                                                    o.responsible_grid_id, o.responsible_logical_id) THEN
            bad := array_append(bad, format('person %s may not hold cases of the unit responsible', x.assignee_id));
        END IF;
        x.deadline := cc_arg_time(a, 'deadline');
        bad := array_append(bad, cc_deadline_problem(n.category_id, t_at, x.deadline));
        x.dispatched_at := t_at;
    WHEN 'reply' THEN
        x.extension_until := NULL;
        x.replied_at := t_at;
    WHEN 'check_pass' THEN
        x.checked_at := t_at;
    WHEN 'check_fail' THEN
        x.reworks := o.reworks + 1;
        IF cc_arg_time(a, 'deadline') IS NOT NULL THEN
            x.deadline := cc_arg_time(a, 'deadline');
            bad := array_append(bad, cc_deadline_problem(n.category_id, t_at, x.deadline));
        END IF;
    WHEN 'rate' THEN
        IF o.rating IS NOT NULL THEN
            bad := array_append(bad, format('the case is already rated (%s stars)', o.rating));
        END IF;
        IF jsonb_typeof(a -> 'stars') IS DISTINCT FROM 'number' OR (a ->> 'stars') !~ '^[1-5]$' THEN
            bad := array_append(bad, format('stars must be a whole number from 1 to 5, not %s', a -> 'stars'));
        ELSE
            x.rating := (a ->> 'stars')::integer;
        END IF;
    WHEN 'close' THEN
        x.closed_at := t_at;
    WHEN 'send_back' THEN
        IF o.status = 'routed' THEN
            x.responsible_kind := NULL; x.responsible_grid_id := NULL; x.responsible_logical_id := NULL;
            IF a ? 'responsible' AND jsonb_typeof(a -> 'responsible') <> 'null' THEN
                SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
                IF u.kind IS DISTINCT FROM 'center' OR NOT EXISTS (
                        SELECT 1 FROM grids c LEFT JOIN grids g ON g.id = n.grid_id WHERE c.id = u.grid_id
                        AND (starts_with(g.code, c.code) OR (n.grid_id IS NULL AND c.parent_id IS NULL))) THEN
                    bad := array_append(bad, format('a routed case goes back to a center above it, not %s',
                                         a -> 'responsible'));
                END IF;
                x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
            END IF;
        ELSIF a ? 'responsible' THEN
            bad := array_append(bad, 'responsible is only given when a routed case goes back to verification');
        END IF;
        x.assignee_id := NULL; x.deadline := NULL; x.extension_until := NULL;
        x.sent_backs := o.sent_backs + 1;
    WHEN 'request_extension' THEN
        IF o.extension_until IS NOT NULL THEN
            bad := array_append(bad, 'an extension request is already pending');
        END IF;
        x.extension_until := cc_arg_time(a, 'until');
        IF a ? 'hours' THEN
            bad := array_append(bad, 'an extension is stored as the deadline it asks for (until), not hours');
        END IF;
        IF x.extension_until IS NULL THEN
            bad := array_append(bad, 'an extension asks for a new deadline (until)');
        ELSIF o.deadline IS NOT NULL AND x.extension_until <= o.deadline THEN
            bad := array_append(bad, format('the new deadline %s is not later than %s', x.extension_until, o.deadline));
        END IF;
    WHEN 'approve_extension' THEN
        IF o.extension_until IS NULL THEN
            bad := array_append(bad, 'no extension request is pending');
        END IF;
        x.deadline := coalesce(cc_arg_time(a, 'until'), o.extension_until);
        x.extension_until := NULL;
    WHEN 'reject_extension' THEN
        IF o.extension_until IS NULL THEN
            bad := array_append(bad, 'no extension request is pending');
        END IF;
        x.extension_until := NULL;
    WHEN 'park' THEN
        x.parked_from := o.status;
        x.parked_at := t_at;
    WHEN 'resume' THEN
        x.status := o.parked_from;
        x.parked_from := NULL;
        x.parked_at := NULL;
        parked := coalesce(o.parked_at, t_at);
        x.parked_seconds := coalesce(o.parked_seconds, 0) + greatest(0, extract(epoch FROM t_at - parked));
        old_stage := cc_stage_of(o.parked_from, NULL);
        x.step_started_at := cc_push(o.step_started_at, n.category_id, old_stage, parked, t_at);
        x.step_deadline := cc_push(o.step_deadline, n.category_id, old_stage, parked, t_at);
        x.deadline := cc_push(o.deadline, n.category_id, 'handle', parked, t_at);
        IF old_stage = 'verify' THEN
            x.verify_due_at := cc_push(o.verify_due_at, n.category_id, old_stage, parked, t_at);
        ELSIF old_stage = 'dispatch' THEN
            x.dispatch_due_at := cc_push(o.dispatch_due_at, n.category_id, old_stage, parked, t_at);
        END IF;
    WHEN 'escalate' THEN
        SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
        IF u.kind IS DISTINCT FROM 'center' OR u.grid_id IS DISTINCT FROM
           cc_escalation_target(n.grid_id, o.responsible_kind, o.responsible_grid_id) THEN
            bad := array_append(bad, format('escalation goes to the center above the one holding the case, not %s',
                                 a -> 'responsible'));
        END IF;
        x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id; x.responsible_logical_id := NULL;
        x.assignee_id := NULL; x.deadline := NULL; x.extension_until := NULL;
    WHEN 'supervise' THEN
        x.supervised := true;
        x.supervision_note := coalesce(a ->> 'note', t.note);
    WHEN 'reopen' THEN
        x.rating := NULL;
        x.closed_at := NULL;
        IF a ? 'assignee_id' THEN
            x.assignee_id := cc_arg_person(a, 'assignee_id');
        END IF;
        IF a ? 'responsible' AND jsonb_typeof(a -> 'responsible') <> 'null' THEN
            SELECT * INTO u FROM cc_unit_of(a -> 'responsible');
            IF u.kind IS NULL OR NOT cc_may_route_to(u.kind, u.grid_id, n.grid_id) THEN
                bad := array_append(bad, format('%s is not a unit you may give the case to', a -> 'responsible'));
            END IF;
            x.responsible_kind := u.kind; x.responsible_grid_id := u.grid_id;
            x.responsible_logical_id := u.logical_id;
        ELSIF x.assignee_id IS NULL THEN
            x.responsible_kind := NULL; x.responsible_grid_id := NULL; x.responsible_logical_id := NULL;
        END IF;
        IF x.assignee_id IS NULL THEN
            IF a ? 'deadline' THEN
                bad := array_append(bad, 'a case reopened to verification has no deadline');
            END IF;
            x.status := 'verified';
            x.deadline := NULL;
        ELSE
            x.status := 'in_progress';
            IF x.assignee_id IS DISTINCT FROM o.assignee_id AND NOT cc_may_hold(
                    x.assignee_id, x.responsible_kind, x.responsible_grid_id, x.responsible_logical_id) THEN
                bad := array_append(bad, format('person %s may not hold cases of the unit responsible', x.assignee_id));
            END IF;
            IF cc_arg_time(a, 'deadline') IS NOT NULL THEN
                x.deadline := cc_arg_time(a, 'deadline');
                bad := array_append(bad, cc_deadline_problem(n.category_id, t_at, x.deadline));
            END IF;
        END IF;
    ELSE
        NULL;  -- void, accept: the status only
    END CASE;

    -- the SLA clock (services.engine._clock_values); park and resume did theirs above
    IF st NOT IN ('park', 'resume') THEN
        old_stage := CASE WHEN new_case THEN NULL ELSE cc_stage_of(o.status, o.parked_from) END;
        new_stage := cc_stage_of(x.status, x.parked_from);
        IF new_stage IS NULL THEN
            x.step_started_at := NULL;
            x.step_deadline := NULL;
        ELSIF new_stage = 'handle' THEN
            x.step_deadline := x.deadline;
            IF old_stage IS DISTINCT FROM new_stage OR st = 'escalate' THEN
                x.step_started_at := t_at;
            END IF;
        ELSIF old_stage IS DISTINCT FROM new_stage OR st = 'escalate' THEN
            due := cc_due(n.category_id, new_stage, t_at);
            x.step_started_at := t_at;
            x.step_deadline := due;
            IF new_stage = 'verify' THEN
                x.verify_due_at := due;
            ELSIF new_stage = 'dispatch' THEN
                x.dispatch_due_at := due;
            END IF;
        END IF;
    END IF;

    -- compare
    {
    "".join(
        f'''
    IF n.{c} IS DISTINCT FROM x.{c} THEN
        bad := array_append(bad, format('{c} is %s, the step gives %s', coalesce(n.{c}::text, 'NULL'), coalesce(x.{c}::text, 'NULL')));
    END IF;'''
        for c in EXACT_COLUMNS
    )
}
    {
    "".join(
        f'''
    IF NOT cc_same_time(n.{c}, x.{c}) THEN
        bad := array_append(bad, format('{c} is %s, the step gives %s', coalesce(n.{c}::text, 'NULL'), coalesce(x.{c}::text, 'NULL')));
    END IF;'''
        for c in TIME_COLUMNS
    )
}
    IF NOT (cc_same_time(n.updated_at, t_at) OR (NOT new_case AND n.updated_at IS NOT DISTINCT FROM o.updated_at)) THEN
        bad := array_append(bad, format('updated_at %s is not the step''s time', n.updated_at));
    END IF;
    IF abs(n.parked_seconds - x.parked_seconds) > 1 THEN
        bad := array_append(bad, format('parked_seconds is %s, the step gives %s', n.parked_seconds,
                                        x.parked_seconds));
    END IF;
    bad := array_remove(bad, NULL);  -- the helpers' "no problem"
    IF cardinality(bad) > 0 THEN
        RAISE EXCEPTION 'case %: step % refused: %', case_label, st, array_to_string(bad, '; ')
            USING ERRCODE = 'insufficient_privilege';
    END IF;
END $$
"""

# 0005's functions, replaced: tokens keep the row before the step; trail rows are checked.
NOTE_INSERT = f"""
CREATE OR REPLACE FUNCTION cc_events_note_insert() RETURNS trigger
LANGUAGE plpgsql {_DEF} AS $$
DECLARE
    me integer := cc_current_person();
BEGIN
    IF me IS NULL OR cc_is_privileged() THEN RETURN NULL; END IF;
    INSERT INTO cc_step_tokens AS t (txid, event_id, person_id, old_status, old_row)
    SELECT pg_current_xact_id(), n.id, me, NULL, NULL FROM cc_new_rows n
    ON CONFLICT (txid, event_id, person_id) DO UPDATE SET recorded = false;
    RETURN NULL;
END $$
"""
NOTE_UPDATE = f"""
CREATE OR REPLACE FUNCTION cc_events_note_update() RETURNS trigger
LANGUAGE plpgsql {_DEF} AS $$
DECLARE
    me integer := cc_current_person();
BEGIN
    IF me IS NULL OR cc_is_privileged() THEN RETURN NULL; END IF;
    -- After a recorded step the next change starts from the row that step left.
    INSERT INTO cc_step_tokens AS t (txid, event_id, person_id, old_status, old_row)
    SELECT pg_current_xact_id(), n.id, me, o.status, to_jsonb(o)
    FROM cc_new_rows n JOIN cc_old_rows o ON o.id = n.id
    ON CONFLICT (txid, event_id, person_id) DO UPDATE SET
        old_status = CASE WHEN t.recorded THEN excluded.old_status ELSE t.old_status END,
        old_row = CASE WHEN t.recorded THEN excluded.old_row ELSE t.old_row END,
        recorded = false;
    RETURN NULL;
END $$
"""
TRAIL_RECORDED = f"""
CREATE OR REPLACE FUNCTION cc_trail_recorded() RETURNS trigger
LANGUAGE plpgsql {_DEF} AS $$
DECLARE
    me integer := cc_current_person();
    r event_steps;
    tok cc_step_tokens;
BEGIN
    IF me IS NULL THEN RETURN NULL; END IF;
    FOR r IN SELECT * FROM cc_new_rows ORDER BY id LOOP
        SELECT * INTO tok FROM cc_step_tokens
        WHERE txid = pg_current_xact_id() AND event_id = r.event_id AND person_id = me;
        IF NOT FOUND THEN
            CONTINUE;  -- the policy let it in without a change: only the owner gets here
        END IF;
        IF tok.recorded THEN
            RAISE EXCEPTION 'case %: one trail row per change; this change is recorded already', r.event_id
                USING ERRCODE = 'insufficient_privilege';
        END IF;
        PERFORM cc_check_step(tok.old_row, r);
        UPDATE cc_step_tokens SET recorded = true
        WHERE txid = tok.txid AND event_id = tok.event_id AND person_id = tok.person_id;
    END LOOP;
    RETURN NULL;
END $$
"""
# 0005's bodies, restored on downgrade.
OLD_NOTE_INSERT = f"""
CREATE OR REPLACE FUNCTION cc_events_note_insert() RETURNS trigger
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
"""
OLD_NOTE_UPDATE = f"""
CREATE OR REPLACE FUNCTION cc_events_note_update() RETURNS trigger
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
"""
OLD_TRAIL_RECORDED = f"""
CREATE OR REPLACE FUNCTION cc_trail_recorded() RETURNS trigger
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
"""

# One rating per closing, with the rate step of this transaction, by the caller, the stars it gave.
MAY_RATE = f"""
CREATE FUNCTION cc_may_rate(p_event bigint, p_stars integer, p_rater integer) RETURNS boolean
LANGUAGE sql STABLE {_DEF} AS $$
    SELECT p_rater = cc_current_person()
       AND EXISTS (SELECT 1 FROM events e WHERE e.id = p_event AND e.rating = p_stars)
       AND EXISTS (SELECT 1 FROM cc_step_tokens t
                   WHERE t.txid = pg_current_xact_id() AND t.event_id = p_event
                     AND t.person_id = cc_current_person() AND t.recorded
                     AND (t.old_row ->> 'rating') IS NULL)
       AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.event_id = p_event
                       AND r.rated_at >= coalesce((SELECT max(s.at) FROM event_steps s
                                                   WHERE s.event_id = p_event AND s.step = 'reopen'),
                                                  '-infinity'))
$$
"""
RATING_POLICY = (
    "CREATE POLICY cc_ratings_once ON ratings AS RESTRICTIVE FOR INSERT "
    "TO cc_operator, cc_liaison, cc_leader, cc_admin, cc_field "
    "WITH CHECK (cc_may_rate(event_id, stars, rater_id))"
)

PRIVATE_FUNCTIONS = (
    "cc_check_step(jsonb, event_steps)",
    "cc_may_route_to(text, integer, integer)",
    "cc_may_hold(integer, text, integer, integer)",
    "cc_unit_of(jsonb)",
    "cc_escalation_target(integer, text, integer)",
    "cc_deadline_problem(integer, timestamptz, timestamptz, boolean)",
    "cc_arg_time(jsonb, text)",
    "cc_arg_person(jsonb, text)",
)
PUBLIC_FUNCTIONS = (
    "cc_is_workday(date)",
    "cc_add_working_time(timestamptz, interval)",
    "cc_working_time(timestamptz, timestamptz)",
    "cc_limit(integer, text)",
    "cc_due(integer, text, timestamptz)",
    "cc_push(timestamptz, integer, text, timestamptz, timestamptz)",
    "cc_stage_of(text, text)",
    "cc_same_time(timestamptz, timestamptz)",
    "cc_may_rate(bigint, integer, integer)",
)


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return  # the embedded SQLite database is a single-user demo: no security is enforced there
    op.execute("ALTER TABLE cc_step_tokens ADD COLUMN old_row jsonb")
    for statement in (*CALENDAR_FUNCTIONS, *CHECK_FUNCTIONS, CHECK_STEP, MAY_RATE):
        op.execute(statement)
    for statement in (NOTE_INSERT, NOTE_UPDATE, TRAIL_RECORDED):
        op.execute(statement)
    op.execute(RATING_POLICY)
    for signature in PRIVATE_FUNCTIONS:
        op.execute(f"REVOKE EXECUTE ON FUNCTION {signature} FROM PUBLIC")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP POLICY IF EXISTS cc_ratings_once ON ratings")
    for statement in (OLD_NOTE_INSERT, OLD_NOTE_UPDATE, OLD_TRAIL_RECORDED):
        op.execute(statement)
    for signature in (*PRIVATE_FUNCTIONS, *reversed(PUBLIC_FUNCTIONS)):
        op.execute(f"DROP FUNCTION IF EXISTS {signature}")
    op.execute("ALTER TABLE cc_step_tokens DROP COLUMN IF EXISTS old_row")
