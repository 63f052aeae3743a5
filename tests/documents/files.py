"""Small real files of every accepted kind, for the documents tests and the fuzzer."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
JPEG = b"\xff\xd8\xff\xe0" + bytes(40)
GIF = b"GIF89a" + bytes(20)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100)
CSV = "団体,人口\n須崎市,20590\n".encode("cp932")
TXT = "配布資料の説明です。\n".encode()
MAIN = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
    "docm": "application/vnd.ms-word.document.macroEnabled.main+xml",
}


def office(kind: str) -> bytes:
    """A zip with the [Content_Types].xml of that kind of Office Open XML file."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        f'package/2006/content-types"><Override PartName="/main.xml" ContentType="{MAIN[kind]}"/>'
        "</Types>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("main.xml", "<document/>")
    return buffer.getvalue()


VALID = {
    "資料.pdf": PDF,
    "図.png": PNG,
    "写真.jpg": JPEG,
    "写真.JPEG": JPEG,
    "動き.gif": GIF,
    "古い文書.doc": OLE2,
    "古い表.xls": OLE2,
    "古いスライド.ppt": OLE2,
    "文書.docx": office("docx"),
    "表.xlsx": office("xlsx"),
    "スライド.pptx": office("pptx"),
    "指標.csv": CSV,
    "説明.txt": TXT,
}
