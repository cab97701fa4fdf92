"""Provenance of figures read from narrative reports: the sentence each figure came from.

Revision ID: 0002
Revises: 0001
Create Date: 2024-01-02

Hand-written: keep store.figure_sources in step (tests/test_store.py compares the two).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "figure_sources",
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("field", sa.Text, nullable=False),  # "budget_lines[0].disbursed_vnd", "indicators[3].value", ...
        sa.Column("text", sa.Text, nullable=False),  # the whole sentence, paragraph or cell
        sa.Column("start", sa.Integer, nullable=False),  # text[start:end] is the figure as written
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("block", sa.Integer, nullable=True),
        sa.Column("page", sa.Integer, nullable=True),
        sa.Column("edited", sa.Boolean, nullable=False, server_default=sa.false()),  # reviewer changed the figure
        sa.PrimaryKeyConstraint("submission_id", "position", name="pk_figure_sources"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_figure_sources_submission"),
    )


def downgrade() -> None:
    op.drop_table("figure_sources")
