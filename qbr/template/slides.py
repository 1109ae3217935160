"""Slides: `{%slide for %}` / `{%slide if %}` directives, copying and dropping slides.

Stage: template load (read the directives out of the notes) and render (copy/drop). Input: a
python-pptx `Presentation` opened from the template and each slide's directives. Output: the
presentation with every directive slide repeated once per item (right after the original, in
order) or removed, and the list of (slide, context, template slide number) to render.

python-pptx has no API to copy a slide. A copy here is a new slide part holding a deep copy of the
slide XML, related to the same layout, images and media (shared: they are read-only), with its
own copy of every chart part (each copy gets its own data), its own SmartArt parts (as
PowerPoint's "Duplicate Slide" does) and its own notes slide; review comments stay on the
original only. Relationship ids are remapped in the copied XML; shape ids are offset so each
copy's ids are distinct from the original's (connectors and animations that point at shapes are
offset alike). Part names of copies come from one `PartNames` per render: python-pptx's
`next_partname` only sees parts already attached to the deck, so two charts cloned for the same
copy would both get the first free name.

A copy joins the original's custom shows and section, right after it. A dropped slide leaves the
custom shows and sections, and hyperlinks to it from other slides are removed (the text stays),
so no part of the deck still refers to it and it leaves the zip.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TARGET_MODE as RTM
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import Slide

from qbr.template.directives import Directive, DirectiveError, loop_contexts
from qbr.template.package import package_parts

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SHARED = {RT.IMAGE, RT.MEDIA, RT.VIDEO, RT.AUDIO, RT.SLIDE_LAYOUT, RT.HYPERLINK}
_MEDIA_2010 = "http://schemas.microsoft.com/office/2007/relationships/media"
_DIAGRAM_DRAWING = "http://schemas.microsoft.com/office/2007/relationships/diagramDrawing"
_CLONED = {RT.CHART, RT.DIAGRAM_DATA, RT.DIAGRAM_LAYOUT, RT.DIAGRAM_QUICK_STYLE, RT.DIAGRAM_COLORS, _DIAGRAM_DRAWING}
_COMMENTS = {RT.COMMENTS, "http://schemas.microsoft.com/office/2018/10/relationships/comments"}
DSP_DATA_MODEL_EXT = "{http://schemas.microsoft.com/office/drawing/2008/diagram}dataModelExt"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
_ID_REFS = {qn("p:stCxn"), qn("p:endCxn"), qn("a:stCxn"), qn("a:endCxn")}
ID_STRIDE = 100_000  # copy k of a slide numbers its shapes from k * ID_STRIDE up


def check_slide_directives(directives: list[Directive]) -> None:
    """A slide's directives: any number of `for`/`if`, optional matching end tags, nothing else."""
    open_words: list[str] = []
    for d in directives:
        if d.word in ("for", "if"):
            open_words.append(d.word)
        elif d.word in ("endfor", "endif"):
            if d.word[3:] not in open_words:
                raise DirectiveError(f"{d.tag} has no matching {{%slide {d.word[3:]} %}} on this slide", d.tag)
            open_words.remove(d.word[3:])
        else:
            raise DirectiveError(f"{d.tag}: slides support only for and if", d.tag)


def slide_contexts(directives: list[Directive], ctx: dict[str, Any]) -> list[dict[str, Any]]:
    """One context per copy of the slide: `for` multiplies, `if` filters, in the order written."""
    contexts = [ctx]
    for d in directives:
        if d.word == "for":
            contexts = [child for c in contexts for child in loop_contexts(d, c)]
        elif d.word == "if":
            contexts = [c for c in contexts if d.evaluate(c)]
    return contexts


def _partname_template(partname: str) -> str:
    """`/ppt/charts/chart12.xml` -> `/ppt/charts/chart%d.xml` (digits added if there are none)."""
    base, dot, ext = partname.rpartition(".")
    if not dot:
        base, ext = partname, ""
    stem = re.sub(r"\d+$", "", base).replace("%", "%%")  # `%20` in a name is not a placeholder
    return f"{stem}%d{dot}{ext.replace('%', '%%')}"


class PartNames:
    """Free part names for the copies of one render.

    Every name handed out is taken at once, before the new part is attached to the deck, so
    two charts, workbooks or pictures cloned for one copy never share a name.
    """

    def __init__(self, package: Any) -> None:
        self._taken = {str(p.partname) for p in package_parts(package)}

    def next(self, tmpl: str) -> PackURI:
        n = 1
        while tmpl % n in self._taken:
            n += 1
        name = tmpl % n
        self._taken.add(name)
        return PackURI(name)


def _remap_rids(element: etree._Element, mapping: dict[str, str]) -> None:
    for el in element.iter():
        for name, value in el.attrib.items():
            if name.startswith(R_NS) and value in mapping:
                el.set(name, mapping[value])


def _clone_part(part: Part, package: Any, names: PartNames) -> Part:
    """A copy of `part` under a new name, with copies of the parts it relates to (images shared)."""
    partname = names.next(_partname_template(str(part.partname)))
    if isinstance(part, XmlPart):
        clone: Part = type(part)(partname, part.content_type, package, copy.deepcopy(part._element))
    else:
        clone = type(part)(partname, part.content_type, package, part.blob)
    mapping: dict[str, str] = {}
    for rId, rel in part.rels.items():
        if rel.is_external:
            mapping[rId] = clone.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype in _SHARED or rel.reltype == _MEDIA_2010:
            mapping[rId] = clone.relate_to(rel.target_part, rel.reltype)
        else:
            mapping[rId] = clone.relate_to(_clone_part(rel.target_part, package, names), rel.reltype)
    if isinstance(clone, XmlPart):
        _remap_rids(clone._element, mapping)
    return clone


def _remap_diagram_drawing(part: Part, mapping: dict[str, str]) -> None:
    """SmartArt data names its drawing by the *slide's* relationship id (`dsp:dataModelExt relId`)."""
    element = part._element if isinstance(part, XmlPart) else None
    if element is None:
        if b"dataModelExt" not in part.blob:
            return
        element = etree.fromstring(part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
    changed = False
    for ext in element.iter(DSP_DATA_MODEL_EXT):
        if ext.get("relId") in mapping:
            ext.set("relId", mapping[ext.get("relId")])
            changed = True
    if changed and not isinstance(part, XmlPart):
        part._blob = etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def _copy_rels(src: Part, dst: XmlPart, skip: set[str], names: PartNames) -> None:
    mapping: dict[str, str] = {}
    diagram_data: list[Part] = []
    for rId, rel in src.rels.items():
        if rel.reltype in skip:
            continue
        if rel.is_external:
            mapping[rId] = dst.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype in _CLONED:
            clone = _clone_part(rel.target_part, dst.package, names)
            mapping[rId] = dst.relate_to(clone, rel.reltype)
            if rel.reltype == RT.DIAGRAM_DATA:
                diagram_data.append(clone)
        else:  # layout, images, media, OLE objects, tags...: shared, they are read-only here
            mapping[rId] = dst.relate_to(rel.target_part, rel.reltype)
    _remap_rids(dst._element, mapping)
    for part in diagram_data:
        _remap_diagram_drawing(part, mapping)


def _offset_shape_ids(element: etree._Element, offset: int) -> None:
    for el in element.iter():
        tag = el.tag
        if not isinstance(tag, str):
            continue
        if tag.endswith("}cNvPr") or tag in _ID_REFS:
            value = el.get("id")
            if value is not None and value.isdigit():
                el.set("id", str(int(value) + offset))
        spid = el.get("spid")
        if spid is not None and spid.isdigit():
            el.set("spid", str(int(spid) + offset))


def duplicate_slide(prs: Presentation, slide: Slide, copy_number: int, names: PartNames) -> Slide:
    """A copy of `slide` appended to the deck (the caller moves it into place)."""
    package = prs.part.package
    src_part = slide.part
    partname = names.next("/ppt/slides/slide%d.xml")
    part = SlidePart(partname, src_part.content_type, package, copy.deepcopy(src_part._element))
    _copy_rels(src_part, part, {RT.NOTES_SLIDE, *_COMMENTS}, names)
    _offset_shape_ids(part._element, copy_number * ID_STRIDE)
    if src_part.has_notes_slide:
        src_notes = slide.notes_slide.part
        notes_name = names.next("/ppt/notesSlides/notesSlide%d.xml")
        notes = NotesSlidePart(notes_name, src_notes.content_type, package, copy.deepcopy(src_notes._element))
        _copy_rels(src_notes, notes, {RT.SLIDE}, names)
        notes.relate_to(part, RT.SLIDE)
        part.relate_to(notes, RT.NOTES_SLIDE)
    rId = prs.part.relate_to(part, RT.SLIDE)
    prs.slides._sldIdLst.add_sldId(rId)
    return part.slide


def move_slide(prs: Presentation, slide: Slide, index: int) -> None:
    sld_ids = prs.slides._sldIdLst
    for sld_id in sld_ids:
        if prs.part.related_part(sld_id.rId) is slide.part:
            sld_ids.remove(sld_id)
            sld_ids.insert(index, sld_id)
            return


def _sld_id(prs: Presentation, slide: Slide) -> Any:
    for sld_id in prs.slides._sldIdLst:
        if prs.part.related_part(sld_id.rId) is slide.part:
            return sld_id
    raise LookupError(f"{slide.part.partname} is not in the slide list")


def _custom_show_entries(prs: Presentation, rId: str) -> list[etree._Element]:
    return [sld for sld in prs.part._element.iter(qn("p:sld")) if sld.get(qn("r:id")) == rId]


def _section_entries(prs: Presentation, slide_id: str) -> list[etree._Element]:
    return [e for e in prs.part._element.iter(f"{{{P14}}}sldId") if e.get("id") == slide_id]


def register_copies(prs: Presentation, slide: Slide, copies: list[Slide]) -> None:
    """Copies join the custom shows and the section of the original, right after it, in order."""
    if not copies:
        return
    original = _sld_id(prs, slide)
    ids = [_sld_id(prs, c) for c in copies]
    for entry in _custom_show_entries(prs, original.rId):
        for sld_id in reversed(ids):
            new = copy.deepcopy(entry)
            new.set(qn("r:id"), sld_id.rId)
            entry.addnext(new)
    for entry in _section_entries(prs, str(original.id)):
        for sld_id in reversed(ids):
            new = copy.deepcopy(entry)
            new.set("id", str(sld_id.id))
            entry.addnext(new)


def _unlink_hyperlinks_to(package: Any, target: Part, keep: set[Part]) -> None:
    """Remove jumps to a dropped slide from every other part; the linked text or shape stays."""
    for part in package_parts(package):
        if part is target or part in keep or not isinstance(part, XmlPart):
            continue
        # the relationship dict itself: python-pptx's Mapping view and properties cost more than
        # the walk (every part of the deck, for every dropped slide)
        for rId, rel in list(part.rels._rels.items()):
            if rel._target_mode == RTM.EXTERNAL or rel._target is not target:
                continue
            for el in list(part._element.iter()):
                if el.get(qn("r:id")) == rId and el.tag in (qn("a:hlinkClick"), qn("a:hlinkHover")):
                    el.getparent().remove(el)
            if part._rel_ref_count(rId) == 0:
                part.rels.pop(rId)


def drop_slide(prs: Presentation, slide: Slide) -> None:
    """Remove a slide from the deck so that nothing refers to it any more (it leaves the zip)."""
    sld_id = _sld_id(prs, slide)
    for entry in _custom_show_entries(prs, sld_id.rId) + _section_entries(prs, str(sld_id.id)):
        entry.getparent().remove(entry)
    prs.slides._sldIdLst.remove(sld_id)
    prs.part.rels.pop(sld_id.rId)
    keep: set[Part] = {slide.notes_slide.part} if slide.part.has_notes_slide else set()
    _unlink_hyperlinks_to(prs.part.package, slide.part, keep)
