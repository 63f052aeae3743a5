"""`flask search reindex`: rebuild the search index from the records (after bulk loads)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from negotiator.db import db
from negotiator.search import indexing

search_cli = AppGroup("search", help="The full-text search index.")


@search_cli.command("reindex")
def reindex() -> None:
    """Rebuild every row of the index, in one transaction."""
    with db.engine.begin() as conn:
        count = indexing.reindex(conn)
    click.echo(f"{count} entries indexed")
