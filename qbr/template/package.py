"""Opening a template's copy for each deck, and saving decks and chart workbooks byte for byte
the same on every run.

Stage: template render (the first and the last step). Input: a template's python-pptx
`Presentation` (kept unfilled), a filled `Presentation`, or a python-pptx `CategoryChartData`.
Output: a fresh copy of the template to fill (`copy_presentation`), the .pptx bytes, or the bytes
of the chart's embedded .xlsx workbook.

`copy_presentation` gives what opening the template's bytes again gives (python-pptx's parts, of
the same classes, with the same names, content types, relationships in the same order, and XML),
for about a third of the CPU: the XML trees are copied by libxml2 instead of unzipped and parsed,
and the parts and relationships are made directly instead of found by walking the package.

The same data and template give the same deck bytes, whenever and wherever they are built, so a
deck's hash (the batch manifest's) says whether its content changed, and two runs can be compared
with `cmp`. Left to themselves the libraries stamp the clock into the files:

- python-pptx writes each zip entry with the current time (`ZipFile.writestr(name, ...)`);
  here every entry gets `FIXED_TIME`, the zip format's earliest date (what reproducible builds
  use), and the same permissions and compression as before;
- XlsxWriter writes the workbook's creation time (`docProps/core.xml`, shown by Excel's file
  info) as now; here it is `FIXED_TIME` too. XlsxWriter's own zip entries are already dated 1980.

Nothing a slide or a chart shows changes: only these dates.
"""

from __future__ import annotations

import copy
import io
import zipfile
from datetime import datetime
from typing import Any

from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.oxml import serialize_part_xml
from pptx.opc.package import Part, XmlPart, _Relationship
from pptx.opc.packuri import CONTENT_TYPES_URI
from pptx.opc.serialized import PackageWriter, _ContentTypesItem, _ZipPkgWriter
from xlsxwriter import Workbook

FIXED_TIME = (1980, 1, 1, 0, 0, 0)
_ZIP_FILE_MODE = 0o600 << 16  # what ZipFile.writestr gives an entry written by name


class _FixedTimeZipWriter(_ZipPkgWriter):
    """python-pptx's zip writer with every entry dated FIXED_TIME."""

    def write(self, pack_uri: Any, blob: bytes) -> None:
        info = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_TIME)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = _ZIP_FILE_MODE
        self._zipf.writestr(info, blob)


class _FixedTimePackageWriter(PackageWriter):
    def _write(self) -> None:
        with _FixedTimeZipWriter(self._pkg_file) as phys_writer:
            self._write_content_types_stream(phys_writer)
            self._write_pkg_rels(phys_writer)
            self._write_parts(phys_writer)

    def _write_content_types_stream(self, phys_writer: Any) -> None:
        """python-pptx's `[Content_Types].xml`, from `content_types_xml`."""
        phys_writer.write(CONTENT_TYPES_URI, content_types_xml(self._parts))

    def _write_parts(self, phys_writer: Any) -> None:
        """python-pptx's `_write_parts`, with each relationships part from `rels_xml`."""
        for part in self._parts:
            phys_writer.write(part.partname, part.blob)
            if part._rels:
                phys_writer.write(part.partname.rels_uri, rels_xml(part.rels))


# A .rels part's XML is a function of its relationships (id, type, target, external) alone, and
# most of them (layouts', masters', most slides') are the same in every deck of a template:
# python-pptx builds each by parsing one small XML string per relationship.
# Keyed by each relationship's base, id, type, mode and target (a part's name, or the external
# reference): its `target_ref` is the target's name relative to the base, so the key fixes the XML
# without computing the relative paths.
_RELS_XML: dict[tuple[tuple[str, str, str, str, str], ...], bytes] = {}
_RELS_XML_MAX = 4096


# `[Content_Types].xml` is a function of the parts' names and content types, in order (python-pptx
# sorts them, and an extension's default is the last part's of that extension)
_CONTENT_TYPES_XML: dict[tuple[tuple[str, str], ...], bytes] = {}


def content_types_xml(parts: Any) -> bytes:
    """python-pptx's serialised `[Content_Types].xml` for `parts`, remembered by their names and types."""
    key = tuple((str(part.partname), part.content_type) for part in parts)
    found = _CONTENT_TYPES_XML.get(key)
    if found is None:
        if len(_CONTENT_TYPES_XML) >= _RELS_XML_MAX:
            _CONTENT_TYPES_XML.clear()
        found = _CONTENT_TYPES_XML[key] = serialize_part_xml(_ContentTypesItem.xml_for(parts))
    return found


def rels_xml(rels: Any) -> bytes:
    """`rels.xml` (python-pptx's serialisation of a part's relationships), remembered by content."""
    key = tuple(
        (
            rel._base_uri,
            rel._rId,
            rel._reltype,
            rel._target_mode,
            rel._target if rel._target_mode == RTM.EXTERNAL else str(rel._target._partname),
        )
        for rel in rels._rels.values()
    )
    found = _RELS_XML.get(key)
    if found is None:
        if len(_RELS_XML) >= _RELS_XML_MAX:
            _RELS_XML.clear()
        found = _RELS_XML[key] = rels.xml
    return found


def package_parts(package: Any) -> list[Part]:
    """`list(package.iter_parts())`: every part once, in the order python-pptx walks them (depth
    first along the relationships, a part where it is first met). Read from the relationship
    dicts directly: python-pptx's nested generators and Mapping views take about 1 ms a deck,
    and a render walks the package several times (every dropped slide, the copy, the save)."""
    seen: set[int] = set()
    found: list[Part] = []

    def walk(rels: Any) -> None:
        for rel in rels._rels.values():
            if rel._target_mode == RTM.EXTERNAL:
                continue
            part = rel._target
            if id(part) in seen:
                continue
            seen.add(id(part))
            found.append(part)
            walk(part._rels)

    walk(package._rels)
    return found


def save_pptx(prs: Any) -> bytes:
    """The presentation as .pptx bytes, free of the clock: what `Presentation.save` writes, but
    with every zip entry dated FIXED_TIME."""
    package = prs.part.package
    buffer = io.BytesIO()
    _FixedTimePackageWriter.write(buffer, package._rels, tuple(package_parts(package)))
    return buffer.getvalue()


def chart_xlsx_blob(chart_data: Any) -> bytes:
    """The workbook python-pptx embeds for `chart_data` (`chart_data.xlsx_blob`), created at FIXED_TIME."""
    writer = chart_data._workbook_writer
    xlsx_file = io.BytesIO()
    workbook = Workbook(xlsx_file, {"in_memory": True})
    workbook.set_properties({"created": datetime(*FIXED_TIME)})
    worksheet = workbook.add_worksheet()
    writer._populate_worksheet(workbook, worksheet)
    workbook.close()
    return xlsx_file.getvalue()


def copy_presentation(template: Any) -> Any:
    """A fresh python-pptx Presentation equal to `template` as it was opened, sharing nothing
    that a fill can change with it (XML trees, parts, relationships; a binary part's bytes are
    immutable). `template` must be left unfilled: it is the source of every copy."""
    source = template.part.package
    package = type(source)(None)  # python-pptx's Package, as `Package.open` makes it (no file)
    parts: dict[int, Part] = {}
    order = package_parts(source)
    for part in order:
        if isinstance(part, XmlPart):  # every XmlPart class keeps XmlPart's constructor
            new: Part = type(part)(part.partname, part.content_type, package, copy.deepcopy(part._element))
        else:  # what `PartFactory` does with the part's bytes
            new = type(part).load(part.partname, part.content_type, package, part.blob)
        parts[id(part)] = new
    _copy_rels(source._rels, package._rels, parts)
    for part in order:
        _copy_rels(part.rels, parts[id(part)].rels, parts)
    return package.main_document_part.presentation


def _copy_rels(source: Any, target: Any, parts: dict[int, Part]) -> None:
    """`source`'s relationships in `target`, in the same order, pointing at the copied parts."""
    for rel in source.values():
        to = rel.target_ref if rel.is_external else parts[id(rel.target_part)]
        target._rels[rel.rId] = _Relationship(rel._base_uri, rel.rId, rel.reltype, rel._target_mode, to)
