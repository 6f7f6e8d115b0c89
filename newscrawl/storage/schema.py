"""Imports every module that declares tables, so models.METADATA holds the whole schema."""
from newscrawl.storage import models  # noqa: F401
