"""Forms of the cost split. Grids (weights, quotes, indicator values) are read by name."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from negotiator.costs.split import METHOD_LABELS, REMAINDER_LABELS, SplitError, parse_number
from negotiator.forms import AppForm, VersionField, choices, text_problem
from negotiator.i18n import error_html


def _translated(labels: Mapping[str, str]) -> dict[str, Any]:
    return {k: _l(v) for k, v in labels.items()}


class CategoryForm(AppForm):
    name = StringField(_l("費用区分"), validators=[DataRequired(), Length(max=100)])
    amount = StringField(
        _l("金額(円)"),
        validators=[DataRequired()],
        description=_l("1円単位の整数。例: 12,000,000"),
    )

    def amount_yen(self) -> int | None:
        """The amount as whole yen, or None with a message at the field."""
        try:
            return int(parse_number(self.amount.data, "amount", whole=True))
        except SplitError as error:
            self.amount.errors = [*self.amount.errors, error_html(error)]
            return None


class CandidateForm(AppForm):
    name = StringField(_l("候補の名前"), validators=[DataRequired(), Length(max=200)])
    method = SelectField(_l("計算方法"), choices=choices(_translated(METHOD_LABELS)))
    indicator = SelectField(_l("按分に使う指標"), validators=[Optional()], validate_choice=False)
    unit = SelectField(
        _l("入力の単位"),
        choices=choices({"percent": _l("割合(%)"), "yen": _l("金額(円、総額に対して)")}),
        validators=[Optional()],
    )
    remainder_rule = SelectField(
        _l("1円未満の端数の扱い"), choices=choices(_translated(REMAINDER_LABELS))
    )
    rationale = TextAreaField(
        _l("理由・説明"),
        validators=[Optional(), Length(max=10_000)],
        description=_l("協議による負担割合では必須です。"),
    )


class CategoryEditForm(CategoryForm):
    version = VersionField()


class CandidateEditForm(CandidateForm):
    version = VersionField()


class ProposeForm(AppForm):
    base_revision = IntegerField(validators=[InputRequired()])


class ImportForm(AppForm):
    file = FileField(_l("CSVファイル"), validators=[FileRequired(_l("ファイルを選んでください。"))])


class Grid:
    """Named inputs outside WTForms (a table of weights, quotes or values) with their errors."""

    def __init__(self, values: Mapping[str, str] | None = None) -> None:
        self.values: dict[str, str] = dict(values or {})
        self.errors: dict[str, list[str]] = {}
        self.labels: dict[str, str] = {}  # what each message is about, as the page names it
        self.inputs: set[str] = set()  # names shown as inputs (the rest are totals)
        for name in self.values:  # every input is checked, even one the route ends up not using
            self.get(name)

    def get(self, name: str, default: str = "") -> str:
        """The named input; one the app may not store leaves a message (see negotiator.forms)."""
        value = self.values.get(name, default)
        message = text_problem(value)
        if message and message not in self.errors.get(name, []):
            self.add_error(name, message)
        return value

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def shown(self, name: str, label: str, *, is_input: bool = True) -> str:
        """Called by the templates as they place a name's messages; renders nothing."""
        self.labels[name] = label
        if is_input:
            self.inputs.add(name)
        return ""

    def summary(self) -> list[tuple[str, str, str]]:
        """(id to focus, label, message) per message, for the form's error summary: the input's
        id, or the message's own when no input bears the name (a column's total)."""
        return [
            (name if name in self.inputs else f"{name}-error", self.labels.get(name, ""), message)
            for name, messages in self.errors.items()
            for message in messages
        ]

    def number(self, name: str, *, whole: bool = False) -> Decimal | None:
        """The named input as a number; blank is None; bad input leaves a message."""
        text = self.get(name).strip()
        if not text:
            return None
        try:
            return parse_number(text, name, whole=whole)
        except SplitError as error:
            self.add_error(name, error_html(error))
            return None


def weights_from(grid: Grid, category_ids: list[int], components: list[str]) -> dict[str, Any]:
    """{"weights": {category id: {component: text}}} from inputs named w-<category>-<component>."""
    weights = {
        str(c): {k: grid.get(f"w-{c}-{k}", "0").strip() or "0" for k in components}
        for c in category_ids
    }
    return {"weights": weights}


def manual_from(grid: Grid, member_ids: list[int], unit: str) -> dict[str, Any]:
    return {"unit": unit, "values": {str(m): grid.get(f"v-{m}").strip() for m in member_ids}}
