"""dedup index: article_bands, article_signatures, story_appearances view

Revision ID: 0002
Revises: 0001
"""
from typing import Sequence, Union

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


# The view as it was at this revision (a migration keeps its own copy).
STORY_APPEARANCES_VIEW = """
CREATE VIEW story_appearances AS
SELECT original.id            AS story_id,
       original.canonical_url AS original_url,
       original.title         AS original_title,
       appearance.id          AS article_id,
       appearance.canonical_url AS url,
       appearance.site        AS site,
       appearance.source      AS source,
       appearance.published_at AS published_at,
       appearance.first_seen  AS first_seen,
       appearance.duplicate_kind AS duplicate_kind,
       appearance.similarity  AS similarity
FROM articles AS appearance
JOIN articles AS original ON original.id = COALESCE(appearance.duplicate_of, appearance.id)
"""


def upgrade() -> None:
    op.create_table(
        "article_bands",
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("band", "key", "article_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_article_bands_article_id", "article_bands", ["article_id"])
    op.create_table(
        "article_signatures",
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("shingle_count", sa.Integer(), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("article_id"),
    )
    op.execute(STORY_APPEARANCES_VIEW)


def downgrade() -> None:
    op.execute("DROP VIEW story_appearances")
    op.drop_table("article_signatures")
    op.drop_index("ix_article_bands_article_id", "article_bands")
    op.drop_table("article_bands")
