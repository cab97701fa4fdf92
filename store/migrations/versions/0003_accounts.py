"""Accounts and real identities: the users table; the login of who stored a version or made an audit entry.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29

Hand-written: keep store.accounts.users and the two new columns in step (tests/test_store.py compares them).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_DATETIME = sa.DateTime(timezone=True)  # store.UtcDateTime keeps values in UTC


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("login", sa.String(64), nullable=False),
        sa.Column("display_name", sa.Text, nullable=False),
        sa.Column("email", sa.Text, nullable=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("agency_code", sa.String(64), nullable=True),
        sa.Column("province", sa.Text, nullable=True),
        sa.Column("password_hash", sa.Text, nullable=True),  # Argon2 only; never a clear password
        sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("disabled", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", UTC_DATETIME, nullable=True),
        sa.Column("created_at", UTC_DATETIME, nullable=False),
        sa.PrimaryKeyConstraint("login", name="pk_users"),
        sa.ForeignKeyConstraint(["agency_code"], ["agencies.code"], name="fk_users_agency"),
        sa.CheckConstraint("role IN ('don_vi', 'chuyen_vien', 'lanh_dao', 'quan_tri')", name="ck_users_role"),
    )
    op.create_index("ix_users_email", "users", ["email"])
    op.add_column("submissions", sa.Column("uploaded_by_login", sa.Text, nullable=True))
    op.add_column("audit_log", sa.Column("actor_login", sa.Text, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("actor_login")
    with op.batch_alter_table("submissions") as batch:
        batch.drop_column("uploaded_by_login")
    op.drop_index("ix_users_email", table_name="users")
    op.drop_table("users")
