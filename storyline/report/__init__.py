"""Reports: the contract JSON, Markdown and a self-contained HTML page, all from one story view."""
from storyline.report.json_report import build_report, dumps, validation_errors, write_json

__all__ = ["build_report", "dumps", "validation_errors", "write_json"]
