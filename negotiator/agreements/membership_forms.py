"""The form that starts a 変更協定 for members who joined or left."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from negotiator.forms import AppForm


class MembershipAmendmentForm(AppForm):
    """Why, and the 年度 the recomputed shares apply to (optional)."""

    reason = TextAreaField(_l("変更の理由"), validators=[DataRequired(), Length(max=2000)])
    fiscal_year = IntegerField(
        _l("負担割合を適用する年度(西暦)"),
        validators=[Optional(), NumberRange(min=2019, max=2100)],
        description=_l("例: 2026(令和8年度)。空欄なら年度を付けません。"),
    )
