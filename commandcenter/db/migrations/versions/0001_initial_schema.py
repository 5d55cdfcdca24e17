"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-27 22:52:38.608801
"""

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
   
    op.create_table('calendar_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('is_workday', sa.Boolean(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_calendar_days'))
    )
    op.create_table('change_log',
    sa.Column('seq', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('table_name', sa.String(length=32), nullable=False),
    sa.Column('row_id', sa.BigInteger(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('version', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('seq', name=op.f('pk_change_log'))
    )
    op.create_table('grids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=18), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('geom_wkb', sa.LargeBinary(), nullable=True),
    sa.Column('min_lon', sa.Float(), nullable=True),
    sa.Column('min_lat', sa.Float(), nullable=True),
    sa.Column('max_lon', sa.Float(), nullable=True),
    sa.Column('max_lat', sa.Float(), nullable=True),
    sa.Column('centroid_lon', sa.Float(), nullable=True),
    sa.Column('centroid_lat', sa.Float(), nullable=True),
    sa.Column('area_km2', sa.Float(), nullable=True),
    sa.Column('households', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('residents', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('properties', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['grids.id'], name=op.f('fk_grids_parent_id_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grids')),
    sa.UniqueConstraint('code', name=op.f('uq_grids_code'))
    )
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grids_level'), ['level'], unique=False)
        batch_op.create_index(batch_op.f('ix_grids_parent_id'), ['parent_id'], unique=False)

    op.create_table('logical_grids',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('leader_id', sa.Integer(), nullable=True),
    sa.Column('covers_all', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.ForeignKeyConstraint(['leader_id'], ['people.id'], name=op.f('fk_logical_grids_leader_id_people'), use_alter=True),
    sa.ForeignKeyConstraint(['parent_id'], ['logical_grids.id'], name=op.f('fk_logical_grids_parent_id_logical_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logical_grids')),
    sa.UniqueConstraint('code', name=op.f('uq_logical_grids_code'))
    )
    with op.batch_alter_table('logical_grids', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logical_grids_parent_id'), ['parent_id'], unique=False)

    op.create_table('people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=True),
    sa.Column('login', sa.String(length=63), nullable=True),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_people')),
    sa.UniqueConstraint('code', name=op.f('uq_people_code')),
    sa.UniqueConstraint('login', name=op.f('uq_people_login'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('categories',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=16), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('name_en', sa.String(length=96), nullable=True),
    sa.Column('duty', sa.String(length=16), nullable=False),
    sa.Column('event_class', sa.String(length=32), nullable=False),
    sa.Column('department_kind', sa.String(length=32), nullable=True),
    sa.Column('default_logical_grid_id', sa.Integer(), nullable=True),
    sa.Column('default_priority', sa.SmallInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['default_logical_grid_id'], ['logical_grids.id'], name=op.f('fk_categories_default_logical_grid_id_logical_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_categories')),
    sa.UniqueConstraint('code', name=op.f('uq_categories_code'))
    )
    op.create_table('grid_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_grid_memberships_grid_id_grids'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_grid_memberships_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_grid_memberships')),
    sa.UniqueConstraint('person_id', 'grid_id', 'role', name=op.f('uq_grid_memberships_person_id_grid_id_role'))
    )
    with op.batch_alter_table('grid_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_grid_memberships_grid_id'), ['grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_grid_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('logical_grid_coverage',
    sa.Column('logical_grid_id', sa.Integer(), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_logical_grid_coverage_grid_id_grids'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['logical_grid_id'], ['logical_grids.id'], name=op.f('fk_logical_grid_coverage_logical_grid_id_logical_grids'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('logical_grid_id', 'grid_id', name=op.f('pk_logical_grid_coverage'))
    )
    op.create_table('logical_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('logical_grid_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['logical_grid_id'], ['logical_grids.id'], name=op.f('fk_logical_memberships_logical_grid_id_logical_grids'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_logical_memberships_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logical_memberships')),
    sa.UniqueConstraint('person_id', 'logical_grid_id', 'role', name=op.f('uq_logical_memberships_person_id_logical_grid_id_role'))
    )
    with op.batch_alter_table('logical_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logical_memberships_logical_grid_id'), ['logical_grid_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_logical_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('role_grants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('logical_grid_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_role_grants_grid_id_grids')),
    sa.ForeignKeyConstraint(['logical_grid_id'], ['logical_grids.id'], name=op.f('fk_role_grants_logical_grid_id_logical_grids')),
    sa.ForeignKeyConstraint(['person_id'], ['people.id'], name=op.f('fk_role_grants_person_id_people'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_role_grants')),
    sa.UniqueConstraint('person_id', 'role', 'grid_id', 'logical_grid_id', name=op.f('uq_role_grants_person_id_role_grid_id_logical_grid_id'))
    )
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_role_grants_person_id'), ['person_id'], unique=False)

    op.create_table('category_limits',
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=16), nullable=False),
    sa.Column('amount', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=8), nullable=False),
    sa.CheckConstraint("unit IN ('hours', 'workdays')", name=op.f('ck_category_limits_unit')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_category_limits_category_id_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('category_id', 'step', name=op.f('pk_category_limits'))
    )
    op.create_table('events',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('code', sa.String(length=24), nullable=True),
    sa.Column('source', sa.String(length=16), server_default=sa.text("'citizen_app'"), nullable=False),
    sa.Column('source_system', sa.String(length=64), server_default=sa.text("''"), nullable=False),
    sa.Column('external_id', sa.String(length=64), nullable=True),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('original_category', sa.String(length=64), nullable=True),
    sa.Column('title', sa.String(length=200), server_default=sa.text("''"), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.Column('device_lat', sa.Float(), nullable=True),
    sa.Column('device_lon', sa.Float(), nullable=True),
    sa.Column('address', sa.String(length=200), nullable=True),
    sa.Column('reported_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('received_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('reporter_id', sa.Integer(), nullable=True),
    sa.Column('reporter_name', sa.String(length=64), nullable=True),
    sa.Column('reporter_phone', sa.String(length=32), nullable=True),
    sa.Column('grid_id', sa.Integer(), nullable=True),
    sa.Column('claimed_grid_code', sa.String(length=18), nullable=True),
    sa.Column('position_flag', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('time_flag', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('responsible_kind', sa.String(length=8), nullable=True),
    sa.Column('responsible_grid_id', sa.Integer(), nullable=True),
    sa.Column('responsible_logical_id', sa.Integer(), nullable=True),
    sa.Column('assignee_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.SmallInteger(), server_default=sa.text('0'), nullable=False),
    sa.Column('status', sa.String(length=16), server_default=sa.text("'reported'"), nullable=False),
    sa.Column('parked_from', sa.String(length=16), nullable=True),
    sa.Column('parked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('parked_seconds', sa.Float(), server_default=sa.text('0'), nullable=False),
    sa.Column('step_started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('step_deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('deadline', sa.DateTime(timezone=True), nullable=True),
    sa.Column('extension_until', sa.DateTime(timezone=True), nullable=True),
    sa.Column('supervised', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('supervision_note', sa.Text(), nullable=True),
    sa.Column('reworks', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('sent_backs', sa.Integer(), server_default=sa.text('0'), nullable=False),
    sa.Column('verified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('dispatched_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('replied_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('rating', sa.SmallInteger(), nullable=True),
    sa.Column('extra', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), server_default=sa.text("'{}'"), nullable=False),
    sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint('priority BETWEEN 0 AND 2', name=op.f('ck_events_priority')),
    sa.ForeignKeyConstraint(['assignee_id'], ['people.id'], name=op.f('fk_events_assignee_id_people')),
    sa.ForeignKeyConstraint(['category_id'], ['categories.id'], name=op.f('fk_events_category_id_categories')),
    sa.ForeignKeyConstraint(['grid_id'], ['grids.id'], name=op.f('fk_events_grid_id_grids')),
    sa.ForeignKeyConstraint(['reporter_id'], ['people.id'], name=op.f('fk_events_reporter_id_people')),
    sa.ForeignKeyConstraint(['responsible_grid_id'], ['grids.id'], name=op.f('fk_events_responsible_grid_id_grids')),
    sa.ForeignKeyConstraint(['responsible_logical_id'], ['logical_grids.id'], name=op.f('fk_events_responsible_logical_id_logical_grids')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_events')),
    sa.UniqueConstraint('code', name=op.f('uq_events_code')),
    sa.UniqueConstraint('source_system', 'external_id', name=op.f('uq_events_source_system_external_id'))
    )
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.create_index('ix_events_assignee_id_status', ['assignee_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_closed_at'), ['closed_at'], unique=False)
        batch_op.create_index('ix_events_grid_id_status', ['grid_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_received_at'), ['received_at'], unique=False)
        batch_op.create_index('ix_events_responsible_logical_id_status', ['responsible_logical_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_events_status'), ['status'], unique=False)
        batch_op.create_index('ix_events_status_step_deadline', ['status', 'step_deadline'], unique=False)

    op.create_table('event_steps',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('step', sa.String(length=24), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.Column('from_status', sa.String(length=16), nullable=True),
    sa.Column('to_status', sa.String(length=16), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('data', sa.JSON().with_variant(postgresql.JSONB(), 'postgresql'), server_default=sa.text("'{}'"), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['people.id'], name=op.f('fk_event_steps_actor_id_people')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_event_steps_event_id_events')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_steps'))
    )
    with op.batch_alter_table('event_steps', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_steps_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_event_steps_event_id'), ['event_id'], unique=False)

    op.create_table('ratings',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('stars', sa.SmallInteger(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('rater_id', sa.Integer(), nullable=True),
    sa.Column('rated_at', sa.DateTime(timezone=True), server_default=sa.text('CURRENT_TIMESTAMP'), nullable=False),
    sa.CheckConstraint('stars BETWEEN 1 AND 5', name=op.f('ck_ratings_stars')),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_ratings_event_id_events')),
    sa.ForeignKeyConstraint(['rater_id'], ['people.id'], name=op.f('fk_ratings_rater_id_people')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ratings'))
    )
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ratings_event_id'), ['event_id'], unique=False)

    op.create_table('media',
    sa.Column('id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('event_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.Column('step_id', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=True),
    sa.Column('kind', sa.String(length=8), server_default=sa.text("'photo'"), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('lat', sa.Float(), nullable=True),
    sa.Column('lon', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['event_id'], ['events.id'], name=op.f('fk_media_event_id_events')),
    sa.ForeignKeyConstraint(['step_id'], ['event_steps.id'], name=op.f('fk_media_step_id_event_steps')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_media'))
    )
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_media_event_id'), ['event_id'], unique=False)



    _create_triggers()


# Event codes: E + local date of receipt + '-' + zero-padded id, so any writer (a phone, psql) that
# leaves the code NULL still gets a stable, unique, sortable one.
PG_TRIGGERS = [
    """
    CREATE FUNCTION cc_event_code() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.code IS NULL THEN
            NEW.code := 'E' || to_char(NEW.received_at AT TIME ZONE 'Asia/Shanghai', 'YYYYMMDD')
                        || '-' || lpad(NEW.id::text, 7, '0');
        END IF;
        RETURN NEW;
    END $$
    """,
    "CREATE TRIGGER events_code BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION cc_event_code()",
    # The trail is append-only (全程留痕): nobody, not even the app's own login, edits history.
    """
    CREATE FUNCTION cc_trail_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the trail (event_steps) is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END $$
    """,
    "CREATE TRIGGER event_steps_append_only BEFORE UPDATE OR DELETE ON event_steps "
    "FOR EACH ROW EXECUTE FUNCTION cc_trail_append_only()",
    "CREATE TRIGGER event_steps_no_truncate BEFORE TRUNCATE ON event_steps "
    "FOR EACH STATEMENT EXECUTE FUNCTION cc_trail_append_only()",
]

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER events_code AFTER INSERT ON events FOR EACH ROW WHEN NEW.code IS NULL
    BEGIN
        UPDATE events SET code = 'E' || strftime('%Y%m%d', NEW.received_at, '+8 hours')
                                 || '-' || printf('%07d', NEW.id)
        WHERE id = NEW.id;
    END
    """,
    """
    CREATE TRIGGER event_steps_no_update BEFORE UPDATE ON event_steps
    BEGIN SELECT RAISE(ABORT, 'the trail (event_steps) is append-only: UPDATE refused'); END
    """,
    """
    CREATE TRIGGER event_steps_no_delete BEFORE DELETE ON event_steps
    BEGIN SELECT RAISE(ABORT, 'the trail (event_steps) is append-only: DELETE refused'); END
    """,
]


def _create_triggers() -> None:
    dialect = op.get_bind().dialect.name
    for statement in PG_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_steps_no_truncate ON event_steps")
        op.execute("DROP TRIGGER IF EXISTS event_steps_append_only ON event_steps")
        op.execute("DROP TRIGGER IF EXISTS events_code ON events")
        op.execute("DROP FUNCTION IF EXISTS cc_trail_append_only()")
        op.execute("DROP FUNCTION IF EXISTS cc_event_code()")
   
    with op.batch_alter_table('media', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_media_event_id'))

    op.drop_table('media')
    with op.batch_alter_table('ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ratings_event_id'))

    op.drop_table('ratings')
    with op.batch_alter_table('event_steps', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_steps_event_id'))
        batch_op.drop_index(batch_op.f('ix_event_steps_at'))

    op.drop_table('event_steps')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_index('ix_events_status_step_deadline')
        batch_op.drop_index(batch_op.f('ix_events_status'))
        batch_op.drop_index('ix_events_responsible_logical_id_status')
        batch_op.drop_index(batch_op.f('ix_events_received_at'))
        batch_op.drop_index('ix_events_grid_id_status')
        batch_op.drop_index(batch_op.f('ix_events_closed_at'))
        batch_op.drop_index(batch_op.f('ix_events_category_id'))
        batch_op.drop_index('ix_events_assignee_id_status')

    op.drop_table('events')
    op.drop_table('category_limits')
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_role_grants_person_id'))

    op.drop_table('role_grants')
    with op.batch_alter_table('logical_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logical_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_logical_memberships_logical_grid_id'))

    op.drop_table('logical_memberships')
    op.drop_table('logical_grid_coverage')
    with op.batch_alter_table('grid_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grid_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_grid_memberships_grid_id'))

    op.drop_table('grid_memberships')
    op.drop_table('categories')
    op.drop_table('settings')
    op.drop_table('people')
    with op.batch_alter_table('logical_grids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logical_grids_parent_id'))

    op.drop_table('logical_grids')
    with op.batch_alter_table('grids', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_grids_parent_id'))
        batch_op.drop_index(batch_op.f('ix_grids_level'))

    op.drop_table('grids')
    op.drop_table('change_log')
    op.drop_table('calendar_days')
