"""Administration: consortia, members, users and memberships."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from negotiator.admin.forms import (
    ConsortiumEditForm,
    ConsortiumForm,
    MemberEditForm,
    MemberForm,
    MembershipForm,
    UserEditForm,
    UserForm,
    choices,
)
from negotiator.audit import services as audit
from negotiator.auth import services as accounts
from negotiator.auth.models import User
from negotiator.auth.permissions import ADMIN, access
from negotiator.conflicts import conflict_message
from negotiator.consortia import lifecycle, services
from negotiator.consortia.models import Consortium, Member, Membership, Role
from negotiator.db import db
from negotiator.forms import show_error
from negotiator.message import say

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _form_data(form: FlaskForm) -> dict:
    data = {k: v for k, v in form.data.items() if k not in ("csrf_token", "version")}
    return {
        k: (v.strip() or None if k == "party_label" else v) if isinstance(v, str) else v
        for k, v in data.items()
    }


def _save(form: FlaskForm, obj: object | None, save) -> bool:  # noqa: ANN001
    """Validate, check the version, save and commit; put problems on the form."""
    if not form.validate_on_submit():
        return False
    try:
        if obj is not None:
            services.check_version(obj, form.version.data)
        save(_form_data(form))
    except services.ConflictError:
        form.form_errors.append(conflict_message())
        return False
    except (services.InputError, accounts.AccountError) as exc:
        show_error(form, exc)
        return False
    db.session.commit()
    flash(_("保存しました。"), "success")
    return True


@bp.route("/")
@access(ADMIN)
def index() -> str:
    consortia = db.session.scalars(sa.select(Consortium).order_by(Consortium.name)).all()
    users = db.session.scalars(sa.select(User).order_by(User.username)).all()
    return render_template("admin/index.html", consortia=consortia, users=users)


@bp.route("/consortia/new", methods=["GET", "POST"])
@access(ADMIN)
def consortium_new() -> str | Response:
    form = ConsortiumForm()
    if _save(form, None, lambda data: services.save_consortium(None, data)):
        return redirect(url_for("admin.index"))
    return render_template("admin/form.html", form=form, title=_("協議会の作成"))


@bp.route("/consortia/<int:consortium_id>", methods=["GET", "POST"])
@access(ADMIN)
def consortium_edit(consortium_id: int) -> str | Response:
    consortium = db.get_or_404(Consortium, consortium_id)
    form = ConsortiumEditForm(obj=consortium)
    if _save(form, consortium, lambda data: services.save_consortium(consortium, data)):
        return redirect(url_for("admin.consortium_edit", consortium_id=consortium.id))
    return render_template(
        "admin/consortium.html",
        form=form,
        consortium=consortium,
        executed=lifecycle.executed_agreements(consortium.id),
    )


@bp.route("/consortia/<int:consortium_id>/members/new", methods=["GET", "POST"])
@access(ADMIN)
def member_new(consortium_id: int) -> str | Response:
    consortium = db.get_or_404(Consortium, consortium_id)
    form = MemberForm()
    if _save(form, None, lambda data: lifecycle.join_member(consortium, data)):
        # With an executed agreement, the consortium page offers the 変更協定 for the join.
        return redirect(url_for("admin.consortium_edit", consortium_id=consortium.id))
    return render_template("admin/form.html", form=form, title=_("構成団体の追加"))


@bp.route("/members/<int:member_id>", methods=["GET", "POST"])
@access(ADMIN)
def member_edit(member_id: int) -> str | Response:
    member = db.get_or_404(Member, member_id)
    form = MemberEditForm(obj=member)
    if _save(form, member, lambda data: services.save_member(member.consortium, member, data)):
        return redirect(url_for("admin.consortium_edit", consortium_id=member.consortium_id))
    return render_template("admin/form.html", form=form, title=member.name)


def _create_user(form: UserForm):  # noqa: ANN202
    def save(data: dict) -> User:
        if not data.get("password"):
            raise accounts.AccountError(_("パスワードを入力してください。"), "password")
        user = accounts.create_user(
            data["username"], data["password"], data["display_name"], is_admin=data["is_admin"]
        )
        user.active = data["active"]
        user.email, user.language = data["email"], data["language"]
        return user

    return save


@bp.route("/users/new", methods=["GET", "POST"])
@access(ADMIN)
def user_new() -> str | Response:
    form = UserForm()
    if _save(form, None, _create_user(form)):
        return redirect(url_for("admin.index"))
    return render_template("admin/form.html", form=form, title=_("ユーザーの作成"))


def _update_user(user: User):  # noqa: ANN202
    def save(data: dict) -> None:
        fields = ("display_name", "email", "language", "is_admin", "active")
        before = audit.snapshot(user, fields)
        for name in fields:
            setattr(user, name, data[name])
        if not user.active:
            accounts.end_sessions(user)
        if data.get("password"):
            accounts.set_password(user, data["password"])
        audit.record(
            "user.update",
            user,
            say("ユーザー %(username)s を更新", username=user.username),
            before=before,
            after=audit.snapshot(user, fields),
        )

    return save


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access(ADMIN)
def user_edit(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    form = UserEditForm(obj=user)
    form.username.render_kw = {"readonly": True}
    form.username.data = user.username
    if _save(form, user, _update_user(user)):
        return redirect(url_for("admin.user_edit", user_id=user.id))
    return render_template(
        "admin/user.html", form=form, user=user, membership_form=_membership_form()
    )


def _membership_form() -> MembershipForm:
    form = MembershipForm()
    consortia = db.session.scalars(sa.select(Consortium).order_by(Consortium.name)).all()
    form.consortium_id.choices = choices({c.id: c.name for c in consortia})
    form.member_id.choices = choices(
        {0: "—"} | {m.id: f"{c.name} / {m.name}" for c in consortia for m in c.members}
    )
    return form


@bp.route("/users/<int:user_id>/memberships", methods=["POST"])
@access(ADMIN)
def membership_add(user_id: int) -> str | Response:
    user = db.get_or_404(User, user_id)
    form = _membership_form()
    if form.validate_on_submit():
        consortium = db.get_or_404(Consortium, form.consortium_id.data)
        member = db.session.get(Member, form.member_id.data) if form.member_id.data else None
        try:
            services.add_membership(user, consortium, Role(form.role.data), member)
        except services.InputError as exc:
            getattr(form, f"{exc.field}_id", form.role).errors.append(exc.message)
        else:
            db.session.commit()
            flash(_("役割を追加しました。"), "success")
            return redirect(url_for("admin.user_edit", user_id=user.id))
    user_form = UserEditForm(obj=user)
    return render_template("admin/user.html", form=user_form, user=user, membership_form=form)


@bp.route("/memberships/<int:membership_id>/delete", methods=["POST"])
@access(ADMIN)
def membership_delete(membership_id: int) -> Response:
    membership = db.get_or_404(Membership, membership_id)
    user_id = membership.user_id
    services.remove_membership(membership)
    db.session.commit()
    flash(_("役割を解除しました。"), "success")
    return redirect(url_for("admin.user_edit", user_id=user_id))


# Leaving members (脱退) have their own module on this blueprint.
from negotiator.admin import leave_views  # noqa: E402, F401
