"""The file's own properties (File ▸ Info): who made the deck and what it is, not python-pptx.

Stage: deck (after the template is filled, before saving). Input: a python-pptx Presentation, the
deck's title, the distributor's name and the day of the build. Output: the same Presentation with
its core properties (title, author, last saved by, dates) and the extended properties'
application name set.

A template made with python-pptx carries "Steve Canny" as last author, "generated using
python-pptx" as comment and 2013 dates; a customer who opens File ▸ Info should see the
distributor and the deck's title instead. The tool's name and version live here, in the file's
properties, and never on a slide the customer sees.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lxml import etree

from qbr import __version__
from qbr.template.package import package_parts

TOOL = f"qbr {__version__}"
EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
APP_XML = "/docProps/app.xml"


def stamp_properties(prs: Any, title: str, author: str, made: datetime) -> None:
    """Title, author and dates of the deck; the tool in the comments and as the application."""
    core = prs.core_properties
    core.title = title
    core.author = author
    core.last_modified_by = author
    core.comments = TOOL
    core.keywords = ""
    core.subject = ""
    core.category = ""
    core.revision = 1
    core.created = made
    core.modified = made
    _application(prs)


def _application(prs: Any) -> None:
    """docProps/app.xml's <Application>: the template's says "Microsoft Macintosh PowerPoint"."""
    for part in package_parts(prs.part.package):
        if part.partname != APP_XML:
            continue
        root = etree.fromstring(part.blob)
        app = root.find(f"{{{EXTENDED}}}Application")
        if app is not None:
            app.text = TOOL
            part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
