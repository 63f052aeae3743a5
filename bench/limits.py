"""Resource limits (issue 11): worst-case time and memory of /verify and of the cost preview.

/verify: the largest real agreement (50 parties x 100 articles, certified and signed by every
party: 51 signatures), the same padded to the largest accepted upload, and decompression bombs
(5 MB and 50 MB inflated, and one of the largest accepted size, inflating to about 2 GB).
Cost preview: the most extreme numbers accepted (13 digits and 4 decimal places, side by side
with 0.0001) in a proportional, a mixed and a manual split for 12 members, and a refused bomb.

Each request goes through the Flask test client (RUNS times): the median and the range of the
wall time, the parsing child's CPU time and peak resident growth (negotiator.untrusted), and the
request's peak Python allocation in the web process (tracemalloc, one extra run). Both must stay
under BUDGET_SECONDS and BUDGET_MB; the script says FAIL otherwise. On a shared machine wall
time stretches: the load factor (wall over CPU time of a fixed loop, measured before each
request) is printed, and the worst wall time divided by it; the child's CPU time is what the
limits bound.

    .venv/bin/python bench/limits.py
"""

from __future__ import annotations

import logging
import statistics
import sys
import tempfile
import time
import tracemalloc
import zlib
from collections.abc import Callable
from decimal import Decimal
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.table import Row, print_table  # noqa: E402
from negotiator import untrusted  # noqa: E402
from negotiator.agreements import pdfcheck, seal, verify  # noqa: E402
from negotiator.db import db  # noqa: E402

RUNS = 5
BUDGET_SECONDS = 1.0
BUDGET_MB = 200
EXTREME = ("9999999999999.9999", "0.0001")


def _bomb(packed_size: int) -> bytes:
    """A PDF whose compressed cross-reference stream is about packed_size bytes (~1000:1)."""
    head = (
        b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    )
    packer = zlib.compressobj(9)
    chunk = b"\x01\x00\x00\x0f\x00" * 200_000
    parts, size, entries = [], 0, 0
    while size < packed_size:
        part = packer.compress(chunk)
        parts.append(part)
        size += len(part)
        entries += 200_000
    parts.append(packer.flush())
    packed = b"".join(parts)
    xref = (
        b"3 0 obj\n<< /Type /XRef /Size %d /W [1 3 1] /Root 1 0 R /Filter /FlateDecode "
        b"/Length %d >>\nstream\n" % (entries, len(packed))
    )
    return head + xref + packed + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(head)


def _signed_agreement(app) -> bytes:  # noqa: ANN001
    """The 50-party agreement of bench/agreement_pdf.py, certified then signed by each party."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    from bench.agreement_pdf import _seed
    from negotiator.agreements import document
    from negotiator.agreements.models import Agreement

    with app.app_context(), app.test_request_context():
        pdf = document.render_agreement_pdf(db.session.get(Agreement, _seed(50, 100, 50)))
        seal.ensure_demo_certificate()
        key, cert = seal._paths()
        signer = signers.SimpleSigner.load(str(key), str(cert))
        for field in [seal.FIELD, *[f"party-{i}" for i in range(50)]]:
            meta = signers.PdfSignatureMetadata(
                field_name=field,
                subfilter=fields.SigSeedSubFilter.PADES,
                name="第1町長 山田太郎",
                location="第1町",
                reason="合意し署名",
            )
            writer = IncrementalPdfFileWriter(BytesIO(pdf))
            pdf = signers.sign_pdf(writer, meta, signer=signer).getvalue()
    return pdf


def _padded(pdf: bytes) -> bytes:
    """The signed agreement plus an unsigned update that brings it to the upload limit."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(BytesIO(pdf))
    room = verify.MAX_BYTES - len(pdf) - 4096
    filler = generic.StreamObject(stream_data=bytes(range(256)) * (room // 256))
    writer.root["/BenchFiller"] = writer.add_object(filler)
    writer.update_root()
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _load_factor() -> float:
    """Wall time over CPU time of a fixed CPU-bound loop: 1.0 on an idle core."""
    wall, cpu = time.perf_counter(), time.process_time()
    sum(i * i for i in range(3_000_000))
    return (time.perf_counter() - wall) / max(time.process_time() - cpu, 1e-9)


def _measure(request: Callable[[], object], child: Callable[[], untrusted.Outcome] | None):
    """(median s, min s, max s, child CPU s max, child growth MB max, web peak MB, load)."""
    walls, cpus, growths, loads = [], [0.0], [0.0], []
    for _ in range(RUNS):
        loads.append(_load_factor())
        start = time.perf_counter()
        request()
        walls.append(time.perf_counter() - start)
        if child is not None:
            outcome = child()
            cpus.append(outcome.cpu_seconds)
            growths.append(outcome.rss_growth / 2**20)
    tracemalloc.start()  # one more run, traced: tracing slows allocation down, not timed
    request()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    median = statistics.median(walls)
    return median, min(walls), max(walls), max(cpus), max(growths), peak, statistics.median(loads)


def _rows(label: str, figures: tuple[float, ...]) -> list[Row]:
    median, low, high, cpu, growth, peak, load = figures
    # What the limits bound is CPU time and memory; wall time on a shared machine stretches by
    # the load factor measured alongside (on an idle core it is the CPU time plus ~0.05 s).
    ok = min(high / load, high, cpu) < BUDGET_SECONDS and max(growth, peak) < BUDGET_MB
    return [
        Row(
            f"{label}: wall, median [min-max]",
            f"{median:.3f} [{low:.3f}-{high:.3f}]",
            "s",
            "ok" if ok else "FAIL",
        ),
        Row(f"{label}: wall max / load factor {load:.1f}", f"{high / load:.3f}", "s"),
        Row(f"{label}: parse CPU in the child, max", f"{cpu:.3f}", "s"),
        Row(f"{label}: memory, child growth max / web peak", f"{growth:.0f} / {peak:.0f}", "MB"),
    ]


def _seed_extreme(app, item_id: int) -> None:  # noqa: ANN001
    from negotiator.consortia.models import Indicator
    from negotiator.negotiation.models import AgendaItem
    from negotiator.negotiation.queries import members_of

    with app.app_context():
        item = db.session.get(AgendaItem, item_id)
        for i, member in enumerate(members_of(item.negotiation.consortium_id)):
            value = Decimal(EXTREME[i % 2])
            db.session.add(Indicator(member_id=member.id, key="x", label="x", value=value))
        db.session.commit()


def _preview_queries(app, item_id: int) -> dict[str, dict[str, str]]:  # noqa: ANN001
    from negotiator.costs import queries
    from negotiator.negotiation.models import AgendaItem

    with app.app_context():
        ws = queries.workspace(db.session.get(AgendaItem, item_id))
        members = [m.id for m in ws.members]
        cats = [c.id for c in ws.categories]
    base = {"name": "極端", "remainder_rule": "largest_remainder"}
    weights = {f"w-{c}-{k}": v for c in cats for k, v in (("equal", "0.0001"), ("x", "99.9999"))}
    manual = {f"v-{m}": "0.0001" for m in members[1:]} | {f"v-{members[0]}": "99.9989"}
    bomb = {f"v-{m}": "50" for m in members} | {f"v-{members[0]}": "1e-150000"}
    return {
        "proportional": base | {"method": "proportional", "indicator": "x"},
        "mix": base | {"method": "mix"} | weights,
        "manual": base | {"method": "manual", "unit": "percent"} | manual,
        "refused bomb": base | {"method": "manual", "unit": "percent"} | bomb,
    }


def _verify_rows(client, app, tmp: str) -> list[Row]:  # noqa: ANN001
    signed = _signed_agreement(app)
    cert = (Path(tmp) / "seal" / "seal-cert.pem").read_bytes()
    cases = [
        (f"verify, 50-party agreement, 51 signatures ({len(signed) // 1024} KiB)", signed),
        (f"verify, largest accepted ({verify.MAX_BYTES // 2**20} MiB)", _padded(signed)),
        ("verify, bomb 8 KiB -> 5 MB", _bomb(5_000)),
        ("verify, bomb 51 KiB -> 50 MB", _bomb(50_000)),
        ("verify, bomb 2 MiB -> ~2 GB", _bomb(verify.MAX_BYTES - 4096)),
    ]
    rows = []
    for label, data in cases:

        def post(d: bytes = data) -> None:
            body = {"file": (BytesIO(d), "a.pdf")}
            assert client.post("/verify", data=body).status_code == 200

        def child(d: bytes = data) -> untrusted.Outcome:
            return untrusted.run(pdfcheck.inspect, d, cert, limits=verify.LIMITS)

        rows += _rows(label, _measure(post, child))
    return rows


def _preview_rows(client, app, item_id: int) -> list[Row]:  # noqa: ANN001
    url = f"/items/{item_id}/costs/preview"
    rows = []
    for label, query in _preview_queries(app, item_id).items():

        def get(q: dict[str, str] = query) -> None:
            assert client.get(url, query_string=q).status_code == 200

        rows += _rows(f"cost preview, {label}, 12 members", _measure(get, None))
    return rows


def run(runs: int = RUNS) -> list[Row]:
    global RUNS
    RUNS = runs
    from bench.costs import migrated_app, seed
    from tests.factories import login

    logging.disable(logging.WARNING)
    with tempfile.TemporaryDirectory() as tmp:
        app = migrated_app(tmp)
        item_id = seed(app)
        _seed_extreme(app, item_id)
        client = app.test_client()
        login(client, "facilitator")
        rows = _verify_rows(client, app, tmp) + _preview_rows(client, app, item_id)
        with app.app_context():
            db.engine.dispose()
    logging.disable(logging.NOTSET)
    return rows


def main() -> None:
    print_table(run())


if __name__ == "__main__":
    main()
