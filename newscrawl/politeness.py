"""UserAgentAddon: the User-Agent names the project and CONTACT_URL.

Built when the crawler starts, so `-s CONTACT_URL=...` changes it; a USER_AGENT set
explicitly (settings, spider or -s) is used as it is.
"""
from __future__ import annotations

from scrapy.settings import SETTINGS_PRIORITIES


def user_agent(contact_url: str) -> str:
    """The User-Agent of newscrawl: the project name and where to reach its operator."""
    return f"newscrawl (+{contact_url})"


class UserAgentAddon:
    def update_settings(self, settings) -> None:
        if settings.getpriority("USER_AGENT") > SETTINGS_PRIORITIES["default"]:
            return
        contact_url = settings.get("CONTACT_URL")
        if not contact_url:
            raise ValueError("CONTACT_URL is empty: site operators must be able to "
                             "reach whoever runs the crawler")
        settings.set("USER_AGENT", user_agent(contact_url), priority="addon")
