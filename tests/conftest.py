"""Fresh app and database per test, on SQLite always and on PostgreSQL when configured."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import shutil
import uuid
from collections.abc import Iterator

import hypothesis
import jinja2
import jinja2.bccache
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from negotiator import create_app
from negotiator.db import db
from negotiator.template_compile import LanguageBytecodeCache
from tests import url_map

PG_URL = os.environ.get("NEGOTIATOR_TEST_POSTGRES_URL")
BACKENDS = ["sqlite"] + (["postgres"] if PG_URL else [])

BASE_CONFIG = {
    "TESTING": True,
    "SECRET_KEY": "test-secret",
    "WTF_CSRF_ENABLED": False,
    # scrypt is deliberately slow; tests create many users.
    "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
    # Render jobs (the signing original, long PDFs) run as soon as their request commits, in
    # the same process, so a test that sends an agreement can sign it next; tests/renders runs
    # them on a real consumer too.
    "RENDER_JOBS_INLINE": True,
}


def _reuse_url_builders() -> None:
    """Every test builds a fresh app, and werkzeug compiles two URL builders per rule each time
    (about 0.2 s of the ~0.25 s create_app takes, with 445 rules). The compiled builder is a pure
    function of the rule's text, parts and defaults (it reaches converters through its `self`
    argument), so tests share one per distinct rule. Production builds one app per process."""
    from werkzeug.routing.rules import Rule

    compile_builder = Rule._compile_builder
    builders: dict[tuple, object] = {}

    def shared(self: Rule, append_unknown: bool = True):  # noqa: ANN202
        defaults = tuple(sorted((self.defaults or {}).items(), key=repr))
        key = (self.rule, self.host, self.subdomain, tuple(self._trace), repr(defaults))
        key += (append_unknown, self.merge_slashes)
        if key not in builders:
            builders[key] = compile_builder(self, append_unknown)
        return builders[key]

    Rule._compile_builder = shared


_reuse_url_builders()
url_map.install()


class _SharedBytecode(LanguageBytecodeCache):
    """Templates compiled once per process rather than once per test's app (about 20 ms each,
    several per test), once per language; jinja checks each entry against the template source's
    checksum."""

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()

# Property tests explore new random cases on every local run; CI replays the same cases
# (derandomized) so that a case found there is a bug filed, not a landing refused at random.
hypothesis.settings.register_profile("ci", derandomize=True, database=None)
hypothesis.settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _migrate(url: str) -> None:
    from flask_migrate import upgrade

    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade(revision="heads")
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A SQLite file built once by the real migrations; each test gets a copy."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _migrate(f"sqlite:///{path}")
    return str(path)


def _pg_url_with_schema(schema: str) -> str:
    url = sa.engine.make_url(PG_URL).set(drivername="postgresql+psycopg")
    # No test needs a commit to survive a crash of the server: don't wait for the disk.
    options = f"-csearch_path={schema} -csynchronous_commit=off"
    return url.update_query_dict({"options": options}).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_database() -> Iterator[str]:
    """A schema of our own in the PostgreSQL test database, migrated once, dropped at the end."""
    if not PG_URL:
        pytest.fail("NEGOTIATOR_TEST_POSTGRES_URL is not set")
    schema = f"negotiator_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(sa.engine.make_url(PG_URL).set(drivername="postgresql+psycopg"))
    # A server that cannot be reached fails the run here; it never skips.
    with admin.begin() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    url = _pg_url_with_schema(schema)
    _migrate(url)
    yield url
    with admin.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    admin.dispose()


_PG_EMPTYING: dict[str, str] = {}


def _empty_pg(app: Flask) -> None:
    """Delete every row and restart every id, as TRUNCATE … RESTART IDENTITY would.

    TRUNCATE gives each of the ~40 tables and their indexes new files, about 0.5–0.9 s per test
    on this machine; deleting the few rows a test wrote takes milliseconds. Replica mode skips
    the triggers (foreign keys, the audit log's append-only rule) for this transaction only.
    """
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    with db.engine.begin() as conn:
        if url not in _PG_EMPTYING:
            _PG_EMPTYING[url] = _pg_emptying_sql(conn)
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        conn.exec_driver_sql(_PG_EMPTYING[url])


def _pg_sequences(conn: sa.Connection) -> list[str]:
    """The sequences behind the tables' primary keys."""
    return [
        seq
        for table in db.metadata.sorted_tables
        for column in table.primary_key.columns
        if (
            seq := conn.exec_driver_sql(
                f"SELECT pg_get_serial_sequence('\"{table.name}\"', '{column.name}')"
            ).scalar()
        )
    ]


def _pg_emptying_sql(conn: sa.Connection) -> str:
    tables = [t.name for t in reversed(db.metadata.sorted_tables)]
    sequences = _pg_sequences(conn)
    deletes = "".join(f'DELETE FROM "{name}";' for name in tables)
    restarts = ", ".join(f"setval('{seq}', 1, false)" for seq in sequences)
    return deletes + (f"SELECT {restarts};" if restarts else "")


@pytest.fixture(scope="session")
def seal_template(tmp_path_factory: pytest.TempPathFactory) -> str:
    """One installation seal (an RSA-3072 key, 0.3–2 s to generate) per test process; each
    test's instance folder gets a copy, as if `flask agreement init-seal` had run there."""
    from negotiator.agreements import seal

    folder = tmp_path_factory.mktemp("seal-instance")
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    app.instance_path = str(folder)
    with app.app_context():
        seal.ensure_demo_certificate()
    return str(folder / "seal")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
def database_url(backend: str, request: pytest.FixtureRequest, tmp_path) -> str:  # noqa: ANN001
    if backend == "sqlite":
        path = tmp_path / "test.sqlite3"
        # A test that uses `world` starts from a copy of the world built once (see `world`).
        if "world" in request.fixturenames:
            source = request.getfixturevalue("sqlite_world")[0]
        else:
            source = request.getfixturevalue("sqlite_template")
        shutil.copyfile(source, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def app(database_url: str, backend: str, tmp_path, seal_template: str, request) -> Iterator[Flask]:  # noqa: ANN001
    """The app, with no context pushed: requests must not share `g` or the session with the test.

    Test code that touches the database opens `with app.app_context():` itself.
    """
    config = {**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": database_url}
    if request.node.get_closest_marker("own_url_map"):
        with url_map.own():
            app = create_app(config)
    else:
        app = create_app(config)
        url_map.share(app)
    app.instance_path = str(tmp_path)
    app.jinja_env.bytecode_cache = _BYTECODE
    shutil.copytree(seal_template, tmp_path / "seal")
    if backend == "postgres":
        with app.app_context():
            _empty_pg(app)
    yield app
    with app.app_context():
        db.engine.dispose()


# Tests whose subject is rendering itself (same bytes each time, a file served again rather
# than rendered again): these always call WeasyPrint.
RENDERING = (
    "tests/agreements/test_pdf.py",
    "tests/meetings/test_rounds_exports.py",
    "tests/renders/",
)
_RENDERED: dict[str, bytes] = {}


@pytest.fixture(autouse=True)
def _each_pdf_rendered_once(request: pytest.FixtureRequest, monkeypatch) -> None:  # noqa: ANN001
    """Outside RENDERING, a PDF this process already rendered from the very same source gets
    the bytes WeasyPrint made then. Rendering is a pure function of its source (the identifier
    and dates are derived from it: same source, same bytes, tests/agreements/test_pdf.py), and
    at 1-2 s a document it was most of the time of every test that sends an agreement."""
    if os.environ.get("NEGOTIATOR_TEST_RENDER_ALWAYS") or request.node.nodeid.startswith(RENDERING):
        return
    from negotiator.agreements import document
    from negotiator.meetings import pdf as minutes

    def once(real):  # noqa: ANN001, ANN202
        def rendered(*source: str) -> bytes:
            key = hashlib.sha256("\0".join((real.__name__, *source)).encode()).hexdigest()
            if key not in _RENDERED:
                _RENDERED[key] = real(*source)
            return _RENDERED[key]

        return rendered

    monkeypatch.setattr(document, "pdf_from_source", once(document.pdf_from_source))
    monkeypatch.setattr(minutes, "pdf_from_html", once(minutes.pdf_from_html))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture(scope="session")
def sqlite_world(sqlite_template: str, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    """The test world (tests/factories.build_world) built once per process into a copy of the
    template: each SQLite test that uses `world` gets a copy of this file instead of building it."""
    from tests.factories import build_world

    path = tmp_path_factory.mktemp("world") / "world.sqlite3"
    shutil.copyfile(sqlite_template, path)
    app = create_app({**BASE_CONFIG, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}"})
    world = build_world(app)
    with app.app_context():
        db.engine.dispose()
    return str(path), world


@pytest.fixture
def world(app: Flask, backend: str, request: pytest.FixtureRequest):  # noqa: ANN201
    """Three towns, their users of every role, a negotiation, an item and a position.

    Building it takes a few hundred milliseconds (users, memberships, audit entries), and most
    tests use it: SQLite tests start from a copy of the database it was built in once
    (`database_url`), PostgreSQL tests get its rows inserted again (`_pg_world`)."""
    if backend == "sqlite":
        return dataclasses.replace(request.getfixturevalue("sqlite_world")[1])
    return _pg_world(app)


_PG_WORLDS: dict[str, tuple[object, list[tuple[str, list[dict]]], list[tuple[str, int, bool]]]] = {}


def _pg_world(app: Flask):  # noqa: ANN202
    """The world built once per process and schema, then restored from its rows (the tables were
    just emptied and their ids restarted by `_empty_pg`, so the ids are the same)."""
    from tests.factories import build_world

    url = app.config["SQLALCHEMY_DATABASE_URI"]
    if url not in _PG_WORLDS:
        world = build_world(app)
        with app.app_context(), db.engine.connect() as conn:
            tables = [
                (t.name, [dict(r._mapping) for r in conn.execute(sa.select(t))])
                for t in db.metadata.sorted_tables
            ]
            sequences = [
                (seq, *conn.exec_driver_sql(f"SELECT last_value, is_called FROM {seq}").one())
                for seq in _pg_sequences(conn)
            ]
        _PG_WORLDS[url] = (world, tables, sequences)
        return world
    world, tables, sequences = _PG_WORLDS[url]
    with app.app_context(), db.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL session_replication_role = replica")
        for name, rows in tables:
            if rows:
                conn.execute(db.metadata.tables[name].insert(), rows)
        for seq, value, called in sequences:
            conn.exec_driver_sql(f"SELECT setval('{seq}', {value}, {called})")
    return dataclasses.replace(world)


# Modules whose tests take tens of seconds each (real servers, consumers, browsers, every form
# with hypothesis), in rough order of cost. Workers take the next test in collection order as
# they finish one (`--maxschedchunk 1` in the Makefile), so these go first: collected last, one
# of them keeps a worker busy long after the others are done.
SLOW_FIRST = (
    "tests/test_fuzz.py",
    "tests/test_runtime.py",
    "tests/test_concurrency.py",
    "tests/notifications/test_delivery.py",
    "tests/test_demo.py",
    "tests/browser/",
    "tests/renders/test_consumer.py",
    "tests/test_text_check.py",
    "tests/test_versions.py",
    "tests/auth/test_authorization_matrix.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        return next(
            (i for i, prefix in enumerate(SLOW_FIRST) if item.nodeid.startswith(prefix)),
            len(SLOW_FIRST),
        )

    items.sort(key=rank)
