"""Slides: `{%slide for %}` / `{%slide if %}` directives, copying and dropping slides.

Stage: template load (read the directives out of the notes) and render (copy/drop). Input: a
python-pptx `Presentation` opened from the template and each slide's directives. Output: the
presentation with every directive slide repeated once per item (right after the original, in
order) or removed, and the list of (slide, context, template slide number) to render.

python-pptx has no API to copy a slide. A copy here is a new slide part holding a deep copy of the
slide XML, related to the same layout, images and media (shared: they are read-only), with its
own copy of every chart part (each copy gets its own data) and its own notes slide. Relationship
ids are remapped in the copied XML; shape ids are offset so each copy's ids are distinct from the
original's (connectors and animations that point at shapes are offset alike).
"""

from __future__ import annotations

import copy
import re
from typing import Any

from lxml import etree
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part, XmlPart
from pptx.opc.packuri import PackURI
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation
from pptx.slide import Slide

from qbr.template.directives import Directive, DirectiveError, loop_contexts

R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SHARED = {RT.IMAGE, RT.MEDIA, RT.VIDEO, RT.AUDIO, RT.SLIDE_LAYOUT, RT.HYPERLINK}
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
                raise DirectiveError(
                    f"{d.tag} has no matching {{%slide {d.word[3:]} %}} on this slide", d.tag)
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
    stem = re.sub(r"\d+$", "", base)
    return f"{stem}%d{dot}{ext}"


def _remap_rids(element: etree._Element, mapping: dict[str, str]) -> None:
    for el in element.iter():
        for name, value in el.attrib.items():
            if name.startswith(R_NS) and value in mapping:
                el.set(name, mapping[value])


def _clone_part(part: Part, package: Any) -> Part:
    """A copy of `part` under a new name, with copies of the parts it relates to."""
    partname = package.next_partname(_partname_template(str(part.partname)))
    if isinstance(part, XmlPart):
        clone: Part = type(part)(partname, part.content_type, package, copy.deepcopy(part._element))
    else:
        clone = type(part)(partname, part.content_type, package, part.blob)
    mapping: dict[str, str] = {}
    for rId, rel in part.rels.items():
        if rel.is_external:
            mapping[rId] = clone.relate_to(rel.target_ref, rel.reltype, is_external=True)
        else:
            mapping[rId] = clone.relate_to(_clone_part(rel.target_part, package), rel.reltype)
    if isinstance(clone, XmlPart):
        _remap_rids(clone._element, mapping)
    return clone


def _copy_rels(src: Part, dst: XmlPart, skip: set[str]) -> None:
    mapping: dict[str, str] = {}
    for rId, rel in src.rels.items():
        if rel.reltype in skip:
            continue
        if rel.is_external:
            mapping[rId] = dst.relate_to(rel.target_ref, rel.reltype, is_external=True)
        elif rel.reltype in _SHARED:
            mapping[rId] = dst.relate_to(rel.target_part, rel.reltype)
        elif rel.reltype == RT.CHART:
            mapping[rId] = dst.relate_to(_clone_part(rel.target_part, dst.package), rel.reltype)
        else:  # SmartArt, OLE objects, tags...: shared, like PowerPoint's own copy-paste within a deck
            mapping[rId] = dst.relate_to(rel.target_part, rel.reltype)
    _remap_rids(dst._element, mapping)


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


def duplicate_slide(prs: Presentation, slide: Slide, copy_number: int) -> Slide:
    """A copy of `slide` appended to the deck (the caller moves it into place)."""
    package = prs.part.package
    src_part = slide.part
    partname = package.next_partname("/ppt/slides/slide%d.xml")
    part = SlidePart(partname, src_part.content_type, package, copy.deepcopy(src_part._element))
    _copy_rels(src_part, part, skip={RT.NOTES_SLIDE})
    _offset_shape_ids(part._element, copy_number * ID_STRIDE)
    if src_part.has_notes_slide:
        src_notes = slide.notes_slide.part
        notes_name = package.next_partname("/ppt/notesSlides/notesSlide%d.xml")
        notes = NotesSlidePart(PackURI(notes_name), src_notes.content_type, package,
                               copy.deepcopy(src_notes._element))
        _copy_rels(src_notes, notes, skip={RT.SLIDE})
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


def drop_slide(prs: Presentation, slide: Slide) -> None:
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        if prs.part.related_part(sld_id.rId) is slide.part:
            sld_ids.remove(sld_id)
            prs.part.drop_rel(sld_id.rId)
            return
