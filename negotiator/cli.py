"""`flask` commands for scripted set-up: users, consortia, members, roles, audit, demo."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import Flask
from flask.cli import AppGroup, with_appcontext

from negotiator.audit import services as audit
from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.consortia import services as consortia
from negotiator.consortia.models import Consortium, Member, Role
from negotiator.db import db
from negotiator.forms import text_problem

user_cli = AppGroup("user", help="Manage user accounts.")
consortium_cli = AppGroup("consortium", help="Manage consortia, members and roles.")
audit_cli = AppGroup("audit", help="Check the audit log.")


def _fail(message: str) -> None:
    db.session.rollback()
    raise click.ClickException(message)


def _check_text(**texts: str) -> None:
    """The rule every form applies to text (negotiator.forms), for options given on the command
    line: refused with the option's name and the message."""
    for option, text in texts.items():
        if message := text_problem(text or ""):
            _fail(f"--{option}: {message}")


@user_cli.command("create")
@click.argument("username")
@click.option("--password", required=True, help="At least 10 characters, not common (see README).")
@click.option("--name", "display_name", default="", help="Display name.")
@click.option("--admin", is_flag=True, help="Make the user a site administrator.")
@click.option("--email", default=None, help="Mail address for notifications.")
@click.option("--language", type=click.Choice(["ja", "en"]), default="ja")
def user_create(
    username: str, password: str, display_name: str, admin: bool, email: str | None, language: str
) -> None:
    """Create a user."""
    _check_text(name=display_name)
    from negotiator.forms import valid_address

    if email is not None and not valid_address(email):
        _fail(f"not a valid mail address: {email!r}")
    try:
        user = accounts.create_user(username, password, display_name, is_admin=admin)
    except accounts.AccountError as exc:
        _fail(exc.message)
    user.email, user.language = email, language
    db.session.commit()
    click.echo(f"created user {username}")


@user_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def user_import(path: str) -> None:
    """Create or update users from a CSV file: username,display_name,email[,language]."""
    from negotiator.auth.csv_users import CsvUserError, import_users

    with open(path, "rb") as handle:
        data = handle.read()
    try:
        results = import_users(data)
    except CsvUserError as exc:
        _fail(str(exc))
    db.session.commit()
    for username, password in results:
        click.echo(
            f"{username}: created, password {password}" if password else f"{username}: updated"
        )


@user_cli.command("set-password")
@click.argument("username")
@click.option("--password", required=True)
def user_set_password(username: str, password: str) -> None:
    """Set a user's password (ends their sessions)."""
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        _fail(f"no user named {username}")
    try:
        accounts.set_password(user, password)
    except accounts.AccountError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"password changed for {username}")


@consortium_cli.command("create")
@click.argument("name")
@click.option("--description", default="")
def consortium_create(name: str, description: str) -> None:
    """Create a consortium."""
    _check_text(name=name, description=description)
    try:
        c = consortia.save_consortium(None, {"name": name, "description": description})
    except consortia.InputError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"created consortium {c.id}: {name}")


def _consortium(name: str) -> Consortium:
    c = db.session.scalar(sa.select(Consortium).where(Consortium.name == name))
    if c is None:
        _fail(f"no consortium named {name}")
    return c


@consortium_cli.command("add-member")
@click.argument("consortium")
@click.argument("name")
@click.option("--label", default=None, help="Party label in the agreement (甲, 乙 …).")
@click.option("--kind", type=click.Choice(["city", "town", "village", "other"]), default="town")
@click.option("--title", default="", help="Representative's title, e.g. 須崎市長.")
@click.option("--representative", default="", help="Representative's name.")
@click.option("--address", default="")
def consortium_add_member(
    consortium: str,
    name: str,
    label: str | None,
    kind: str,
    title: str,
    representative: str,
    address: str,
) -> None:
    """Add a member municipality to a consortium."""
    _check_text(name=name, label=label, title=title, representative=representative, address=address)
    c = _consortium(consortium)
    data = {
        "name": name,
        "kind": kind,
        "party_label": label,
        "representative_title": title,
        "representative_name": representative,
        "address": address,
        "sort_order": len(c.members),
    }
    try:
        consortia.save_member(c, None, data)
    except consortia.InputError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"added {name} to {consortium}")


@consortium_cli.command("grant")
@click.argument("consortium")
@click.argument("username")
@click.argument("role", type=click.Choice([r.value for r in Role]))
@click.option("--member", default=None, help="Member the liaison or signatory acts for.")
def consortium_grant(consortium: str, username: str, role: str, member: str | None) -> None:
    """Give a user a role in a consortium."""
    c = _consortium(consortium)
    user = db.session.scalar(sa.select(User).where(User.username == username))
    if user is None:
        _fail(f"no user named {username}")
    m = None
    if member:
        m = db.session.scalar(
            sa.select(Member).where(Member.consortium_id == c.id, Member.name == member)
        )
        if m is None:
            _fail(f"no member named {member} in {consortium}")
    try:
        consortia.add_membership(user, c, Role(role), m)
    except consortia.InputError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"{username} is now {role} in {consortium}")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Verify the audit log's hash chain; report the first broken entry."""
    from negotiator.audit.records import first_mismatch

    result = audit.verify_chain()
    if not result.ok:
        where = f"entry {result.broken_id}" if result.broken_id else "the end of the chain"
        raise click.ClickException(
            f"audit chain broken at {where}: {result.problem} ({result.checked} entries intact)"
        )
    bad = first_mismatch()
    if bad is not None:
        entry = f"audit entry {bad.entry_id}" if bad.entry_id else "no audit entry"
        raise click.ClickException(
            f"{bad.table} {bad.row_id} was changed outside the app: {bad.field} differs from "
            f"{entry}"
        )
    click.echo(f"audit chain intact: {result.checked} entries; positions and signatures match")


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Only when the database has no users at all.")
@with_appcontext
def demo_command(if_empty: bool) -> None:
    """Load the demo council (does nothing if it is already there)."""
    from negotiator import demo

    if if_empty and db.session.scalar(sa.select(User.id).limit(1)) is not None:
        click.echo("database is not empty; demo not loaded")
        return
    created = demo.load()
    db.session.commit()
    click.echo("demo data loaded" if created else "demo data already present")


agreement_cli = AppGroup("agreement", help="Agreements: PDFs and the installation's seal.")


@agreement_cli.command("pdf")
@click.argument("negotiation_id", type=int)
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True))
def agreement_pdf(negotiation_id: int, out: str) -> None:
    """Write the PDF of the negotiation's latest agreement (the sealed one once executed)."""
    from negotiator.agreements import document, services
    from negotiator.agreements.models import Status
    from negotiator.negotiation.models import Negotiation

    negotiation = db.session.get(Negotiation, negotiation_id)
    if negotiation is None:
        _fail(f"no negotiation {negotiation_id}")
    agreement = services.current(negotiation)
    if agreement is None:
        _fail(f"negotiation {negotiation_id} has no agreement yet")
    executed = agreement.status == Status.EXECUTED
    if executed:
        data = agreement.executed_pdf
    else:  # the signing original with the signatures so far, or a draft's preview
        data = agreement.current_pdf or document.render_agreement_pdf(agreement)
    with open(out, "wb") as f:
        f.write(data)
    click.echo(f"wrote {out} ({agreement.status}, version {agreement.number}, {len(data)} bytes)")


@agreement_cli.command("init-seal")
def agreement_init_seal() -> None:
    """Create a self-signed demonstration seal certificate in instance/seal/ if none exists."""
    from negotiator.agreements.seal import ensure_demo_certificate

    made = ensure_demo_certificate()
    click.echo("created a demonstration seal certificate" if made else "seal certificate present")


@agreement_cli.command("register-certificate")
@click.argument("member_id", type=int)
@click.argument("certificate", type=click.Path(exists=True, dir_okay=False))
def agreement_register_certificate(member_id: int, certificate: str) -> None:
    """Register a member's certificate (PEM or DER) for 当事者型 signatures."""
    from pathlib import Path

    from negotiator.agreements import certificates
    from negotiator.consortia.models import Member
    from negotiator.errors import FieldError

    member = db.session.get(Member, member_id)
    if member is None:
        _fail(f"no member {member_id}")
    try:
        row = certificates.register(member, Path(certificate).read_bytes())
    except FieldError as exc:
        _fail(exc.message)
    db.session.commit()
    click.echo(f"registered {row.subject} (SHA-256 {row.fingerprint_sha256}) for {member.name}")


@click.command("backup")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False))
@with_appcontext
def backup_command(out: str) -> None:
    """Write a consistent copy of the SQLite database while the app keeps running."""
    from pathlib import Path

    from negotiator.backup import BackupError, backup_sqlite

    try:
        pages = backup_sqlite(Path(out))
    except BackupError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"backed up {pages} pages to {out}")


def init_app(app: Flask) -> None:
    from negotiator.jobs.cli import jobs_cli
    from negotiator.meetings.cli import rounds_cli
    from negotiator.search.cli import search_cli

    commands = (user_cli, consortium_cli, audit_cli, agreement_cli, demo_command, backup_command)
    app.cli.add_command(rounds_cli)
    app.cli.add_command(jobs_cli)
    app.cli.add_command(search_cli)
    for command in commands:
        app.cli.add_command(command)
