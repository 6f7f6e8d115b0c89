"""page_outcomes (URLs that held no article, retried with back-off); crawl_runs columns
not_articles, lost_requests, identity_conflicts, host, pid

Revision ID: 0004
Revises: 0003
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    op.create_table(
        "page_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.String(length=2048), nullable=False),
        sa.Column("url", sa.String(length=2048), nullable=False),
        sa.Column("site", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("target_url", sa.String(length=2048), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("first_seen", sa.DateTime(), nullable=False),
        sa.Column("last_seen", sa.DateTime(), nullable=False),
        sa.Column("retry_after", sa.DateTime(), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["last_run_id"], ["crawl_runs.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("canonical_url"),
    )
    with op.batch_alter_table("page_outcomes") as batch:
        batch.create_index(batch.f("ix_page_outcomes_site"), ["site"], unique=False)
        batch.create_index(batch.f("ix_page_outcomes_retry_after"), ["retry_after"], unique=False)
    with op.batch_alter_table("crawl_runs") as batch:
        batch.add_column(sa.Column("not_articles", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("lost_requests", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(sa.Column("identity_conflicts", sa.Integer(), nullable=False,
                                   server_default="0"))
        batch.add_column(sa.Column("host", sa.String(length=255), nullable=False,
                                   server_default=""))
        batch.add_column(sa.Column("pid", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("crawl_runs") as batch:
        for column in ("pid", "host", "identity_conflicts", "lost_requests", "not_articles"):
            batch.drop_column(column)
    op.drop_table("page_outcomes")
