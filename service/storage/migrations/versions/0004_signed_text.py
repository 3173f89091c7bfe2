"""Signatures keep the exact text that was signed (sealed), so exports never re-render a signed note.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("signatures") as batch_op:
        batch_op.add_column(sa.Column("text_enc", sa.LargeBinary(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("signatures") as batch_op:
        batch_op.drop_column("text_enc")
