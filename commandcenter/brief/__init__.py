"""The daily brief's content (no Qt): `build_brief(session, day, unit_code)` returns a `Brief`.

The document (charts, map image, pages, PDF, printing) is drawn from a Brief by
`commandcenter.gui.brief.render`.
"""

from commandcenter.brief.content import build_brief, center_name
from commandcenter.brief.model import Brief
from commandcenter.brief.scope import UnknownUnit

__all__ = ["Brief", "UnknownUnit", "build_brief", "center_name"]
