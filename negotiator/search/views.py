"""The results page of the header's search box."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user

from negotiator.auth.permissions import LOGIN, access
from negotiator.search import services
from negotiator.search.forms import SearchForm, terms_of
from negotiator.search.models import Kind

bp = Blueprint("search", __name__)


@bp.route("/search", endpoint="index")
@access(LOGIN)
def index() -> str:
    """`?q=` the words; `?kind=` one kind's results, a page at a time."""
    form = SearchForm(formdata=request.args)
    kind = request.args.get("kind")
    kind = kind if kind in {k.value for k in Kind} else None
    # Bounded: a page number past any real one (or past SQLite's integers) is the last page's.
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), services.MAX_PAGE)
    terms = terms_of(form.q.data or "")
    groups = None
    if terms and form.validate():
        groups = services.search(current_user.id, terms, kind, page)
    return render_template(
        "search/results.html",
        form=form,
        query=" ".join(terms),
        groups=groups,
        kind=kind,
        page=page,
        per_page=services.PER_PAGE,
        count_cap=services.COUNT_CAP,
    )
