"""`storyline serve`: a read-only ASGI app over the store, every page with a JSON twin.

Article text is hostile input. Templates autoescape everything, the Content-Security-Policy
allows no inline script or style and nothing from other origins, and errors are plain pages.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

import anyio
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from storyline.report.html import timeline_points
from storyline.report.safe_text import terminal_safe
from storyline.store import Store, open_store
from storyline.web import views
from storyline.web.security import SecurityHeaders, limit_body

HERE = Path(__file__).parent
MAX_BODY_BYTES = 2 * 1024 * 1024


def create_app(db: Path | str, allow_write: bool = False) -> Starlette:
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters["safe_text"] = terminal_safe
    templates.env.globals["timeline_points"] = timeline_points
    store_holder: dict[str, Store] = {}

    def store() -> Store:
        # One store per process, opened lazily so importing the app touches no file.
        if "store" not in store_holder:
            store_holder["store"] = open_store(db)
        return store_holder["store"]

    async def render(request: Request, template: str, build: Callable[[], Any], status: int = 200) -> Response:
        """Build the view in a worker thread (SQLite is blocking), then answer HTML or its JSON twin."""
        try:
            view = await anyio.to_thread.run_sync(build)
        except views.NotFound as missing:
            raise HTTPException(404, str(missing))
        if request.path_params.get("fmt") == "json" or request.url.path.endswith(".json"):
            return JSONResponse(views.json_twin(view), status_code=status)
        return templates.TemplateResponse(request, template, {"view": view, "allow_write": allow_write},
                                          status_code=status)

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
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error, Exception: error})
    app.add_middleware(SecurityHeaders)
    app.add_middleware(limit_body(MAX_BODY_BYTES))
    app.state.store = store
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
