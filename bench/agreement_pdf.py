"""Agreement PDF: render time and size for the demo-sized agreement and for 50 parties x 100
articles with a 50-row annex, against WeasyPrint rendering the same saved HTML alone (the floor).

Run: .venv/bin/python bench/agreement_pdf.py
"""

from __future__ import annotations

import logging
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import weasyprint  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from bench.table import Row, median_time, print_table  # noqa: E402
from negotiator import create_app  # noqa: E402
from negotiator.agreements import document  # noqa: E402
from negotiator.agreements.models import Agreement, AgreementAnnex, AgreementArticle  # noqa: E402
from negotiator.consortia.models import Consortium, Member  # noqa: E402
from negotiator.db import db  # noqa: E402
from negotiator.negotiation.models import Negotiation  # noqa: E402
from negotiator.pdf import BASE_URL, static_only_fetcher  # noqa: E402

BODY = (
    "構成団体は、共同利用システムの運用に当たり、情報セキュリティポリシーを遵守し、"
    "利用者の管理を適切に行うものとする。\n\n前項の管理の方法は、運営会議が定める。"
)


def _seed(parties: int, articles: int, annex_rows: int, tag: str = "") -> int:
    council = Consortium(name=f"協議会{parties}{tag}")
    db.session.add(council)
    for i in range(parties):
        db.session.add(
            Member(
                consortium=council,
                name=f"第{i + 1}町",
                party_label=None,
                representative_title=f"第{i + 1}町長",
                representative_name="山田 太郎",
                address="高知県",
                sort_order=i,
            )
        )
    negotiation = Negotiation(consortium=council, title=f"案件{parties}")
    agreement = Agreement(
        negotiation=negotiation,
        number=1,
        title="共同利用に関する協定書",
        subject="共同利用",
        term="令和11年3月31日まで",
    )
    for i in range(articles):
        agreement.articles.append(
            AgreementArticle(position=i + 1, caption=f"見出し{i + 1}", body=BODY)
        )
    agreement.annexes.append(
        AgreementAnnex(
            position=1,
            title="負担割合",
            columns=["団体", "負担割合", "年額(円)"],
            rows=[[f"第{i + 1}町", "2.0%", "1,234,567"] for i in range(annex_rows)],
            notes=[],
        )
    )
    db.session.add(agreement)
    db.session.commit()
    return agreement.id


RUNS = 3


def run(runs: int = RUNS) -> list[Row]:
    """Median render time of the app and of the engine floor, and the PDF size, per size."""
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {
                "TESTING": True,
                "SECRET_KEY": "bench",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/bench.sqlite3",
            }
        )
        rows = []
        with app.app_context(), app.test_request_context():
            logging.disable(logging.INFO)  # Alembic's progress lines would clutter the table
            try:
                upgrade(revision="heads")
            finally:
                logging.disable(logging.NOTSET)
            for label, size in (
                ("demo (3 x 6, 3-row annex)", (3, 6, 3)),
                ("large (50 x 100, 50-row annex)", (50, 100, 50)),
            ):
                agreement = db.session.get(Agreement, _seed(*size))
                pdf = document.render_agreement_pdf(agreement)
                html = document.render_html(agreement, for_pdf=True)
                app_time = median_time(lambda a=agreement: document.render_agreement_pdf(a), runs)
                floor = median_time(
                    lambda h=html: weasyprint.HTML(
                        string=h, base_url=BASE_URL, url_fetcher=static_only_fetcher()
                    ).write_pdf(pdf_variant="pdf/a-3b"),
                    runs,
                )
                # ratio: the app's time / WeasyPrint alone on the same HTML (the engine floor)
                rows.append(
                    Row(f"PDF render, {label}", f"{app_time:.2f}", "s", f"{app_time / floor:.2f}")
                )
                rows.append(Row(f"PDF engine floor, {label}", f"{floor:.2f}", "s"))
                rows.append(Row(f"PDF size, {label}", f"{len(pdf) / 1024:.0f}", "KiB"))
            db.engine.dispose()
    return rows


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
