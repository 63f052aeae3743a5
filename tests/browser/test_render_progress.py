"""Browser test: a long PDF shows its progress, then its link appears by itself (htmx polling)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from negotiator.db import db
from negotiator.jobs.engine import in_app_context
from negotiator.meetings.models import Meeting
from negotiator.renders import services
from negotiator.renders.models import RenderJob
from tests.browser.test_meetings_flow import login

pytestmark = pytest.mark.browser


def test_the_minutes_pdf_page_shows_progress_then_the_download(page: Page, live):  # noqa: ANN001
    live.app.config["RENDER_JOBS_INLINE"] = False  # queued for a consumer: run by hand below
    live.app.config["RENDER_INLINE_MAX_CHARS"] = 0  # every PDF counts as long
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
