"""Alembic environment: runs on the connection that newscrawl.storage.db hands over,
or on sqlalchemy.url when called from the alembic command line (alembic.ini)."""
from alembic import context
from sqlalchemy import engine_from_config, pool

import newscrawl.storage.schema  # noqa: F401  (registers every table on METADATA)
from newscrawl.storage.models import METADATA, UTCDateTime

config = context.config
target_metadata = METADATA


def render_item(type_, obj, autogen_context):
    """Migrations name plain column types, so they never import the models module."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


def run_migrations(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=True, render_item=render_item)
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = engine_from_config(config.get_section(config.config_ini_section, {}),
                                prefix="sqlalchemy.", poolclass=pool.NullPool)
    with engine.connect() as conn:
        run_migrations(conn)
