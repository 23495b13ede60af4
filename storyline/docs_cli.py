"""Generates docs/CLI.md from the commands' own `--help`, so the reference cannot drift (tested)."""
from __future__ import annotations

import sys

from click.testing import CliRunner

from storyline.cli import app

COMMANDS = ["", "analyze", "ingest", "stories", "show", "export", "serve", "watch"]


def help_text(command: str) -> str | None:
    args = ([command] if command else []) + ["--help"]
    result = CliRunner().invoke(app, args, prog_name="storyline", terminal_width=100)
    return result.output.rstrip() if result.exit_code == 0 else None


def render() -> str:
    parts = ["# storyline command-line reference", "",
             "Generated from `storyline --help` by `make docs` (python -m storyline.docs_cli); "
             "a test checks it is current.", ""]
    for command in COMMANDS:
        text = help_text(command)
        if text is None:
            continue
        parts += [f"## storyline {command}".rstrip(), "", "```", text, "```", ""]
    return "\n".join(parts)


if __name__ == "__main__":
    sys.stdout.write(render())
