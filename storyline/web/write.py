"""The "Add articles" page of `storyline serve --allow-write`: pasted text or uploaded files, run
through the library like `storyline analyze` would.

Nothing the client names reaches the file system: uploads are saved under generated names in a
private temporary folder, keeping at most a short, allow-listed extension so the readers can
tell the format apart.
"""
from __future__ import annotations

import datetime as dt
import hmac
import json
import re
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from urllib.parse import urlsplit

from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from storyline import api
from storyline.model import Article
from storyline.pipeline import Options
from storyline.store import Store

CSRF_COOKIE = "storyline_csrf"
CSRF_FIELD = "csrf"
MAX_FILES = 20
MAX_FIELDS = 20
FIELD_LIMITS = {"source": 200, "title": 500, "url": 2000, "published": 10}
# One or two short extensions (".html", ".jsonl.gz"); anything else is dropped and the readers sniff.
_SAFE_SUFFIX = re.compile(r"^(\.[a-z0-9]{1,8}){1,2}$")


class Rejected(ValueError):
    """The submission cannot be used; the message is shown to the user."""


class CsrfGuard:
    """Double submit: a per-process random token in a SameSite=Strict cookie and in a hidden form
    field, both checked on POST, so another site can neither forge nor read it."""

    def __init__(self, token: str | None = None):
        self.token = token or secrets.token_urlsafe(32)

    def valid(self, field_value: object, cookie_value: str | None) -> bool:
        if not isinstance(field_value, str) or not cookie_value:
            return False
        expected = self.token.encode()
        return hmac.compare_digest(field_value.encode(), expected) and hmac.compare_digest(cookie_value.encode(),
                                                                                            expected)

    def set_cookie(self, response: Response) -> Response:
        response.set_cookie(CSRF_COOKIE, self.token, httponly=True, samesite="strict", path="/add")
        return response


@dataclass
class Submission:
    """What the form sent: one pasted article's fields and any uploaded files (suffix, bytes)."""

    text: str = ""
    source: str = ""
    title: str = ""
    url: str = ""
    published: str = ""
    files: list[tuple[str, bytes]] = field(default_factory=list)

    def fields(self) -> dict[str, str]:
        return {"text": self.text, "source": self.source, "title": self.title, "url": self.url,
                "published": self.published}


async def read_submission(form: FormData) -> Submission:
    """The form's values, trimmed to their length limits (checked later by `check`)."""
    values = {name: _text(form.get(name)).strip()[:limit] for name, limit in FIELD_LIMITS.items()}
    submission = Submission(text=_text(form.get("text")).strip(), **values)
    for upload in form.getlist("files"):
        if isinstance(upload, UploadFile) and upload.filename:
            submission.files.append((safe_suffix(upload.filename), await upload.read()))
    return submission


def check(submission: Submission) -> None:
    """Raise Rejected, with a message for the user, when the submission cannot be used."""
    if submission.published:
        try:
            dt.date.fromisoformat(submission.published)
        except ValueError:
            raise Rejected("The published date must be a date in the form YYYY-MM-DD.") from None
    if submission.url and urlsplit(submission.url).scheme not in ("http", "https"):
        raise Rejected("The URL must start with http:// or https://.")
    if submission.text and not submission.source:
        raise Rejected("Name the source (the outlet) of the pasted article.")
    if not submission.text and not submission.files:
        raise Rejected("Paste an article's text or choose files to upload.")


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def safe_suffix(filename: str) -> str:
    """The upload's extension if it is short and plain (".html", ".jsonl.gz"), else ""; never a path."""
    name = PureWindowsPath(PurePosixPath(filename).name).name.lower()
    suffix = "".join(PurePosixPath(name).suffixes[-2:])
    return suffix if _SAFE_SUFFIX.match(suffix) else ""


def write_inputs(folder: Path, submission: Submission) -> tuple[list[str], Path | None]:
    """Save the submission as files the readers take; return (inputs, --meta sidecar or None)."""
    inputs: list[str] = []
    if submission.text:
        record = {k: v for k, v in submission.fields().items() if v}
        pasted = folder / "pasted.jsonl"
        pasted.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        inputs.append(str(pasted))
    meta_lines = []
    for number, (suffix, content) in enumerate(submission.files, 1):
        path = folder / f"upload-{number:02d}{suffix}"
        path.write_bytes(content)
        inputs.append(str(path))
        if submission.source:
            # The form's source names the outlet of plain uploads; records keep their own.
            meta_lines.append(json.dumps({"file": path.name, "source": submission.source}))
    if not meta_lines:
        return inputs, None
    meta = folder / "meta.jsonl"
    meta.write_text("\n".join(meta_lines) + "\n", encoding="utf-8")
    return inputs, meta


_WRITE_LOCK = threading.Lock()


def add_submission(store: Store, submission: Submission) -> str:
    """Analyse the submission into `store` and return the page to show next (its story)."""
    check(submission)
    with tempfile.TemporaryDirectory(prefix="storyline-add-") as tmp:
        inputs, meta = write_inputs(Path(tmp), submission)
        # One analysis at a time: each re-clusters the whole store.
        with _WRITE_LOCK:
            articles = api.add_articles(store, inputs, Options(meta=meta))
    return landing_page(store, articles)


def landing_page(store: Store, articles: list[Article]) -> str:
    for article in articles:
        article_id = article.duplicate_of if article.status == "duplicate" else article.id
        if article.ok or (article.status == "duplicate" and article_id):
            stories = store.stories_of_article(article_id)
            return f"/stories/{stories[0]}" if stories else f"/articles/{article_id}"
    problems = "; ".join(f"{PurePosixPath(a.path).name if a.path else a.id}: {a.error or a.status}" for a in articles) or "nothing was read"
    raise Rejected(f"No article could be added ({problems}).")
