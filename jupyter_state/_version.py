"""The package's version, in one place below everything that reports it."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jupyter_state")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"
