"""storyline: cross-source news intelligence."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("storyline")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"
