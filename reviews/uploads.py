"""Checking files people upload: what they really are, how big, and what they may be called.

A file is judged by its contents, never by its name or the content type the browser sends:
a PDF starts ``%PDF-``, a Word document (.docx) is a zip holding ``word/document.xml``, an older
Word document (.doc) is an OLE compound file. Sizes are counted as the bytes arrive
(``SizeLimit``), so a client that lies about its Content-Length gains nothing.

A zip container (.docx here, .xlsx in reviews.imports) is a bomb when a small file unpacks to
gigabytes. Before any parser opens one, ``check_zip_directory`` reads only its table of
contents (no unpacking) and refuses too many parts, declared sizes over the limits of its kind,
or an absurd compression ratio; ``check_zip`` then unpacks every part through a counter that
stops at the limits, since the declared sizes can lie.
"""

from __future__ import annotations

import io
import re
import struct
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

from reviews.bounded import ParseLimitExceeded, run_bounded
from reviews.documents.rapid_review_report import UnreadableDocument

# Overridable in settings (SUPPORTING_DOCUMENT_MAX_BYTES), as a deployment may need.
DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
MAX_NAME_LENGTH = 150
MB = 1024 * 1024
# A real Word document or workbook holds dozens of parts (a few hundred with many pictures);
# a thousand means something else. Each part's entry in the table of contents is 46 bytes
# and its name, so the table itself is limited too: zipfile reads it whole before counting.
MAX_ZIP_ENTRIES = 1000
MAX_DIRECTORY_BYTES = MAX_ZIP_ENTRIES * 1024
# Word's own XML for repetitive content (empty tables, repeated styles) packs up to about
# 150:1; a bomb of one repeated byte packs about 1000:1. Small parts are never a threat.
MAX_RATIO = 200
RATIO_FROM_BYTES = 1 * MB
_CHUNK = 64 * 1024
# Not a zip, or a damaged one: what zipfile and the checks below raise.
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError)
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
    it unpacks to more than a Word document does (``WORD_LIMITS``), or its text cannot be read
    (``read_text``, a module-level function, runs within ``reviews.bounded``'s limits).
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
    check_zip(content, WORD_LIMITS)  # before any parser unpacks it
    try:
        # In a child process held to a memory, CPU and time limit (reviews.bounded).
        text = run_bounded(read_text, content)
    except (UnreadableDocument, ParseLimitExceeded) as problem:
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
    try:
        # Only the zip's table of contents is read: nothing is unpacked.
        members = check_zip_directory(stream, WORD_LIMITS)
    except ZIP_ERRORS:
        return False
    names = {member.filename for member in members}
    return "word/document.xml" in names and "[Content_Types].xml" in names


@dataclass(frozen=True)
class ZipLimits:
    """What one kind of zip container may unpack to, and the words that say so.

    ``parts`` holds tighter limits for named parts (a name, or a folder ending in "/"), each
    with the words naming that part; any other part is held to ``part``.
    """

    label: str  # "a Word document"
    damaged: str  # the message for a zip that cannot be unpacked
    total: int
    part: int
    parts: tuple[tuple[str, int, str], ...] = ()

    def limit_for(self, name: str) -> tuple[int, str]:
        for prefix, limit, words in self.parts:
            if name == prefix or (prefix.endswith("/") and name.startswith(prefix)):
                return limit, words
        return self.part, f"any one part of {self.label}"

    def too_large(self, words: str, limit: int) -> RefusedFile:
        return RefusedFile(
            f"The selected file is too large when unpacked: {words} must unpack to less "
            f"than {describe_size(limit)}"
        )


# An upload is at most 20 MB, and the pictures in it are already compressed, so they unpack to
# about their own size; the text of a 300-page report is under 10 MB of XML.
WORD_LIMITS = ZipLimits(
    label="a Word document",
    damaged="The selected file could not be opened as a Word document. Save it again in Word "
    "and try again",
    total=50 * MB,
    part=25 * MB,
)


def check_zip(content: bytes, limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Refuse a zip container over ``limits``, unpacking each part only to count its bytes.

    The table of contents is checked first (``check_zip_directory``); then every part is
    unpacked in small pieces, thrown away as they are counted, stopping at the first limit
    passed. A part that unpacks to other than its declared size (zipfile stops at that size
    and checks the CRC) is refused as damaged. Return the parts; raise RefusedFile.
    """
    stream = io.BytesIO(content)
    try:
        members = check_zip_directory(stream, limits)
        total = 0
        with zipfile.ZipFile(stream) as archive:
            for member in members:
                limit, words = limits.limit_for(member.filename)
                unpacked = 0
                with archive.open(member) as part:
                    while chunk := part.read(_CHUNK):
                        unpacked += len(chunk)
                        total += len(chunk)
                        if unpacked > limit:
                            raise limits.too_large(words, limit)
                        if total > limits.total:
                            raise limits.too_large(limits.label, limits.total)
    except ZIP_ERRORS:
        raise RefusedFile(limits.damaged) from None
    return members


def check_zip_directory(stream: IO[bytes], limits: ZipLimits) -> list[zipfile.ZipInfo]:
    """Read a zip's table of contents, unpacking nothing, and refuse what ``limits`` forbid.

    Raise RefusedFile for too many parts, a declared size over a limit, a part compressed
    more than any real document is, or one encrypted or packed other than the usual way
    (others, such as bzip2, cannot be unpacked in bounded pieces); raise one of ZIP_ERRORS
    if the stream is not a zip.
    """
    parts, directory_bytes = _declared_directory(stream)
    too_many = RefusedFile(
        f"The selected file has too many parts to be {limits.label}: it must have "
        f"{MAX_ZIP_ENTRIES:,} or fewer"
    )
    if parts > MAX_ZIP_ENTRIES or directory_bytes > MAX_DIRECTORY_BYTES:
        raise too_many
    stream.seek(0)
    with zipfile.ZipFile(stream) as archive:
        members = archive.infolist()
    if len(members) > MAX_ZIP_ENTRIES:
        raise too_many
    if sum(member.file_size for member in members) > limits.total:
        raise limits.too_large(limits.label, limits.total)
    for member in members:
        limit, words = limits.limit_for(member.filename)
        if member.file_size > limit:
            raise limits.too_large(words, limit)
        usual = member.compress_type in {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}
        if not usual or member.flag_bits & 0x1:
            raise RefusedFile(limits.damaged)
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FROM_BYTES and ratio > MAX_RATIO:
            raise RefusedFile(
                f"The selected file is compressed far more than {limits.label} ever is. "
                "Save it again and try again"
            )
    return members


_END = struct.Struct("<4s4H2LH")  # the end of central directory record
_END64_LOCATOR = struct.Struct("<4sLQL")
_END64 = struct.Struct("<4sQ2H2L4Q")


def _declared_directory(stream: IO[bytes]) -> tuple[int, int]:
    """The number of parts and the size of the table of contents a zip's end record declares.

    Read as zipfile reads them (the Zip64 record, if there is one, wins), but before zipfile
    builds an object for every part. Raise BadZipFile if there is no end record.
    """
    stream.seek(0, io.SEEK_END)
    size = stream.tell()
    start = max(0, size - _END.size - 0xFFFF - _END64_LOCATOR.size - _END64.size)
    stream.seek(start)
    tail = stream.read()
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < _END.size:
        raise zipfile.BadZipFile
    end = _END.unpack_from(tail, at)
    parts, directory_bytes = end[4], end[5]
    locator = at - _END64_LOCATOR.size
    if locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
        record = locator - _END64.size
        if record < 0:
            raise zipfile.BadZipFile
        end64 = _END64.unpack_from(tail, record)
        parts, directory_bytes = end64[7], end64[8]
    return parts, directory_bytes


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
