"""Hostile and broken templates: each one ends in ONE located error with exit status 2, fast,
and no deck is written (never a traceback, a hang or a half-written file).

Two doors in: `qbr template render` (any template, JSON context) and `qbr build --template`
(the real deck context). Broken files are made here from a tiny deck or from the shipped
template, with python-pptx and zipfile.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pptx import Presentation
from pptx.util import Inches

from qbr.cli import main
from tests.conftest import ROOT

TEMPLATE = ROOT / "templates" / "qbr_zh.pptx"
SAMPLE = ROOT / "sample_data"
FAST = 5.0  # seconds: "fails fast" for every hostile tag

ESCAPES = [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ self._TemplateReference__context }}",
    "{{ lipsum.__globals__ }}",
    "{{ joiner.__init__.__globals__['os'] }}",
    "{{ range.__self__ }}",
    "{{ ''|attr('__class__') }}",
]
BOMBS = [
    "{% for x in range(10**9) %}.{% endfor %}",
    "{% for x in range(100000) %}{% for y in range(100000) %}{% endfor %}{% endfor %}",  # 10^10
    "{{ 'x' * 10**9 }}",
    "{{ 'a'|replace('a', 'b'*10**8) }}",
    "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}",
    # found while writing these tests, fixed in qbr/template/environment.py:
    "{% macro f(n) %}{% if n %}{{ f(n-1) }}{{ f(n-1) }}{% endif %}{% endmacro %}{{ f(40) }}",
    "{{ 'x'.ljust(10**9) | length }}",
    "{{ 'x'.zfill(10**9) | length }}",
    "{{ '{:>999999999}'.format(1) | length }}",
    "{{ ('%0999999999d' % 1) | length }}",
    "{{ (((10**1000)**1000)**1000) > 1 }}",
    "{% set s = 'x'*200000 %}{{ (([s]*200000) | join) | length }}",
    "{% set s = 'x'*200000 %}{% set s = s ~ s %}{% set s = s ~ s %}{{ s | length }}",
    "{% set s = 'x'*200000 %}{{ (s + s + s) | length }}",
    "{% set s = 'x'*100000 %}{{ ([s]*2000) | map('upper') | list | length }}",
    "{% set a = ['x'*50000]*4 %}{% set b = [a,a,a,a] %}{% set c = [b,b,b,b] %}{% set d = [c,c,c,c] %}"
    "{% set e = [d,d,d,d] %}{% set f = [e,e,e,e] %}{{ f }}",
    "{% set l = [1] %}{% for i in range(40) %}{{ l.extend(l) }}{% endfor %}",
    "{% set s = 'x'*199999 %}{% for i in range(99999) %}{% if s.upper() %}{% endif %}{% endfor %}"
    "{% for i in range(99999) %}{% if s.upper() %}{% endif %}{% endfor %}",
]


def _tiny_deck(texts: list[str], path: Path, name: str = "Box") -> Path:
    """A deck with one blank slide per text, each text in a text box called `name`."""
    prs = Presentation()
    for text in texts:
        slide = prs.slides.add_slide(prs.slide_layouts[6])
        box = slide.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(1))
        box.name = name
        box.text_frame.text = text
    prs.save(path)
    return path


def _with_tag_on_slide(path: Path, slide_number: int, text: str, name: str = "Hostile box") -> Path:
    """The shipped template with an extra text box holding `text` on one slide."""
    prs = Presentation(TEMPLATE)
    slide = prs.slides[slide_number - 1]
    box = slide.shapes.add_textbox(Inches(0.2), Inches(0.2), Inches(3), Inches(0.5))
    box.name = name
    box.text_frame.text = text
    prs.save(path)
    return path


def _render(template: Path, out: Path, context: dict | None = None) -> Result:
    ctx = template.parent / "context.json"
    ctx.write_text(json.dumps(context or {}), encoding="utf-8")
    return CliRunner().invoke(main, ["template", "render", str(template), "--data-json", str(ctx), "--out", str(out)])


def _build(template: Path, out_dir: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        main,
        [
            "build",
            "--customer",
            "CNPC",
            "--quarter",
            "2023Q4",
            "--data",
            str(SAMPLE),
            "--template",
            str(template),
            "--out",
            str(out_dir),
            *extra,
        ],
    )


def _one_clear_error(result: Result) -> str:
    """The output of a run that must stop with exit 2 and one located `Error:` (no traceback)."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, result.output
    return errors[0]


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- sandbox escapes and resource bombs ----------------------------------------------------------


@pytest.mark.parametrize("tag", ESCAPES + BOMBS)
def test_render_stops_hostile_tags_fast_with_a_located_error(tmp_path: Path, tag: str) -> None:
    template = _tiny_deck(["harmless {{ 1 + 1 }}", tag], tmp_path / "hostile.pptx")
    out = tmp_path / "out" / "deck.pptx"
    start = time.perf_counter()
    result = _render(template, out)
    elapsed = time.perf_counter() - start
    error = _one_clear_error(result)
    assert elapsed < FAST, f"{elapsed:.1f} s"
    assert 'slide 2, shape "Box"' in error, error  # slide 1 is fine: the error names the bad one
    assert not out.exists() and _files(tmp_path / "out") == []


@pytest.mark.parametrize("tag", [ESCAPES[0], BOMBS[1], BOMBS[11]])
def test_build_stops_hostile_tags_fast_and_writes_no_deck(tmp_path: Path, tag: str) -> None:
    template = _with_tag_on_slide(tmp_path / "hostile.pptx", 3, tag)
    start = time.perf_counter()
    result = _build(template, tmp_path / "out")
    elapsed = time.perf_counter() - start
    error = _one_clear_error(result)
    assert 'slide 3, shape "Hostile box"' in error, error
    assert elapsed < FAST + 5, f"{elapsed:.1f} s"  # + loading the sample data and drawing charts
    assert _files(tmp_path / "out") == []


def test_ordinary_expressions_still_work(tmp_path: Path) -> None:
    """The new limits must not cost ordinary templates anything."""
    template = _tiny_deck(
        [
            "{{ '%s %.1f' % (name, x) }}|{{ name ~ '!' }}|{{ [1, 2] + [3] }}|{{ 3 * 4 }}|"
            "{{ 2 ** 10 }}|{{ items | join(', ') }}|{{ name | upper }}|{{ 'ab' * 3 }}"
        ],
        tmp_path / "ok.pptx",
    )
    out = tmp_path / "deck.pptx"
    result = _render(template, out, {"name": "中石油", "x": 2.25, "items": ["a", "b"]})
    assert result.exit_code == 0, result.output
    text = Presentation(out).slides[0].shapes[0].text_frame.text
    assert text == "中石油 2.2|中石油!|[1, 2, 3]|12|1024|a, b|中石油|ababab"


def test_a_tag_error_on_slide_5_is_located_by_slide_shape_and_tag(tmp_path: Path) -> None:
    template = _with_tag_on_slide(tmp_path / "typo.pptx", 5, "销售 {{ kpi.salez | money }}", "KPI typo")
    result = _build(template, tmp_path / "out")
    error = _one_clear_error(result)
    assert 'slide 5, shape "KPI typo"' in error and "salez" in error and "{{ kpi.salez | money }}" in error
    assert _files(tmp_path / "out") == []


def test_a_syntax_error_is_found_before_any_data_is_read(tmp_path: Path) -> None:
    template = _with_tag_on_slide(tmp_path / "syntax.pptx", 5, "{% if kpi.sales %}no end", "Unclosed")
    result = _build(template, tmp_path / "out")
    error = _one_clear_error(result)
    assert 'slide 5, shape "Unclosed"' in error and "{% if kpi.sales %}" in error


# --- files that are not (whole) decks ------------------------------------------------------------


def _zip_without(src: Path, dest: Path, member: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        assert member in zin.namelist()
        for item in zin.infolist():
            if item.filename != member:
                zout.writestr(item, zin.read(item.filename))
    return dest


def _zip_replacing(src: Path, dest: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            zout.writestr(item, edit(data) if item.filename == member else data)
    return dest


def _not_a_deck_zip(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "hello")
    return path


def _ole(path: Path) -> Path:
    # what PowerPoint writes for a password-protected deck (and what .ppt is): an OLE compound file
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 4088)
    return path


def _truncated(path: Path) -> Path:
    path.write_bytes(TEMPLATE.read_bytes()[:20_000])
    return path


def _dangling_rel(path: Path) -> Path:
    # slide 2's relationship list points at a slide layout that is not in the zip
    def edit(data: bytes) -> bytes:
        return data.replace(b"slideLayouts/slideLayout", b"slideLayouts/missingLayout")

    return _zip_replacing(TEMPLATE, path, "ppt/slides/_rels/slide2.xml.rels", edit)


def _broken_xml(path: Path) -> Path:
    return _zip_replacing(TEMPLATE, path, "ppt/slides/slide2.xml", lambda data: data[: len(data) // 2])


BROKEN = {
    "empty.pptx": lambda p: (p.write_bytes(b""), p)[1],
    "text.pptx": lambda p: (p.write_text("not a deck", encoding="utf-8"), p)[1],
    "zip.pptx": _not_a_deck_zip,
    "encrypted.pptx": _ole,
    "old.ppt": _ole,
    "truncated.pptx": _truncated,
    "missing_slide.pptx": lambda p: _zip_without(TEMPLATE, p, "ppt/slides/slide2.xml"),
    "dangling.pptx": _dangling_rel,
    "broken_xml.pptx": _broken_xml,
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_file_that_is_not_a_whole_deck_is_one_clear_error(tmp_path: Path, name: str) -> None:
    template = BROKEN[name](tmp_path / name)
    out = tmp_path / "out"
    render = _render(template, out / "deck.pptx")
    error = _one_clear_error(render)
    assert str(template) in error, error
    build = _build(template, out)
    assert _one_clear_error(build).startswith(f"Error: {template}")
    assert _files(out) == []


def test_an_encrypted_deck_says_to_remove_the_password(tmp_path: Path) -> None:
    error = _one_clear_error(_render(_ole(tmp_path / "locked.pptx"), tmp_path / "deck.pptx"))
    assert "password" in error.lower() or "hint" in error.lower(), error


def test_a_template_that_is_a_folder_or_missing_is_one_clear_error(tmp_path: Path) -> None:
    assert "template" in _one_clear_error(_build(tmp_path / "nope.pptx", tmp_path / "out")).lower()


# --- macro-enabled decks -------------------------------------------------------------------------


def _pptm(path: Path) -> Path:
    """The shipped template turned into a macro-enabled deck: a vbaProject part and its content type."""
    with zipfile.ZipFile(TEMPLATE) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
                    b"application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
                )
                data = data.replace(
                    b"</Types>",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
                )
            if item.filename == "ppt/_rels/presentation.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdVba" Type="http://schemas.'
                    b'microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                    b"</Relationships>",
                )
            zout.writestr(item, data)
        zout.writestr("ppt/vbaProject.bin", bytes.fromhex("D0CF11E0A1B11AE1") + b'Attribute VB_Name = "Evil"')
    return path


def test_a_macro_enabled_template_is_refused(tmp_path: Path) -> None:
    """Decision: refuse .pptm (a deck sent to customers must never carry macros, and a .pptx
    holding a vbaProject would be a deck PowerPoint refuses to open)."""
    template = _pptm(tmp_path / "macros.pptm")
    error = _one_clear_error(_build(template, tmp_path / "out"))
    assert "macro" in error.lower(), error
    assert _files(tmp_path / "out") == []
    # the same file renamed .pptx is refused too: the content, not the name, decides
    renamed = template.rename(tmp_path / "macros.pptx")
    error = _one_clear_error(_render(renamed, tmp_path / "o" / "deck.pptx"))
    assert "macro" in error.lower(), error


def test_every_built_deck_from_a_good_template_has_no_macros(tmp_path: Path) -> None:
    result = _build(TEMPLATE, tmp_path / "out")
    assert result.exit_code == 0, result.output
    (deck,) = (tmp_path / "out").rglob("*_QBR.pptx")
    with zipfile.ZipFile(io.BytesIO(deck.read_bytes())) as z:
        assert not [n for n in z.namelist() if "vba" in n.lower()]
