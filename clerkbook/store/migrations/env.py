"""Alembic environment: clerkbook always passes in the connection to migrate."""

from __future__ import annotations

from alembic import context

from clerkbook.models import Base
from clerkbook.store.search import is_index_table

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things; batch mode rebuilds tables safely.
    render_as_batch=True,
    transaction_per_migration=False,
    # The FTS5 search index (migration 0004) and its shadow tables have no model: autogenerate must not
    # propose dropping them.
    include_name=lambda name, type_, _parent: not (type_ == "table" and is_index_table(name)),
)
with context.begin_transaction():
    context.run_migrations()
