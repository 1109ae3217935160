"""The Template: parse a PowerPoint template once, render it into many decks.

Stage: deck. Input: a .pptx with Jinja tags (see docs/templates.md) and, per deck, a context
dict. Output: the filled deck as bytes or written atomically to a path.

`Template.load(path)`:
  1. open the file with python-pptx (not a deck -> QbrError); a slide show (.ppsx) or template
     (.potx) is read as the deck it is (its main content type is the only difference) and the
     output is a .pptx; hyperlinks whose internal target is missing (Word footnote links
     `#_ftn1` pasted with a table) are kept as they are written, as PowerPoint does;
  2. merge tags PowerPoint split across runs, straighten curly quotes (`runs.py`);
  3. take `{%slide %}` directives out of each slide's notes;
  4. compile every tag, directive and `image:` expression, checking block balance; all problems
     are raised together with slide, shape and tag;
  5. keep the normalised deck as bytes: each render starts from a fresh copy of it.

`Template.render(context)`:
  1. copy the normalised deck, opened once on the first render (`package.copy_presentation`:
     about 8 ms for 20 slides, where opening the bytes again takes 15-20 ms);
  2. evaluate slide directives: copy or drop slides (`slides.py`);
  3. per output slide: tables (`tables.py`), text frames and notes (`text.py`), then named shapes:
     native `chart:NAME` charts (`charts.py`), pictures for other `chart:NAME`/`image:EXPR` shapes
     (`pictures.py`);
  4. raise every problem at once, else save to bytes, dated 1980-01-01 rather than now, so the
     same input gives the same bytes (`package.py`).

A rendered deck never shares state with the next one: compiled Jinja templates are cached on the
Template (read-only after load), per-render budgets live in a ContextVar.
"""

from __future__ import annotations

import contextlib
import io
import os
import posixpath
import tempfile
import threading
import warnings
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.exc import PackageNotFoundError
from pptx.oxml.ns import qn

from qbr.errors import QbrError
from qbr.formatting import Formatter
from qbr.template import codecache, environment
from qbr.template.charts import LinkedChartWarning
from qbr.template.directives import Directive, DirectiveError, build_tree
from qbr.template.fit import SHAPE_TAGS, placeholder_of
from qbr.template.named import NamedShapes, named_shapes
from qbr.template.package import copy_presentation, save_pptx
from qbr.template.report import USER_ERRORS, Problems, Where
from qbr.template.runs import find_tags, merge_split_tags
from qbr.template.slides import (
    PartNames,
    check_slide_directives,
    drop_slide,
    duplicate_slide,
    move_slide,
    register_copies,
    slide_contexts,
)
from qbr.template.tables import _row_directive, render_table
from qbr.template.text import A_P, TextRenderer, paragraph_source, paragraph_text

ChartRenderer = Callable[[str, Any, int, int], bytes]
Planned = tuple[Any, dict[str, Any], int]  # (slide, context, template slide number)

P_TXBODY = qn("p:txBody")
A_TBL = qn("a:tbl")
_SHAPE_TAGS = {qn(f"p:{n}") for n in ("sp", "pic", "graphicFrame", "grpSp", "cxnSp")}
P_CNVPR = qn("p:cNvPr")
P_CSLD, P_SPTREE, P_SP = qn("p:cSld"), qn("p:spTree"), qn("p:sp")


OLE_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # encrypted OOXML and .ppt are OLE compound files
_PML = "application/vnd.openxmlformats-officedocument.presentationml."
_MS_PML = "application/vnd.ms-powerpoint."
_MAIN_TYPES = {  # slide show and template main parts, read as the presentation they are
    f"{_PML}slideshow.main+xml": f"{_PML}presentation.main+xml",
    f"{_PML}template.main+xml": f"{_PML}presentation.main+xml",
    f"{_MS_PML}slideshow.macroEnabled.main+xml": f"{_MS_PML}presentation.macroEnabled.main+xml",
    f"{_MS_PML}template.macroEnabled.main+xml": f"{_MS_PML}presentation.macroEnabled.main+xml",
}
_CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_PR_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_HYPERLINK = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
_SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True)  # as python-pptx reads parts
_R_ATTR = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
# every attribute in the relationships namespace (r:id, r:embed, r:link, ...), found by libxml2
# instead of a Python loop over every attribute of every element
_R_REFS = etree.XPath("//@*[namespace-uri() = $ns]")
_MACRO_TYPES = ("application/vnd.ms-office.vbaProject", "macroEnabled")


# the slide's text bodies with a "{" in their text, in document order (libxml2 looks; most bodies
# of a slide are fixed text, each of which render_body would read paragraph by paragraph)
_BODIES_WITH_BRACES = etree.XPath(
    ".//p:txBody[.//a:t[contains(., '{')]]",
    namespaces={
        "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
        "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    },
)


_UNFILLED_LOCK = threading.Lock()


def _resolve(rels_name: str, target: str) -> str:
    """Zip name a relationship target points at (rels of `a/b.xml` live in `a/_rels/b.xml.rels`)."""
    folder = posixpath.dirname(posixpath.dirname(rels_name))
    path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
    return posixpath.normpath(path)


def _normalise_package(blob: bytes) -> bytes:
    """The package python-pptx can open, with nothing it would silently drop.

    - a .ppsx/.potx (or one saved under a .pptx name) differs from a .pptx only in its main
      content type: it is given the presentation's, so the output is a .pptx;
    - an internal hyperlink whose target is not in the zip (Word's footnote links `#_ftn1`
      in a pasted table) would be dropped by python-pptx, leaving its r:id dangling: it is
      kept as written, marked external so the written package has no missing part.
    """
    try:
        zin = zipfile.ZipFile(io.BytesIO(blob))
        names = set(zin.namelist())
        changed: dict[str, bytes] = {}
        if "[Content_Types].xml" in names:
            types = etree.fromstring(zin.read("[Content_Types].xml"), _SAFE_XML)
            found = [o for o in types.iter(f"{_CT_NS}Override") if o.get("ContentType") in _MAIN_TYPES]
            for override in found:
                override.set("ContentType", _MAIN_TYPES[override.get("ContentType")])
            if found:
                changed["[Content_Types].xml"] = etree.tostring(
                    types, xml_declaration=True, encoding="UTF-8", standalone=True
                )
        for rels_name in (n for n in names if n.endswith(".rels")):
            rels = etree.fromstring(zin.read(rels_name), _SAFE_XML)
            lost = [
                r
                for r in rels.iter(f"{_PR_NS}Relationship")
                if r.get("Type") == _HYPERLINK
                and r.get("TargetMode") != "External"
                and _resolve(rels_name, (r.get("Target") or "").split("#")[0] or "#") not in names
            ]
            for rel in lost:
                rel.set("TargetMode", "External")
            if lost:
                changed[rels_name] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8", standalone=True)
    except (zipfile.BadZipFile, etree.XMLSyntaxError, KeyError, ValueError):
        return blob  # python-pptx reports what is wrong with it
    if not changed:
        return blob
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            zout.writestr(item, changed.get(item.filename, zin.read(item.filename)))
    return out.getvalue()


def _check_package(prs: Any, name: str) -> None:
    """Refuse macro-enabled decks and damaged ones before anything is filled.

    Macros: a customer deck must never carry code, and a deck whose main part is macro-enabled
    cannot be saved as .pptx (PowerPoint refuses to open it). Damage: python-pptx silently drops
    a relationship whose target part is missing (a slide or layout deleted from the zip), and
    the reference to it then fails deep inside rendering as a KeyError; here it is found up
    front by checking that every r:id/r:embed in every XML part names an existing relationship.
    """
    for part in prs.part.package.iter_parts():
        if any(t in part.content_type for t in _MACRO_TYPES):
            raise QbrError.at(
                "is a macro-enabled deck (.pptm); qbr does not fill templates with macros",
                file=name,
                hint="in PowerPoint save it as .pptx (PowerPoint Presentation), which removes the macros",
            )
        element = getattr(part, "_element", None)
        if element is None:
            continue
        for value in _R_REFS(element, ns=_R_ATTR[1:-1]):
            if value and value not in part.rels:
                raise QbrError.at(
                    f"the file is damaged: {part.partname.lstrip('/')} refers to a part that is missing ({value})",
                    file=name,
                    hint="open it in PowerPoint (which offers to repair it) and save it again",
                )
    for number, slide in enumerate(prs.slides, start=1):
        try:  # implicit references: every slide needs its layout, every layout its master
            slide.slide_layout.slide_master  # noqa: B018
        except KeyError:
            raise QbrError.at(
                f"the file is damaged: slide {number} has lost its slide layout",
                file=name,
                hint="open it in PowerPoint (which offers to repair it) and save it again",
            ) from None


def shape_name(element: etree._Element) -> str | None:
    """Selection-pane name of the shape holding `element`."""
    node: etree._Element | None = element
    while node is not None:
        if node.tag in _SHAPE_TAGS:
            c_nv_pr = node.find(f"*/{P_CNVPR}")
            return c_nv_pr.get("name") if c_nv_pr is not None else None
        node = node.getparent()
    return None


def _sp_tree(slide: Any) -> etree._Element:
    return slide._element.find(f"{qn('p:cSld')}/{qn('p:spTree')}")


def _notes_body(slide: Any) -> etree._Element | None:
    if not slide.part.has_notes_slide:
        return None
    body = slide.notes_slide.notes_text_frame
    return body._txBody if body is not None else None


def _notes_text_body(slide: Any) -> etree._Element | None:
    """`_notes_body(slide)` read from the notes slide's XML: python-pptx finds the notes' body
    placeholder by making a proxy of each placeholder and asking its type."""
    if not slide.part.has_notes_slide:
        return None
    notes = slide.notes_slide._element
    tree = notes.find(P_CSLD)
    tree = tree.find(P_SPTREE) if tree is not None else None
    if tree is None:
        return _notes_body(slide)  # python-pptx's answer (or its error)
    for element in tree.iterchildren():
        if element.tag not in SHAPE_TAGS:
            continue
        ph = placeholder_of(element)
        if ph is None or ph.type != PP_PLACEHOLDER.BODY:
            continue
        if element.tag != P_SP:
            return _notes_body(slide)
        body: etree._Element = element.get_or_add_txBody()  # as python-pptx's text_frame does
        return body
    return None


@dataclass
class SlideInfo:
    """What `qbr template check` shows for one template slide."""

    number: int
    tags: list[tuple[str, str]] = field(default_factory=list)  # (shape, tag)
    directives: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)


class Template:
    """A parsed template; `render()` as often as needed."""

    def __init__(self, blob: bytes, name: str) -> None:
        self.name = name
        self._blob = blob
        self.env = environment.make_environment()
        self._text = TextRenderer(self.env, {}, {})
        self.slide_directives: list[list[Directive]] = []
        self.info: list[SlideInfo] = []
        # `chart:NAME` shapes that are not native charts: filled with a rendered picture (matplotlib)
        self.picture_charts: list[str] = []

    # -- load -----------------------------------------------------------------------------------
    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Template:
        path = Path(path)
        try:
            blob = path.read_bytes()
        except OSError as exc:
            raise QbrError.at(f"cannot read the template: {exc.strerror}", file=str(path)) from None
        return cls.from_bytes(blob, str(path))

    @classmethod
    def from_bytes(cls, blob: bytes, name: str = "template.pptx") -> Template:
        if blob.startswith(OLE_MAGIC):
            raise QbrError.at(
                "is password-protected (encrypted) or an old .ppt file, not a .pptx",
                file=name,
                hint="in PowerPoint remove the password (File > Info > Protect Presentation) and save it as .pptx",
            )
        try:
            prs = Presentation(io.BytesIO(_normalise_package(blob)))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, etree.XMLSyntaxError, ValueError) as exc:
            raise QbrError.at(
                f"not a PowerPoint .pptx file ({exc})",
                file=name,
                hint="save the template from PowerPoint/WPS as .pptx (not .ppt)",
            ) from None
        _check_package(prs, name)
        template = cls(blob, name)
        problems = Problems()
        for number, slide in enumerate(prs.slides, start=1):
            template._prepare_slide(slide, number, problems)
        codecache.flush()  # the tags compiled now are found by the next run (also after an error)
        problems.raise_if_any()
        template._blob = save_pptx(prs)
        return template

    def _prepare_slide(self, slide: Any, number: int, problems: Problems) -> None:
        where = Where(self.name, number)
        info = SlideInfo(number)
        self.info.append(info)
        root = slide._element
        for p in root.iter(A_P):
            merge_split_tags(p)
        directives: list[Directive] = []
        notes = _notes_body(slide)
        if notes is not None:
            for p in notes.iter(A_P):
                merge_split_tags(p)
            for p in notes.findall(A_P):
                text = paragraph_text(p)
                try:
                    d = self._text.directive(text)
                except USER_ERRORS as exc:
                    problems.add_exception(where.at(shape="notes"), exc, find_tags(text))
                    continue
                if d is not None and d.kind == "slide":
                    directives.append(d)
                    info.directives.append(d.tag)
                    notes.remove(p)  # the directive never shows in the output notes
            if notes.find(A_P) is None:
                etree.SubElement(notes, A_P)
            try:
                check_slide_directives(directives)
            except DirectiveError as exc:
                problems.add_exception(where.at(shape="notes"), exc, [])
        self.slide_directives.append(directives)
        tree = _sp_tree(slide)
        for tbl in tree.iter(A_TBL):
            self._check_table(tbl, where.at(shape=shape_name(tbl)), problems, info)
        bodies = [(b, where.at(shape=shape_name(b))) for b in tree.iter(P_TXBODY)]
        if notes is not None:
            bodies.append((notes, where.at(shape="notes")))
        for body, at in bodies:
            self._check_body(body, at, problems, info)
        for named in named_shapes(slide):
            info.named.append(named.name)
            if named.kind == "chart" and not getattr(named.shape, "has_chart", False):
                self.picture_charts.append(named.name)
            try:
                named.compile(self.env)
            except USER_ERRORS as exc:
                problems.add_exception(where.at(shape=named.name), exc, [named.name])

    def _check_body(self, body: etree._Element, where: Where, problems: Problems, info: SlideInfo) -> None:
        paragraphs = body.findall(A_P)
        items: list[tuple[Any, Directive | None]] = []
        for p in paragraphs:
            text = paragraph_text(p)
            if "{" not in text:
                items.append((p, None))
                continue
            try:
                directive = self._text.directive(text)
                if directive is not None and directive.kind != "p":
                    raise DirectiveError(
                        f"{{%{directive.kind} %}} does not belong in a text box "
                        "(rows: first table cell; slides: speaker notes)",
                        directive.tag,
                    )
                items.append((p, directive))
                for tag in find_tags(text):
                    info.tags.append((where.shape or "", tag))
                if directive is None and find_tags(text):
                    self._text.compile(paragraph_source(p)[0])
            except USER_ERRORS as exc:
                problems.add_exception(where, exc, find_tags(text))
                items.append((p, None))
        try:
            build_tree(items)
        except DirectiveError as exc:
            problems.add_exception(where, exc, [])

    def _check_table(self, tbl: etree._Element, where: Where, problems: Problems, info: SlideInfo) -> None:
        items = []
        for row in tbl.findall(qn("a:tr")):
            try:
                directive = _row_directive(row, self._text)
            except USER_ERRORS as exc:
                problems.add_exception(where, exc, find_tags("".join(row.itertext())))
                directive = None
            items.append((row, directive))
            if directive is not None:
                info.tags.append((where.shape or "", directive.tag))
            else:
                for body in row.iter(qn("a:txBody")):
                    self._check_body(body, where, problems, info)
        try:
            build_tree(items)
        except DirectiveError as exc:
            problems.add_exception(where, exc, [])

    # -- render ---------------------------------------------------------------------------------
    # (the normalised bytes, that deck opened once): never filled, each render fills a copy of it
    _unfilled: tuple[bytes, Any] | None = None

    def _fresh_presentation(self) -> Any:
        """What `Presentation(io.BytesIO(self._blob))` gives, copied from the deck opened once.
        One thread at a time reads the unfilled deck (a Dask worker may run tasks in threads, and
        lxml does not promise that two threads may copy one tree at once)."""
        with _UNFILLED_LOCK:
            if self._unfilled is None or self._unfilled[0] is not self._blob:
                self._unfilled = (self._blob, Presentation(io.BytesIO(self._blob)))
            return copy_presentation(self._unfilled[1])

    def render(
        self,
        context: Mapping[str, Any],
        *,
        formatter: Formatter | None = None,
        render_chart: ChartRenderer | None = None,
        finish: Callable[[Any], Any] | None = None,
    ) -> bytes:
        """The filled deck as .pptx bytes; raises QbrError listing every problem.

        `finish(presentation)` runs on the filled deck before it is saved (e.g. fitting text).
        """
        token = environment.begin_render(formatter or Formatter())
        try:
            prs = self._fresh_presentation()
            problems = Problems()
            ctx = dict(context)
            for slide, slide_ctx, number in self._plan(prs, ctx, problems):
                self._render_slide(slide, slide_ctx, Where(self.name, number), problems, render_chart)
            problems.raise_if_any()
            if finish is not None:
                finish(prs)
            return save_pptx(prs)
        finally:
            environment.end_render(token)

    def render_to(self, path: str | os.PathLike[str], context: Mapping[str, Any], **kwargs: Any) -> Path:
        """Render and write atomically: a failed render leaves no file, an old file stays whole."""
        data = self.render(context, **kwargs)
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def _plan(self, prs: Any, ctx: dict[str, Any], problems: Problems) -> list[Planned]:
        """Copy and drop slides per their directives; (slide, context, template number) to render."""
        originals = list(prs.slides)
        plan: list[Planned] = []
        names: PartNames | None = None
        for number, (slide, directives) in enumerate(zip(originals, self.slide_directives, strict=True), 1):
            if not directives:
                plan.append((slide, ctx, number))
                continue
            try:
                contexts = slide_contexts(directives, ctx)
            except USER_ERRORS as exc:
                problems.add_exception(Where(self.name, number, "notes"), exc, [d.tag for d in directives])
                continue
            if not contexts:
                drop_slide(prs, slide)
                continue
            position = list(prs.slides).index(slide)
            if names is None and len(contexts) > 1:
                names = PartNames(prs.part.package)
            copies = [duplicate_slide(prs, slide, k, names) for k in range(1, len(contexts))] if names else []
            for offset, copy_ in enumerate(copies, start=1):
                move_slide(prs, copy_, position + offset)
            register_copies(prs, slide, copies)
            for target, slide_ctx in zip([slide, *copies], contexts, strict=True):
                plan.append((target, slide_ctx, number))
        return plan

    def _render_slide(
        self, slide: Any, ctx: dict[str, Any], where: Where, problems: Problems, render_chart: ChartRenderer | None
    ) -> None:
        def on_error_at(shape: str | None) -> Callable[[BaseException, etree._Element], None]:
            def on_error(exc: BaseException, element: etree._Element) -> None:
                if not isinstance(exc, USER_ERRORS):
                    raise exc
                at = where.at(shape=shape or shape_name(element))
                tags = find_tags("".join(element.itertext()))
                problems.add_exception(at, exc, tags)

            return on_error

        tree = _sp_tree(slide)
        for tbl in list(tree.iter(A_TBL)):
            # a:tbl < a:graphicData < a:graphic < p:graphicFrame
            frame = tbl.getparent().getparent().getparent()
            render_table(frame, tbl, ctx, self._text, on_error_at(shape_name(tbl)))
        for body in _BODIES_WITH_BRACES(tree):  # a body without a "{" renders as itself
            self._text.render_body(body, ctx, on_error_at(None))
        notes = _notes_text_body(slide)
        if notes is not None:
            self._text.render_body(notes, ctx, on_error_at("notes"))
        for named in named_shapes(slide):
            try:
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always", LinkedChartWarning)
                    named.fill(slide, ctx, self.env, render_chart)
            except USER_ERRORS as exc:
                problems.add_exception(where.at(shape=named.name), exc, [named.name])
            finally:
                for w in caught:  # say where, as errors do; other warnings pass on unchanged
                    if issubclass(w.category, LinkedChartWarning):
                        at = where.at(shape=named.name).location()
                        warnings.warn(f"{at}: {w.message}", LinkedChartWarning, stacklevel=2)
                    else:
                        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)

    # -- introspection --------------------------------------------------------------------------
    def undeclared(self) -> dict[int, set[str]]:
        """Top-level names each template slide reads from the context (loop variables excluded)."""
        from jinja2 import meta

        names: dict[int, set[str]] = {}
        for info, slide_directives in zip(self.info, self.slide_directives, strict=True):
            found: set[str] = set()
            local: set[str] = {"loop"}
            expressions: list[str] = [d.expr_source for d in slide_directives if d.expr_source]
            for d in slide_directives:
                local.update(d.names)
            for _, tag in info.tags:
                directive = _directive_of(tag, self)
                if directive is None:
                    expressions.append(tag)
                    continue
                local.update(directive.names)
                if directive.expr_source:
                    expressions.append(directive.expr_source)
            for n in info.named:
                if n.startswith("chart:") and "." in n:
                    expressions.append(n[6:])
                elif n.startswith("chart:"):
                    found.add("charts")
                elif n.startswith("image:"):
                    expressions.append(n[6:])
            for source in expressions:
                text = source if source.startswith("{") else "{{ " + source + " }}"
                with contextlib.suppress(Exception):  # an inline {% for %} split over paragraphs
                    found |= meta.find_undeclared_variables(self.env.parse(text))
            names[info.number] = found - local
        return names


def _directive_of(tag: str, template: Template) -> Directive | None:
    try:
        return template._text.directive(tag)
    except Exception:
        return None


__all__ = ["NamedShapes", "Template"]
