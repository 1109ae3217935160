"""Checks on a written .pptx package, read straight from the zip (not through python-pptx).

python-pptx hides exactly the faults these look for: it warns and carries on when a zip holds a
name twice, silently drops relationships whose target is missing, and writes whatever parts are
still reachable. Each check returns a list of faults (empty when the package is sound) so a test
can show all of them.
"""

from __future__ import annotations

import io
import posixpath
import re
import tempfile
import zipfile
from collections import Counter
from pathlib import Path

from lxml import etree

R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
P_NS = "http://schemas.openxmlformats.org/presentationml/2006/main"
SLIDE_RT = R_NS + "/slide"
# SmartArt data names its drawing by a relationship id of the *slide* that shows it
DATA_MODEL_EXT = "{http://schemas.microsoft.com/office/drawing/2008/diagram}dataModelExt"


def _zip(blob: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(blob))


def duplicate_names(blob: bytes) -> list[str]:
    counts = Counter(_zip(blob).namelist())
    return sorted(name for name, n in counts.items() if n > 1)


def rels_name(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def relationships(z: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str, bool]]:
    """rId -> (type, target resolved to a zip name or the raw external target, is_external)."""
    name = rels_name(part)
    if name not in z.namelist():
        return {}
    out = {}
    base = posixpath.dirname(part)
    for rel in etree.fromstring(z.read(name)).iter(f"{{{PR_NS}}}Relationship"):
        target, external = rel.get("Target"), rel.get("TargetMode") == "External"
        if not external:
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
            target = posixpath.normpath(path).split("#")[0]
        out[rel.get("Id")] = (rel.get("Type"), target, external)
    return out


def dangling_references(blob: bytes) -> list[str]:
    """Internal relationships to parts not in the zip; r:ids in XML parts that name no relationship."""
    z = _zip(blob)
    names = set(z.namelist())
    faults = []
    all_rels = {part: relationships(z, part) for part in names if not part.endswith(".rels")}
    sources: dict[str, list[dict[str, tuple[str, str, bool]]]] = {}
    for rels in all_rels.values():
        for _, target, external in rels.values():
            if not external:
                sources.setdefault(target, []).append(rels)
    for part in sorted(names):
        if part.endswith(".rels") or not (part.endswith(".xml") or part.endswith(".vml")):
            continue
        rels = all_rels[part]
        for rId, (_, target, external) in rels.items():
            if not external and target not in names:
                faults.append(f"{part} {rId} -> missing {target}")
        try:
            root = etree.fromstring(z.read(part))
        except etree.XMLSyntaxError:
            continue  # VML is often not well-formed XML; the r:ids of XML parts are what matter
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            rel_id = el.get("relId") if el.tag == DATA_MODEL_EXT else None
            if rel_id and not any(
                rel_id in src and src[rel_id][0].endswith("/diagramDrawing") for src in sources.get(part, [])
            ):
                faults.append(f"{part} dataModelExt@relId={el.get('relId')} names no drawing of its slide")
            for attr, value in el.attrib.items():
                if attr.startswith(f"{{{R_NS}}}") and value and value not in rels:
                    faults.append(f"{part} {etree.QName(el).localname}@{etree.QName(attr).localname}={value}")
    return faults


def orphan_slides(blob: bytes) -> list[str]:
    """Slide parts in the zip that the slide list does not name (a slide that was meant to go)."""
    z = _zip(blob)
    rels = relationships(z, "ppt/presentation.xml")
    listed = {
        rels[e.get(f"{{{R_NS}}}id")][1]
        for e in etree.fromstring(z.read("ppt/presentation.xml")).iter(f"{{{P_NS}}}sldId")
    }
    slides = {n for n in z.namelist() if n.startswith("ppt/slides/") and n.endswith(".xml")}
    return sorted(slides - listed)


_BLANKS = etree.XMLParser(remove_blank_text=True)


def canonical(data: bytes) -> bytes:
    """XML as C14N 2.0 (attribute order, namespace declarations and the XML declaration ignored),
    read as python-pptx reads it (indentation between elements is not content)."""
    return etree.tostring(etree.fromstring(data, _BLANKS), method="c14n2")


def changed_parts(before: bytes, after: bytes, touched: set[str]) -> list[str]:
    """Parts present in both packages whose content differs, except those the engine may rewrite.

    Binary parts (pictures, media, workbooks, fonts) must be byte-identical; XML parts are compared
    canonically, since python-pptx re-serialises every XML part it parses.
    """
    zb, za = _zip(before), _zip(after)
    faults = []
    for name in sorted(set(zb.namelist()) & set(za.namelist())):
        if name in touched or name.endswith(".rels") or name == "[Content_Types].xml":
            continue
        old, new = zb.read(name), za.read(name)
        if old == new:
            continue
        if name.endswith(".xml"):
            try:
                if canonical(old) == canonical(new):
                    continue
            except etree.XMLSyntaxError:
                pass
        faults.append(name)
    return faults


_DIGITS = re.compile(r"\d+")


def audit_errors(blob: bytes) -> Counter[str]:
    """openxml-audit's errors, as (part, description) counts; part numbers are left out, so an error
    a slide copy inherits from its original (chart7.xml from chart1.xml) counts as the same kind."""
    from openxml_audit import validate_pptx

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "deck.pptx"
        path.write_bytes(blob)
        result = validate_pptx(str(path))
    return Counter(f"{_DIGITS.sub('#', str(e.part_uri))}: {e.description}" for e in result.errors)


def new_audit_errors(before: bytes, after: bytes) -> list[str]:
    """Kinds of error in the output that the template did not have already."""
    found = audit_errors(after)
    if not found:
        return []  # the template's own audit is needed only to excuse errors
    return sorted(set(found) - set(audit_errors(before)))


def package_faults(blob: bytes) -> list[str]:
    return duplicate_names(blob) + dangling_references(blob) + [f"orphan {s}" for s in orphan_slides(blob)]
