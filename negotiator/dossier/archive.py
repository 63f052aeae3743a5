"""The ZIP itself: safe, deterministic file names (Japanese kept, UTF-8 flag set), the 目録
(README) and the archive's bytes. Pure: no database, no Flask."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence

NAME_LENGTH = 60  # characters of one name, before its extension
_UNSAFE = re.compile(r'[\\/:*?"<>|]')
# Names Windows refuses whatever their extension.
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.I)
README = "00_目録.txt"
BOM = "\ufeff"


def safe_name(name: str) -> str:
    """One path segment as typed by a user, safe on Windows, macOS and Linux: no separators,
    control characters or reserved names, not hidden, at most NAME_LENGTH characters."""
    name = unicodedata.normalize("NFC", name)
    name = "".join("_" if unicodedata.category(c).startswith("C") else c for c in name)
    name = _UNSAFE.sub("_", name)
    name = " ".join(name.split()).strip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot or len(ext) > 8:
        stem, ext = name, ""
    stem = stem[:NAME_LENGTH].strip(" .") or "無題"
    name = f"{stem}.{ext}" if ext else stem
    return f"_{name}" if _RESERVED.match(name) else name


def safe_path(path: str) -> str:
    """A relative path, each segment made safe; never absolute, never climbing out (..)."""
    segments = [s for s in re.split(r"[\\/]+", path) if s.strip(" .")]
    return "/".join(safe_name(s) for s in segments) or "無題"


def unique(paths: Iterable[str]) -> list[str]:
    """The paths, a later duplicate (case-insensitively) numbered: 見積書_2.pdf."""
    seen: set[str] = set()
    out = []
    for path in paths:
        stem, dot, ext = path.rpartition(".")
        if not dot or "/" in ext:
            stem, dot, ext = path, "", ""
        candidate, n = path, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{stem}_{n}{dot}{ext}"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


@dataclasses.dataclass(frozen=True)
class Made:
    """What the 目録 says about the dossier itself."""

    consortium: str
    negotiation: str
    negotiation_id: int
    made_at: str  # 令和8年12月3日 05:50
    made_by: str
    content_hash: str


def readme(made: Made, files: Sequence[tuple[str, bytes]]) -> str:
    """The 目録: what the dossier is, who made it when, and every file with its size and hash."""
    lines = [
        "協議案件の記録一式(情報公開請求・文書保存用)",
        "",
        f"協議会: {made.consortium}",
        f"協議案件: {made.negotiation}(番号 {made.negotiation_id})",
        f"作成日時: {made.made_at}(日本時間)",
        f"作成者: {made.made_by}",
        f"内容の識別子(SHA-256): {made.content_hash}",
        "",
        "収録ファイル(ファイル名、大きさ、SHA-256):",
    ]
    for path, data in files:
        lines.append(f"  {path}  {len(data):,} バイト  {hashlib.sha256(data).hexdigest()}")
    lines += [
        "",
        "01_協議事項: 協議事項ごとの記録(提案文の各版と改訂理由、各構成団体の意見の履歴、",
        "  状態の変更、取り上げた会議・書面協議)。",
        "02_議事録: 協議事項を取り上げた会議の議事録(作成時点のもの)。",
        "03_協定書: 締結済みの協定書(保存されている原本そのもの。電子署名付きのものは署名を含む)。",
        "04_監査記録: この協議案件に関する操作の記録(CSV、UTF-8)。",
        "",
        "収録していないもの: 各構成団体の内部メモ(その団体限りの記録のため)。",
    ]
    return BOM + "\r\n".join(lines) + "\r\n"


def zip_bytes(files: Sequence[tuple[str, bytes]], when: dt.datetime) -> bytes:
    """The files in this order, each stamped `when` (local time, as ZIP keeps it): the same
    files give the same bytes."""
    buffer = io.BytesIO()
    stamp = when.timetuple()[:6]
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, data in files:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.external_attr = 0o644 << 16
            # PDFs and images are compressed already; text shrinks.
            info.compress_type = (
                zipfile.ZIP_DEFLATED if path.endswith((".txt", ".csv")) else zipfile.ZIP_STORED
            )
            archive.writestr(info, data)
    return buffer.getvalue()
