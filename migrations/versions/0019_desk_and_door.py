"""Desk and door: a door role per team, registrations closed by hand, booking channels, an audit log

Revision ID: 0019
Revises: 0018

- team_members.role: "organiser" (every membership so far) or "door" (volunteers who only check
  people in at the team's sessions of the day).
- sessions.registrations_closed_at: an organiser closed registrations now (None: reopened).
- registrations.channel: "desk" (booked at the desk or on the phone), "walk_in" (came unbooked),
  None for online bookings and partners' groups.
- audit_entries: who changed which fields of someone's booking (never the values).
"""
import sqlalchemy as sa
from alembic import op


revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.add_column(sa.Column("role", sa.String(16), nullable=False, server_default="organiser"))
        batch_op.create_check_constraint("role", "role IN ('organiser', 'door')")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("registrations_closed_at", sa.DateTime(), nullable=True))
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("channel", sa.String(16), nullable=True))
        batch_op.create_check_constraint("channel", "channel IS NULL OR channel IN ('desk', 'walk_in')")
    op.create_table(
        "audit_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("target", sa.String(120), nullable=False),
        sa.Column("fields", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_audit_entries_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_entries")),
    )
    with op.batch_alter_table("audit_entries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_entries_user_id"), ["user_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_target"), ["target"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_entries_created_at"), ["created_at"], unique=False)


def downgrade():
    op.drop_table("audit_entries")
    with op.batch_alter_table("registrations", schema=None) as batch_op:
        batch_op.drop_constraint("channel", type_="check")
        batch_op.drop_column("channel")
    with op.batch_alter_table("sessions", schema=None) as batch_op:
        batch_op.drop_column("registrations_closed_at")
    # Door volunteers were members who organised nothing: they leave the team with the role.
    op.execute("DELETE FROM team_members WHERE role = 'door'")
    with op.batch_alter_table("team_members", schema=None) as batch_op:
        batch_op.drop_constraint("role", type_="check")
        batch_op.drop_column("role")
