"""Checking files people upload: what they really are, how big, and what they may be called.

A file is judged by its contents, never by its name or the content type the browser sends:
a PDF starts ``%PDF-``, a Word document (.docx) is a zip holding ``word/document.xml``, an older
Word document (.doc) is an OLE compound file. Sizes are counted as the bytes arrive
(``SizeLimit``), so a client that lies about its Content-Length gains nothing.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest

from reviews.documents.rapid_review_report import UnreadableDocument

# Overridable in settings (SUPPORTING_DOCUMENT_MAX_BYTES), as a deployment may need.
DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 150
# A real Word document holds dozens of parts; thousands means something else.
MAX_ZIP_ENTRIES = 5000
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_RESERVED = re.compile(r'[<>:"|?*]')


@dataclass(frozen=True)
class FileKind:
    label: str
    extension: str
    content_type: str


PDF = FileKind("PDF", ".pdf", "application/pdf")
DOCX = FileKind(
    "Word document",
    ".docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
DOC = FileKind("Word document", ".doc", "application/msword")
DOCUMENT_KINDS = {kind.extension: kind for kind in (PDF, DOCX, DOC)}


class RefusedFile(Exception):  # noqa: N818  a result people read, not a programming error
    """The upload cannot be kept; ``message`` says why, in the Design System's words."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedDocument:
    kind: FileKind
    display_name: str
    size: int


def max_document_bytes() -> int:
    return int(getattr(settings, "SUPPORTING_DOCUMENT_MAX_BYTES", DEFAULT_MAX_DOCUMENT_BYTES))


def describe_size(limit: int) -> str:
    """Write a size limit as people read it: 20 MB, 512 KB."""
    megabytes = limit / (1024 * 1024)
    if megabytes >= 1:
        return f"{megabytes:g} MB"
    return f"{max(1, limit // 1024)} KB"


def too_large_message(limit: int) -> str:
    return f"The selected file must be smaller than {describe_size(limit)}"


def safe_display_name(original: str, *, fallback: str = "document") -> str:
    """The name a person gave their file, made safe to show and to offer as a download name.

    Keeps the last path component only (``../../etc/passwd`` → ``passwd``, ``C:\\x\\y.pdf`` →
    ``y.pdf``), drops control and formatting characters (including right-to-left overrides
    that disguise an extension), characters Windows refuses in names, and leading dots, and
    shortens it while keeping the extension. It is never used as a path: stored files have
    random names.
    """
    name = unicodedata.normalize("NFC", original)
    name = re.split(r"[\\/]", name)[-1]
    name = re.sub(r"^[A-Za-z]:", "", name)
    name = " ".join(name.split())  # tabs and line breaks become single spaces first
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")
    name = _RESERVED.sub("_", name).strip(" .")
    if len(name) > MAX_NAME_LENGTH:
        suffix = PurePosixPath(name).suffix
        suffix = suffix if len(suffix) <= 10 else ""  # noqa: PLR2004  a real extension is short
        name = name[: MAX_NAME_LENGTH - len(suffix)].rstrip(" .") + suffix
    return name or fallback


def check_document(upload: UploadedFile[bytes]) -> CheckedDocument:
    """Accept a PDF or Word document whose contents match its name, or raise RefusedFile."""
    limit = max_document_bytes()
    size = upload.size or 0
    if size == 0:
        raise RefusedFile("The selected file is empty")
    if size > limit:
        raise RefusedFile(too_large_message(limit))
    name = safe_display_name(upload.name or "")
    kind = DOCUMENT_KINDS.get(PurePosixPath(name).suffix.lower())
    if kind is None:
        raise RefusedFile("The selected file must be a PDF or Word document")
    upload.seek(0)
    try:
        matches = _contents_match(kind, upload)
    finally:
        upload.seek(0)
    if not matches:
        raise RefusedFile(
            f"The selected file is named as a {kind.label} but its contents are not one. "
            "Upload a PDF or Word document"
        )
    return CheckedDocument(kind=kind, display_name=name, size=size)


@dataclass(frozen=True)
class WordUpload:
    content: bytes
    display_name: str
    text: str


def check_word_upload(
    upload: UploadedFile[bytes], *, fallback: str, read_text: Callable[[bytes], str]
) -> WordUpload:
    """Check a Word document (.docx) someone uploaded, and read its text with ``read_text``.

    Raise RefusedFile if its name holds folders, it is not a .docx, its contents do not match,
    or its text cannot be read.
    """
    given = upload.name or ""
    if "/" in given or "\\" in given:
        raise RefusedFile(
            "The selected file's name must not include folders. Rename it and try again"
        )
    name = safe_display_name(given, fallback=fallback)
    if not name.lower().endswith(".docx"):
        raise RefusedFile("The selected file must be a Word document (.docx)")
    checked = check_document(upload)
    upload.seek(0)
    content = upload.read()
    try:
        text = read_text(content)
    except UnreadableDocument as problem:
        raise RefusedFile(problem.message) from None
    return WordUpload(content, checked.display_name, text)


def _contents_match(kind: FileKind, stream: IO[bytes]) -> bool:
    head = stream.read(8)
    if kind is PDF:
        return head.startswith(b"%PDF-")
    if kind is DOC:
        return head == OLE_MAGIC
    if not head.startswith(b"PK\x03\x04"):
        return False
    stream.seek(0)
    try:
        # Only the zip's table of contents is read: nothing is unpacked.
        with zipfile.ZipFile(stream) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        return False
    names = {member.filename for member in members}
    return (
        len(members) <= MAX_ZIP_ENTRIES
        and "word/document.xml" in names
        and "[Content_Types].xml" in names
    )


class SizeLimit(FileUploadHandler):
    """Refuse any uploaded file once more than ``limit`` bytes of it have arrived.

    The part's declared length is ignored: only bytes received count. A refused file is
    skipped (the rest of it is read and thrown away, never stored) and its field name kept in
    ``refused``, so the view can say the file was too large. Install it before the request
    body is read, with ``limit_upload_size``.
    """

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.refused: set[str] = set()
        self._received = 0

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._received += len(raw_data)
        if self._received > self.limit:
            self.refused.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def limit_upload_size(request: HttpRequest, *, limit: int) -> SizeLimit:
    """Put a size limit in front of the request's upload handlers and return it.

    The view must be exempt from the CSRF middleware (which reads the body first) and check
    the token itself once the limit is in place: see Django's "Modifying upload handlers on
    the fly".
    """
    handler = SizeLimit(request, limit=limit)
    request.upload_handlers.insert(0, handler)
    return handler
