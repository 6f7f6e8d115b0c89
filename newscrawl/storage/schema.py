"""Imports every module that declares tables, so Base.metadata holds the whole schema."""
from newscrawl.storage import models  # noqa: F401
