"""liaison tasks: reply templates per category

Revision ID: 0008
Revises: 0007

`reply_templates`: the text a department liaison puts into a task so the grid worker knows what the
reply must contain (what to check on site, which photos, by when). One category may have several;
a template without a category fits every category. Administrators maintain them in the app
(services.liaison.save_template); a few sensible Chinese ones are seeded here.

On PostgreSQL every login group may read them (the liaison's task dialog), only cc_admin may write
(as 0005 does for the other reference tables); they join the change feed (0003's trigger functions)
so an open task dialog sees an administrator's edit. On SQLite the same feed triggers are plain
SQLite triggers.

`ix_event_steps_task_actor`: a partial index of the trail's TASK rows by sender, for the liaison's
reply tracking (which asks "the tasks sent by the people of this department" on every change).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

GROUPS = "cc_operator, cc_liaison, cc_leader, cc_admin, cc_field"

_CHECK = "请于期限内到现场核查并回复：\n"
# (category code or None for every category, title, body)
SEED: tuple[tuple[str | None, str, str], ...] = (
    (
        None,
        "通用核查回复",
        _CHECK
        + "1. 现场核查情况；\n2. 已采取的处置措施及结果；\n3. 处置前后照片；\n4. 需部门协调的事项（如无请写“无”）。",
    ),
    (
        "XX06",
        "执行线索核查",
        "请协助核查被执行人下落及财产线索并回复：\n1. 被执行人是否在本网格居住或经营（地址、在住情况）；\n"
        "2. 可供执行的财产线索（房屋、车辆、经营场所）；\n3. 近期联系方式；\n4. 走访时间及走访人。\n"
        "注意：仅核实信息，不得向当事人透露执行措施。",
    ),
    (
        "XG01",
        "占道经营劝离回复",
        _CHECK
        + "1. 占道位置及摊点数量；\n2. 劝离或整改结果；\n3. 整改前后照片；\n4. 是否反复出现（如是，请写明时段）。",
    ),
    (
        "XG02",
        "乱堆乱放清理回复",
        _CHECK + "1. 堆放物品种类及大致数量；\n2. 责任人或责任单位；\n3. 清理完成时间；\n4. 清理前后照片。",
    ),
    (
        "XG03",
        "违章搭建核查回复",
        _CHECK
        + "1. 搭建位置、面积及用途；\n2. 建设人及是否取得审批手续；\n3. 是否仍在施工；\n4. 现场照片（含全景和近景）。",
    ),
    (
        "JD01",
        "消防隐患排查回复",
        _CHECK + "1. 隐患类型（通道堵塞、电动车违规充电、消防设施缺失等）；\n2. 是否已当场整改；\n"
        "3. 未能整改的原因及限期；\n4. 整改前后照片。",
    ),
    (
        "JD02",
        "食品安全线索回复",
        _CHECK + "1. 经营主体名称及地址；\n2. 是否持有食品经营许可；\n3. 现场发现的问题；\n4. 现场照片。\n"
        "如发现重大食品安全风险，请立即电话报告。",
    ),
    (
        "JD08",
        "无证经营核查回复",
        _CHECK
        + "1. 经营者名称、地址及经营项目；\n2. 是否已办理营业执照及相关许可；\n3. 告知办证情况；\n4. 现场照片。",
    ),
    (
        "TJ01",
        "邻里纠纷调解回复",
        "请于期限内上门了解并回复：\n1. 双方当事人及纠纷起因；\n2. 调解经过及结果（是否达成协议）；\n"
        "3. 是否存在矛盾激化风险；\n4. 需司法所或派出所介入的事项。",
    ),
)


def upgrade() -> None:
    op.create_table(
        "reply_templates",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("category_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.Column("version", sa.Integer(), server_default=sa.text("1"), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column(
            "updated_at",
            sa.DateTime(timezone=True),
            server_default=sa.func.current_timestamp(),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["category_id"],
            ["categories.id"],
            name="fk_reply_templates_category_id_categories",
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(["updated_by"], ["people.id"], name="fk_reply_templates_updated_by_people"),
        sa.PrimaryKeyConstraint("id", name="pk_reply_templates"),
    )
    op.create_index("ix_reply_templates_category_id", "reply_templates", ["category_id"])
    # Reply tracking finds a department's tasks by who sent them: the TASK rows of the trail only.
    op.create_index(
        "ix_event_steps_task_actor",
        "event_steps",
        ["actor_id"],
        postgresql_where=sa.text("step = 'task'"),
        sqlite_where=sa.text("step = 'task'"),
    )
    bind = op.get_bind()
    for code, title, body in SEED:
        category = (
            None
            if code is None
            else bind.execute(sa.text("SELECT id FROM categories WHERE code = :c"), {"c": code}).scalar()
        )
        if code is not None and category is None:
            continue  # a catalogue without that category: no template for it
        bind.execute(
            sa.text("INSERT INTO reply_templates (category_id, title, body) VALUES (:c, :t, :b)"),
            {"c": category, "t": title, "b": body},
        )
    if bind.dialect.name == "postgresql":
        op.execute(f"GRANT SELECT ON reply_templates TO {GROUPS}")
        op.execute("GRANT INSERT, UPDATE, DELETE ON reply_templates TO cc_admin")
        op.execute("GRANT USAGE ON SEQUENCE reply_templates_id_seq TO cc_admin")
        op.execute(
            "CREATE TRIGGER cf_reply_templates_ins AFTER INSERT ON reply_templates "
            "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION cc_change_feed_inserts('id', 'r.version')"
        )
        op.execute(
            "CREATE TRIGGER cf_reply_templates AFTER UPDATE OR DELETE ON reply_templates "
            "FOR EACH ROW EXECUTE FUNCTION cc_change_feed('id')"
        )
        op.execute(
            "CREATE TRIGGER cf_reply_templates_truncate AFTER TRUNCATE ON reply_templates "
            "FOR EACH STATEMENT EXECUTE FUNCTION cc_change_feed_truncate()"
        )
    else:
        now = "strftime('%Y-%m-%d %H:%M:%f', 'now') || '000'"  # as 0003 writes change_log.at
        for kind in ("insert", "update", "delete"):
            row = "OLD" if kind == "delete" else "NEW"
            op.execute(
                f"CREATE TRIGGER cf_reply_templates_{kind} AFTER {kind.upper()} ON reply_templates "
                "FOR EACH ROW BEGIN "
                "INSERT INTO change_log (table_name, row_id, kind, version, at) "
                f"VALUES ('reply_templates', {row}.id, '{kind}', {row}.version, {now}); END"
            )


def downgrade() -> None:
    op.drop_index("ix_event_steps_task_actor", table_name="event_steps")
    # Dropping the table drops its triggers and (PostgreSQL) its grants.
    op.drop_index("ix_reply_templates_category_id", table_name="reply_templates")
    op.drop_table("reply_templates")
