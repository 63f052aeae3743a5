"""Browser test: a long PDF shows its progress, then its link appears by itself (htmx polling)."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from negotiator.agreements import services as agreements
from negotiator.agreements.signing_date import japan_today
from negotiator.consortia.models import Consortium
from negotiator.db import db
from negotiator.demo import CONSORTIUM
from negotiator.jobs.engine import in_app_context
from negotiator.meetings.models import Meeting
from negotiator.renders import services
from negotiator.renders.models import RenderJob
from tests.browser.test_meetings_flow import login
from tests.factories import make_item, make_negotiation, record

pytestmark = pytest.mark.browser


def test_the_minutes_pdf_page_shows_progress_then_the_download(page: Page, live):  # noqa: ANN001
    live.app.config["RENDER_JOBS_INLINE"] = False  # queued for a consumer: run by hand below
    with live.app.app_context():
        meeting_id = db.session.scalar(
            sa.select(Meeting.id).where(Meeting.status != "scheduled").order_by(Meeting.id)
        )
    login(page, "jimukyoku")
    page.goto(f"/meetings/{meeting_id}")
    page.get_by_role("link", name="議事録PDF").click()
    status = page.get_by_role("status").filter(has_text="順番を待っています")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("aria-live", "polite")
    with live.app.app_context():
        job_id = db.session.scalar(sa.select(RenderJob.id).where(RenderJob.kind == "minutes.pdf"))
    in_app_context(live.app, services.run)(job_id)
    link = page.get_by_role("link", name="ダウンロード")
    expect(link).to_be_visible()  # no reload: the poll brought it
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"minutes-{meeting_id}.pdf"


def _draft(app) -> int:  # noqa: ANN001
    with app.app_context():
        council = db.session.scalar(sa.select(Consortium).where(Consortium.name == CONSORTIUM))
        negotiation = make_negotiation(council, "庁内ネットワークの共同調達")
        item = make_item(negotiation, "目的", text="3市町で庁内ネットワーク機器を共同調達する。")
        for member in council.members:
            record(item, member, "agree")
        item.state = "agreed"
        agreement = agreements.create_draft(negotiation)
        # A week ahead: sending refuses a past 締結日, and JST midnight may pass during the test.
        agreement.signing_date = japan_today() + dt.timedelta(days=7)
        db.session.commit()
        return agreement.id


def test_the_agreement_page_follows_the_signing_original_and_reloads(page: Page, live):  # noqa: ANN001
    live.app.config["RENDER_JOBS_INLINE"] = False
    agreement_id = _draft(live.app)
    login(page, "jimukyoku")
    page.goto(f"/agreements/{agreement_id}")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="署名に回す").click()
    expect(page.locator("h1")).to_contain_text("署名用PDF作成中")
    status = page.locator("#render-status")
    expect(status).to_contain_text("順番を待っています")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("link", name="署名する")).to_have_count(0)
    with live.app.app_context():
        job_id = db.session.scalar(
            sa.select(RenderJob.id).where(
                RenderJob.kind == "agreement.signing", RenderJob.subject_id == agreement_id
            )
        )
    in_app_context(live.app, services.run)(job_id)
    # The poll sees the job done and reloads the page: now it is out for signature.
    expect(page.locator("h1")).to_contain_text("署名中")
    expect(page.locator("#render-status")).to_have_count(0)
    expect(page.get_by_role("link", name="署名用PDF(署名済みの分を含む)")).to_be_visible()
