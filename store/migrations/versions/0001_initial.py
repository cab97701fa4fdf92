"""Initial schema: agencies, versioned submissions and their items, warnings, audit log.

Revision ID: 0001
Revises:
Create Date: 2024-01-01

Hand-written: keep store.metadata in step (tests/test_store.py compares the two).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)  # store.UtcDateTime keeps values in UTC
CHILD_TABLES = ("budget_lines", "indicators", "funding_requests", "difficulties", "submission_issues")


def _child(name: str, *columns) -> None:
    op.create_table(
        name,
        sa.Column("submission_id", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        *columns,
        sa.PrimaryKeyConstraint("submission_id", "position", name=f"pk_{name}"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name=f"fk_{name}_submission"),
    )


def upgrade() -> None:
    op.create_table(
        "agencies",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=True),
        sa.Column("agency_group", sa.Text, nullable=True),
        sa.Column("expected_to_report", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.PrimaryKeyConstraint("code", name="pk_agencies"),
    )
    op.create_table(
        "submissions",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("agency_code", sa.String(64), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("original", sa.LargeBinary, nullable=False),
        sa.Column("uploaded_by", sa.Text, nullable=False),
        sa.Column("uploaded_at", UTC_DATETIME, nullable=False),
        sa.Column("action", sa.String(16), nullable=False),
        sa.Column("restored_from", sa.Integer, nullable=True),
        sa.Column("agency_name", sa.Text, nullable=False),
        sa.Column("province", sa.Text, nullable=False),
        sa.Column("report_date", sa.Date, nullable=True),
        sa.Column("requested_by", sa.Text, nullable=True),
        sa.Column("prepared_by", sa.Text, nullable=True),
        sa.Column("stated_total_vnd", sa.BigInteger, nullable=True),
        sa.Column("illustrative", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_submissions"),
        sa.ForeignKeyConstraint(["agency_code"], ["agencies.code"], name="fk_submissions_agency"),
        sa.ForeignKeyConstraint(["restored_from"], ["submissions.id"], name="fk_submissions_restored_from"),
        sa.UniqueConstraint("agency_code", "year", "version", name="uq_submissions_agency_year_version"),
        sa.CheckConstraint("action IN ('upload', 'restore')", name="ck_submissions_action"),
    )
    op.create_index("ix_submissions_year", "submissions", ["year"])
    op.create_index("ix_submissions_agency_year_sha", "submissions", ["agency_code", "year", "sha256"])

    _child(
        "budget_lines",
        sa.Column("funding_source", sa.String(1), nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("allocated_vnd", sa.BigInteger, nullable=False),
        sa.Column("disbursed_vnd", sa.BigInteger, nullable=True),
        sa.Column("decision_ref", sa.Text),
        sa.Column("as_of", sa.Date),
        sa.Column("expected_pct", sa.Float),
        sa.Column("procurement", sa.Text),
        sa.Column("procurement_done", sa.Date),
        sa.Column("contractor", sa.Text),
        sa.Column("note", sa.Text),
        sa.Column("extra", sa.JSON),
        sa.Column("source_row", sa.Integer),
        sa.CheckConstraint("funding_source IN ('a', 'b', 'c')", name="ck_budget_lines_funding_source"),
    )
    _child(
        "indicators",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("name", sa.Text),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("out_of", sa.Float),
        sa.Column("applies_to_year", sa.Integer),
        sa.Column("note", sa.Text),
        sa.Column("extra", sa.JSON),
        sa.Column("source_row", sa.Integer),
    )
    _child(
        "funding_requests",
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("task", sa.Text, nullable=False),
        sa.Column("category", sa.Text),
        sa.Column("legal_basis", sa.Text),
        sa.Column("objective", sa.Text),
        sa.Column("content", sa.Text),
        sa.Column("scope", sa.Text),
        sa.Column("implementer", sa.Text),
        sa.Column("amount_vnd", sa.BigInteger, nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("extra", sa.JSON),
        sa.Column("source_row", sa.Integer),
    )
    _child(
        "difficulties",
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    _child(
        "submission_issues",
        sa.Column("code", sa.String(64), nullable=False),
        sa.Column("severity", sa.String(16), nullable=False),
        sa.Column("file", sa.Text, nullable=False),
        sa.Column("sheet", sa.Text),
        sa.Column("row", sa.Integer),
        sa.Column("column", sa.Text),
        sa.Column("message_vi", sa.Text, nullable=False),
        sa.Column("message_en", sa.Text, nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, nullable=False, autoincrement=True),
        sa.Column("at", UTC_DATETIME, nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=True),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("submission_id", sa.Integer, nullable=True),
        sa.Column("detail", sa.Text, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(["submission_id"], ["submissions.id"], name="fk_audit_log_submission"),
    )


def downgrade() -> None:
    op.drop_table("audit_log")
    for name in reversed(CHILD_TABLES):
        op.drop_table(name)
    op.drop_index("ix_submissions_agency_year_sha", table_name="submissions")
    op.drop_index("ix_submissions_year", table_name="submissions")
    op.drop_table("submissions")
    op.drop_table("agencies")
