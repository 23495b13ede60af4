"""`storyline serve`: an ASGI app over the store, every page with a JSON twin; read-only unless
started with --allow-write, which adds the "Add articles" page.

Article text is hostile input. Templates autoescape everything, the Content-Security-Policy
allows no inline script or style and nothing from other origins, and errors are plain pages.
"""
from __future__ import annotations

import threading
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path
from typing import Any, AsyncIterator, Callable

import anyio
import jinja2
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from storyline.report.html import safe_environment
from storyline.store import Store, open_store
from storyline.web import views, write
from storyline.web.cache import Page, PageCache
from storyline.web.security import SecurityHeaders, limit_body

HERE = Path(__file__).parent
MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(db: Path | str, allow_write: bool = False) -> Starlette:
    # The report's templates are a fallback so shared parts (the timeline chart) exist once.
    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(HERE / "templates")),
                                  jinja2.PackageLoader("storyline.report", "templates")])
    templates = Jinja2Templates(env=safe_environment(loader))
    store_holder: dict[str, Store] = {}
    csrf = write.CsrfGuard()
    pages = PageCache()

    opening = threading.Lock()

    def store() -> Store:
        # One store per process, opened lazily so importing the app touches no file.
        if "store" not in store_holder:
            with opening:
                if "store" not in store_holder:
                    store_holder["store"] = open_store(db)
        return store_holder["store"]

    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        # Opening checks the schema (about a second): do it at start-up, not in the first request.
        await anyio.to_thread.run_sync(store)
        yield
        if "store" in store_holder:
            store_holder.pop("store").close()

    async def render(request: Request, template: str, build: Callable[[], Any], status: int = 200) -> Response:
        """Build the view in a worker thread (SQLite is blocking), then answer HTML or its JSON twin;
        the answer is kept until the store changes."""
        version = store().data_version()
        key = (request.url.path, request.url.query, version)
        if version is not None and (page := pages.get(key)) is not None:
            return Response(page.body, status_code=page.status, media_type=page.media_type)
        try:
            view = await anyio.to_thread.run_sync(build)
        except views.NotFound as missing:
            raise HTTPException(404, str(missing))
        response: Response
        if request.path_params.get("fmt") == "json" or request.url.path.endswith(".json"):
            response = JSONResponse(views.json_twin(view), status_code=status)
        else:
            response = templates.TemplateResponse(request, template, {"view": view, "allow_write": allow_write},
                                                   status_code=status)
        if version is not None:
            pages.put(key, Page(bytes(response.body), response.media_type or "text/html", status))
        return response

    async def stories(request: Request) -> Response:
        params = request.query_params
        filters = {k: (params.get(k) or "").strip()[:200] or None for k in ("q", "source", "entity", "since", "until")}
        return await render(request, "stories.html", partial(views.stories_page, store(), filters))

    async def story(request: Request) -> Response:
        return await render(request, "story.html", partial(views.story_page, store(), request.path_params["id"]))

    async def article(request: Request) -> Response:
        return await render(request, "article.html", partial(
            views.article_page, store(), request.path_params["id"], _highlight(request.query_params.get("hl"))))

    async def entity(request: Request) -> Response:
        return await render(request, "entity.html", partial(views.entity_page, store(), request.path_params["id"]))

    async def add(request: Request) -> Response:
        if not allow_write:
            raise HTTPException(403, "This server is read-only; start it with --allow-write to add articles.")
        if request.method == "GET":
            return add_form(request, write.Submission())
        form = await request.form(max_files=write.MAX_FILES, max_fields=write.MAX_FIELDS)
        if not csrf.valid(form.get(write.CSRF_FIELD), request.cookies.get(write.CSRF_COOKIE)):
            raise HTTPException(403, "The form expired or came from another site; reload the page and try again.")
        submission = await write.read_submission(form)
        try:
            target = await anyio.to_thread.run_sync(partial(write.add_submission, store(), submission))
        except write.Rejected as problem:
            return add_form(request, submission, str(problem), status=400)
        finally:
            await form.close()
        return RedirectResponse(target, status_code=303)

    def add_form(request: Request, submission: write.Submission, problem: str | None = None,
                 status: int = 200) -> Response:
        response = templates.TemplateResponse(
            request, "add.html", {"allow_write": allow_write, "csrf": csrf.token, "problem": problem,
                                  "values": submission.fields()}, status_code=status)
        return csrf.set_cookie(response)

    async def error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 500
        message = exc.detail if isinstance(exc, HTTPException) and status < 500 else "Something went wrong."
        if request.url.path.endswith(".json"):
            return JSONResponse({"error": message, "status": status}, status_code=status)
        return templates.TemplateResponse(request, "error.html", {"status": status, "message": message,
                                                                  "allow_write": allow_write}, status_code=status)

    routes = [
        Route("/", stories),
        Route("/stories.json", stories),
        Route("/stories/{id:str}.json", story),
        Route("/stories/{id:str}", story),
        Route("/articles/{id:str}.json", article),
        Route("/articles/{id:str}", article),
        Route("/entities/{id:str}.json", entity),
        Route("/entities/{id:str}", entity),
        Route("/add", add, methods=["GET", "POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error, Exception: error}, lifespan=lifespan)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(limit_body(MAX_BODY_BYTES))
    app.state.store = store
    app.state.pages = pages
    return app


def _highlight(value: str | None) -> tuple[int, int] | None:
    """`?hl=START-END`: the claim to mark in the article text; anything malformed is ignored."""
    if not value or "-" not in value:
        return None
    start, _, end = value.partition("-")
    if start.isdigit() and end.isdigit() and int(start) < int(end):
        return int(start), int(end)
    return None


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, allow_write: bool = False) -> None:
    import uvicorn

    uvicorn.run(create_app(db, allow_write=allow_write), host=host, port=port, log_level="warning",
                server_header=False)
