"""The upload form, and the (empty but CSRF-checked) delete form."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired

from negotiator.documents.kinds import ACCEPT
from negotiator.forms import AppForm


class DocumentForm(AppForm):
    file = FileField(
        _l("ファイル"),
        validators=[FileRequired(_l("ファイルを選んでください。"))],
        description=_l(
            "PDF、Word・Excel・PowerPoint、画像(PNG・JPEG・GIF)、CSV、テキストのファイル。"
        ),
        render_kw={"accept": ACCEPT},
    )


class DeleteForm(AppForm):
    pass
