"""events.image_*: an event's picture (fingerprint of its files, size, description)

Revision ID: 0015
Revises: 0014

API tokens already carry their name (``api_tokens.label``, shown on the account page): nothing to add
for them. Events get their picture's columns; events made before have none.
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("image_key", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("image_width", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("image_height", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("image_alt", sa.String(length=300), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("image_alt")
        batch_op.drop_column("image_height")
        batch_op.drop_column("image_width")
        batch_op.drop_column("image_key")
