"""The reporting cycle: periods (request, deadline, lock), per-agency extensions, transitions; agency e-mails.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29

Hand-written: keep store.cycle's tables and agencies.email in step (tests/test_store.py compares them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)  # store.UtcDateTime keeps values in UTC


def upgrade() -> None:
    op.add_column("agencies", sa.Column("email", sa.Text, nullable=True))
    op.create_table(
        "periods",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("province", sa.Text, nullable=True),
        sa.Column("ref", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("lock_after_days", sa.Integer, nullable=True),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("created_by_login", sa.Text, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_periods"),
    )
    op.create_table(
        "period_extensions",
        sa.Column("period_id", sa.Integer, nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("granted_by", sa.Text, nullable=False),
        sa.Column("granted_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("period_id", "agency_code", name="pk_period_extensions"),
        sa.ForeignKeyConstraint(["period_id"], ["periods.id"], name="fk_period_extensions_period"),
        sa.ForeignKeyConstraint(["agency_code"], ["agencies.code"], name="fk_period_extensions_agency"),
    )
    op.create_table(
        "transitions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("submission_id", sa.Integer, nullable=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("actor_login", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_transitions"),
        sa.ForeignKeyConstraint(["agency_code"], ["agencies.code"], name="fk_transitions_agency"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_transitions_submission"),
        sa.CheckConstraint("kind IN ('approve', 'return', 'reopen')", name="ck_transitions_kind"),
    )


def downgrade() -> None:
    op.drop_table("transitions")
    op.drop_table("period_extensions")
    op.drop_table("periods")
    with op.batch_alter_table("agencies") as batch:
        batch.drop_column("email")
