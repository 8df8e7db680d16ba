"""event_kinds managed by admins (events.kind refers to it); event texts in French and English

Revision ID: 0017
Revises: 0016

- event_kinds: code (what the API says, stable), name in French and English, icon from a fixed list,
  position, active. Seeded with the seven kinds of the former CHECK on events.kind, which a foreign key
  replaces, so a new kind needs no migration;
- events.title_en, summary, summary_en, description_en: title and description stay the French text
  (required); English is optional and falls back to French.
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

ICONS = ("microphone", "speech", "flag", "scissors", "film", "star", "dots", "music", "book", "frame", "palette",
         "people")
STARTING_KINDS = (
    ("talk", "Conférence", "Talk", "microphone"),
    ("debate", "Débat", "Debate", "speech"),
    ("guided_tour", "Visite guidée", "Guided tour", "flag"),
    ("workshop", "Atelier", "Workshop", "scissors"),
    ("screening", "Projection", "Screening", "film"),
    ("show", "Spectacle", "Show", "star"),
    ("other", "Autre", "Other", "dots"),
)
OLD_KIND_CHECK = "kind IN ('talk', 'debate', 'guided_tour', 'workshop', 'screening', 'show', 'other')"


def upgrade():
    kinds = op.create_table(
        "event_kinds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("name_fr", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("icon", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.CheckConstraint("icon IN (" + ", ".join(f"'{icon}'" for icon in ICONS) + ")",
                           name=op.f("ck_event_kinds_icon")),
        sa.CheckConstraint("code <> ''", name=op.f("ck_event_kinds_code_not_empty")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_kinds")),
        sa.UniqueConstraint("code", name=op.f("uq_event_kinds_code")),
    )
    op.bulk_insert(kinds, [
        {"code": code, "name_fr": fr, "name_en": en, "icon": icon, "position": n, "active": True}
        for n, (code, fr, en, icon) in enumerate(STARTING_KINDS, start=1)
    ])
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_events_kind"), type_="check")
        batch_op.create_foreign_key(batch_op.f("fk_events_kind_event_kinds"), "event_kinds", ["kind"], ["code"])
        batch_op.add_column(sa.Column("title_en", sa.String(length=200), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("summary", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("summary_en", sa.String(length=300), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("description_en", sa.Text(), nullable=False, server_default=""))


def downgrade():
    # Events of kinds added since cannot go back under the old CHECK: they become "other".
    op.execute("UPDATE events SET kind = 'other' WHERE kind NOT IN "
               "('talk', 'debate', 'guided_tour', 'workshop', 'screening', 'show', 'other')")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("description_en")
        batch_op.drop_column("summary_en")
        batch_op.drop_column("summary")
        batch_op.drop_column("title_en")
        batch_op.drop_constraint(batch_op.f("fk_events_kind_event_kinds"), type_="foreignkey")
        batch_op.create_check_constraint("kind", OLD_KIND_CHECK)
    op.drop_table("event_kinds")
