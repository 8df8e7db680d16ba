"""allocations: seats of a session held for a partner structure; sessions.seats_held; registrations.allocation_id

Revision ID: 0018
Revises: 0017

- allocations: a partner's seats on one session, its contact, release time and secret invite token;
- sessions.seats_held: seats held for partners and not booked yet, under the same ceiling as the
  seats taken (CHECK seats_taken + seats_held <= seat_ceiling): the database backstop of holds;
- registrations.allocation_id: the allocation a partner's booking draws its seats from.
"""
import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "allocations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("partner", sa.String(length=200), nullable=False),
        sa.Column("contact_email", sa.String(length=254), nullable=False),
        sa.Column("seats", sa.Integer(), nullable=False),
        sa.Column("seats_used", sa.Integer(), server_default="0", nullable=False),
        sa.Column("release_at", sa.DateTime(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("release_notice_at", sa.DateTime(), nullable=True),
        sa.Column("invite_token", sa.String(length=64), nullable=False),
        sa.Column("locale", sa.String(length=8), server_default="fr", nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("seats >= 1", name=op.f("ck_allocations_seats_positive")),
        sa.CheckConstraint("seats_used >= 0 AND seats_used <= seats", name=op.f("ck_allocations_used_within_seats")),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_allocations_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["session_id"], ["sessions.id"], name=op.f("fk_allocations_session_id_sessions"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_allocations")),
        sa.UniqueConstraint("invite_token", name=op.f("uq_allocations_invite_token")),
    )
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_allocations_session_id"), ["session_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_allocations_release_at"), ["release_at"], unique=False)
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seats_held", sa.Integer(), server_default="0", nullable=False))
        batch_op.create_check_constraint("holds_within_ceiling",
                                         "seats_held >= 0 AND seats_taken + seats_held <= seat_ceiling")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("allocation_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f("fk_registrations_allocation_id_allocations"), "allocations",
                                    ["allocation_id"], ["id"], ondelete="SET NULL")
        batch_op.create_index(batch_op.f("ix_registrations_allocation_id"), ["allocation_id"], unique=False)


def downgrade():
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_registrations_allocation_id"))
        batch_op.drop_constraint(batch_op.f("fk_registrations_allocation_id_allocations"), type_="foreignkey")
        batch_op.drop_column("allocation_id")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_constraint("holds_within_ceiling", type_="check")
        batch_op.drop_column("seats_held")
    with op.batch_alter_table("allocations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_allocations_release_at"))
        batch_op.drop_index(batch_op.f("ix_allocations_session_id"))
    op.drop_table("allocations")
