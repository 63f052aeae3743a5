"""PDFs: request → job → progress page → download; kept by content hash; who may see."""

from __future__ import annotations

import datetime as dt
import hashlib

import sqlalchemy as sa

from negotiator.db import db, utcnow
from negotiator.meetings.models import Meeting
from negotiator.renders import services
from negotiator.renders.models import RenderJob
from tests.agreements.factories import make_draft
from tests.factories import login
from tests.meetings.factories import make_meeting
from tests.renders.helpers import job, only_job, queued, run


def _count(app) -> int:  # noqa: ANN001
    with app.app_context():
        return db.session.scalar(sa.select(sa.func.count()).select_from(RenderJob))


def test_a_draft_pdf_shows_progress_then_the_link_then_comes_at_once(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "observer")
    asked = client.get(f"/agreements/{agreement_id}/pdf")
    pdf = only_job(app, "agreement.pdf")
    assert asked.status_code == 302 and asked.headers["Location"] == f"/renders/{pdf.id}"
    shown = client.get(f"/renders/{pdf.id}")
    page = shown.get_data(as_text=True)
    assert shown.mimetype == "text/html"
    assert 'role="status" aria-live="polite"' in page and 'hx-trigger="every 1s"' in page
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in page
    assert "順番を待っています" in page and f"/renders/{pdf.id}/file" not in page
    assert client.get(f"/renders/{pdf.id}/file").status_code == 404  # not there yet
    # Asked again while it waits: the same job, nothing new queued.
    assert (
        client.get(f"/agreements/{agreement_id}/pdf")
        .headers["Location"]
        .endswith(f"/renders/{pdf.id}")
    )
    assert _count(app) == 1

    run(app, pdf.id)
    page = client.get(f"/renders/{pdf.id}").get_data(as_text=True)
    assert f"/renders/{pdf.id}/file" in page and "every 1s" not in page and "noscript" not in page
    file = client.get(f"/renders/{pdf.id}/file")
    assert file.mimetype == "application/pdf" and file.data.startswith(b"%PDF-")
    assert f"agreement-{world.negotiation_id}-v1-draft.pdf" in file.headers["Content-Disposition"]
    # The same content again: the kept bytes, straight away.
    again = client.get(f"/agreements/{agreement_id}/pdf")
    assert again.status_code == 200 and again.data == file.data
    assert _count(app) == 1 and job(app, pdf.id).result_sha256 is not None


def test_even_a_small_pdf_is_made_by_the_consumer_then_kept(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "observer")
    first = client.get(f"/agreements/{agreement_id}/pdf")
    pdf = only_job(app, "agreement.pdf")
    assert first.status_code == 302 and first.headers["Location"] == f"/renders/{pdf.id}"
    assert pdf.state == "queued" and pdf.result_sha256 is None  # the request did not make it
    run(app, pdf.id)
    kept = client.get(f"/agreements/{agreement_id}/pdf")
    assert kept.status_code == 200 and kept.mimetype == "application/pdf"
    assert hashlib.sha256(kept.data).hexdigest() == job(app, pdf.id).result_sha256
    assert _count(app) == 1


def test_changed_content_is_a_new_render_and_old_ones_are_pruned(app, world):
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "facilitator")
    for n in range(services.KEEP + 2):
        with app.app_context():
            from negotiator.agreements.models import Agreement

            a = db.session.get(Agreement, agreement_id)
            a.term = f"令和{11 + n}年3月31日まで"
            db.session.commit()
        assert client.get(f"/agreements/{agreement_id}/pdf").status_code == 200
    assert _count(app) == services.KEEP + 1  # the newest one, plus KEEP finished before it


def test_a_minutes_pdf_goes_through_the_job(app, world):
    queued(app)
    with app.app_context():
        meeting_id = make_meeting(world.negotiation_id, [world.item_id], held=True).id
        db.session.commit()
    client = app.test_client()
    login(client, "liaison")
    asked = client.get(f"/meetings/{meeting_id}/minutes.pdf")
    minutes = only_job(app, "minutes.pdf")
    assert asked.headers["Location"] == f"/renders/{minutes.id}"
    run(app, minutes.id)
    file = client.get(f"/renders/{minutes.id}/file")
    assert (
        file.data.startswith(b"%PDF-")
        and f"minutes-{meeting_id}.pdf" in file.headers["Content-Disposition"]
    )
    page = client.get(f"/renders/{minutes.id}").get_data(as_text=True)
    assert f'href="/meetings/{meeting_id}"' in page
    assert client.get(f"/meetings/{meeting_id}/minutes.pdf").data == file.data


def test_a_render_failure_is_shown_and_asked_again_on_the_next_click(app, world):
    queued(app)
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id], held=True)
        meeting.title = "第1回 📞"  # no glyph in the shipped fonts
        db.session.commit()
        meeting_id = meeting.id
    client = app.test_client()
    login(client, "facilitator")
    client.get(f"/meetings/{meeting_id}/minutes.pdf")
    minutes = only_job(app, "minutes.pdf")
    run(app, minutes.id)
    failed = job(app, minutes.id)
    assert failed.state == "failed" and failed.error.startswith("作成できませんでした")
    page = client.get(f"/renders/{minutes.id}").get_data(as_text=True)
    assert "作成できませんでした" in page and "every 1s" not in page
    client.get(f"/meetings/{meeting_id}/minutes.pdf")
    assert job(app, minutes.id).state == "queued" and _count(app) == 1


def test_only_those_who_see_the_subject_see_the_job(app, world):
    queued(app)
    agreement_id = make_draft(app, world)
    client = app.test_client()
    login(client, "observer")
    client.get(f"/agreements/{agreement_id}/pdf")
    pdf = only_job(app, "agreement.pdf")
    run(app, pdf.id)
    outsider = app.test_client()
    login(outsider, "outsider")
    assert outsider.get(f"/renders/{pdf.id}").status_code == 403
    assert outsider.get(f"/renders/{pdf.id}/file").status_code == 403
    assert outsider.get(f"/agreements/{agreement_id}/pdf").status_code == 403
    anonymous = app.test_client().get(f"/renders/{pdf.id}/file")
    assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"]
    assert client.get(f"/renders/{pdf.id + 100}").status_code == 404
    assert client.get(f"/renders/{pdf.id}/file").status_code == 200


def test_requests_for_the_same_content_share_one_row(app, world):
    with app.app_context():
        meeting = make_meeting(world.negotiation_id, [world.item_id])
        db.session.flush()
        first = services.request("minutes.pdf", meeting.id, "a" * 64, user_id=None, source="<p>")
        second = services.request("minutes.pdf", meeting.id, "a" * 64, user_id=None, source="<p>")
        other = services.request("minutes.pdf", meeting.id, "b" * 64, user_id=None, source="<p>")
        assert first is second and other.id != first.id
        db.session.rollback()


def test_the_sweep_queues_what_the_queue_lost(app, world):
    queued(app)
    with app.app_context():
        meeting = db.session.get(Meeting, make_meeting(world.negotiation_id, []).id)
        lost = services.request("minutes.pdf", meeting.id, "c" * 64, user_id=None, source="<p>x")
        stuck = services.request("minutes.pdf", meeting.id, "d" * 64, user_id=None, source="<p>y")
        db.session.info.pop(services.QUEUE_KEY)  # as if the enqueue had failed
        long_ago = utcnow() - dt.timedelta(minutes=15)
        lost.requested_at = stuck.requested_at = long_ago
        stuck.state, stuck.started_at = "running", long_ago  # its consumer died
        db.session.commit()
        ids = (lost.id, stuck.id)
    app.config["RENDER_JOBS_INLINE"] = True  # the sweep's queue runs here
    with app.app_context():
        assert services.sweep() == 2
        db.session.commit()
    assert [job(app, i).state for i in ids] == ["done", "done"]


def test_a_small_pdf_that_cannot_be_made_says_why_on_the_page(app, world):
    agreement_id = make_draft(app, world)
    with app.app_context():
        from negotiator.agreements.models import Agreement

        db.session.get(Agreement, agreement_id).term = "令和11年3月31日まで 📞"
        db.session.commit()
    client = app.test_client()
    login(client, "observer")
    page = client.get(f"/agreements/{agreement_id}/pdf", follow_redirects=True)
    assert page.request.path == f"/agreements/{agreement_id}"
    assert '<div class="flash error" role="status">印刷できない文字があります: &#34;📞&#34;' in (
        page.get_data(as_text=True)
    )
    assert only_job(app, "agreement.pdf").state == "failed"
