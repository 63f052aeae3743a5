"""Full-text search over what a user's councils wrote (items, revisions, positions, minutes).

The top layer: it reads every domain. An index table (models.SearchEntry) is kept current by a
session hook (indexing.py) from the sources registered in sources.py; services.py queries it
with SQLite FTS5's trigram tokenizer or PostgreSQL's pg_trgm, both substring matches that work
on Japanese without a word splitter.
"""
