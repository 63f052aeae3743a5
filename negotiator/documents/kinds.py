"""Which files are accepted, what they are served as, and how their names are made safe.

Pure: no Flask, no database. A file is accepted when its extension is allowed AND its first
bytes (or, for Office Open XML, its zip directory) say it is that kind of file; the media type it
is served with comes from the extension, never from the browser's claim.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from urllib.parse import quote

from negotiator import fonts
from negotiator.errors import FieldError
from negotiator.message import say

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the compound file of .doc, .xls and .ppt
OOXML = {
    "docx": "wordprocessingml.document.main+xml",
    "xlsx": "spreadsheetml.sheet.main+xml",
    "pptx": "presentationml.presentation.main+xml",
}
MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "csv": "text/csv",
    "txt": "text/plain",
}
# What a download may be served as: nothing a browser would render as a page or run.
SERVED = frozenset(MEDIA_TYPES.values())
FALLBACK_TYPE = "application/octet-stream"
NAME_MAX = 200  # characters, extension included
CONTENT_TYPES_MAX = 1024 * 1024  # the [Content_Types].xml entry read from an Office file
ACCEPT = ",".join(f".{ext}" for ext in MEDIA_TYPES)  # the file input's accept attribute


def extension(name: str) -> str:
    """The lower-case extension, without the dot ('' when there is none)."""
    stem, dot, ext = name.rpartition(".")
    return ext.lower() if dot and stem else ""


def served_type(media_type: str) -> str:
    """The stored media type if it is on the allow-list, else a plain download."""
    return media_type if media_type in SERVED else FALLBACK_TYPE


def _dropped(char: str) -> bool:
    # Control and format characters (bidi overrides that flip "cod.exe" into view, zero-width
    # joiners) and line breaks have no place in a file name.
    return unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp")


# Browsers send a file name's quote and line breaks percent-encoded (the HTML standard's
# multipart/form-data encoding); they are decoded back, and the line breaks then dropped.
FORM_ESCAPES = {"%22": '"', "%0A": "\n", "%0D": "\r", "%0a": "\n", "%0d": "\r"}


def clean_name(raw: str) -> str:
    """The name without path, control or format characters, with characters the PDF fonts cannot
    print replaced by "_", cut to NAME_MAX characters keeping the extension."""
    name = unicodedata.normalize("NFC", raw or "")
    for escape, char in FORM_ESCAPES.items():
        name = name.replace(escape, char)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(" " if c.isspace() else c for c in name if not _dropped(c))
    for char in set(fonts.unprintable(name)):
        name = name.replace(char, "_")
    name = " ".join(name.split()).strip(" .")
    ext = extension(name)
    stem = name[: -len(ext) - 1] if ext else name
    if not stem.strip(" ._"):
        stem = "資料"
    suffix = f".{ext}" if ext else ""
    return stem[: NAME_MAX - len(suffix)].rstrip(" .") + suffix


def check(name: str, data: bytes) -> str:
    """The media type of an accepted file; FieldError (at `file`) when it is not one."""
    ext = extension(name)
    if ext not in MEDIA_TYPES:
        raise FieldError(
            say("この種類のファイルは添付できません(使える形式: %(kinds)s)。", kinds=_kinds()),
            "file",
        )
    if not data:
        raise FieldError(say("空のファイルは添付できません。"), "file")
    if not _content_matches(ext, data):
        raise FieldError(
            say("ファイルの中身が拡張子「.%(ext)s」の形式ではありません。", ext=ext), "file"
        )
    return MEDIA_TYPES[ext]


def _kinds() -> str:
    return "PDF, Word, Excel, PowerPoint, PNG, JPEG, GIF, CSV, TXT"


def _content_matches(ext: str, data: bytes) -> bool:
    if ext == "pdf":
        return data.startswith(b"%PDF-")
    if ext == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    if ext in ("jpg", "jpeg"):
        return data.startswith(b"\xff\xd8\xff")
    if ext == "gif":
        return data[:6] in (b"GIF87a", b"GIF89a")
    if ext in ("doc", "xls", "ppt"):
        return data.startswith(OLE2)
    if ext in OOXML:
        return _office_open_xml(data, OOXML[ext])
    return _text(data)


def _office_open_xml(data: bytes, main_type: str) -> bool:
    """A valid zip whose [Content_Types].xml declares the main part of this kind of file (a
    macro-enabled .docm renamed to .docx declares another, and is refused)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("[Content_Types].xml")
            if info.file_size > CONTENT_TYPES_MAX:
                return False
            with archive.open(info) as entry:
                declared = entry.read(CONTENT_TYPES_MAX + 1)
    except (zipfile.BadZipFile, KeyError, NotImplementedError, EOFError, OSError, ValueError):
        return False
    return len(declared) <= CONTENT_TYPES_MAX and main_type.encode() in declared


def _text(data: bytes) -> bool:
    """CSV and TXT: UTF-8 (with or without BOM) or CP932 text, without NUL."""
    if b"\x00" in data:
        return False
    for encoding in ("utf-8-sig", "cp932"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback name and the real one percent-encoded (RFC 5987/6266)."""
    fallback = "".join(
        c if c.isascii() and c.isprintable() and c not in '"\\;%' else "_" for c in name
    )
    encoded = quote(name, safe="!#$&+-.^_`|~")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"
