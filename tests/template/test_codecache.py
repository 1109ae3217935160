"""Compiled tags kept between runs (`qbr.template.codecache`): a template parsed again compiles
nothing, renders the same bytes, and fails on a bad tag exactly as without the cache."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from qbr.errors import QbrError
from qbr.template import Template, codecache, environment
from tests.template.helpers import blank, lines, new_deck, save, textbox

CONTEXT = {"stores": [{"name": "一号店", "sales": 12345.6}, {"name": "二号店", "sales": 7}], "total": 12352.6}


def _blob(*texts: str) -> bytes:
    prs = new_deck()
    lines(textbox(blank(prs), "Body").text_frame, list(texts))
    return save(prs)


GOOD = _blob("合计 {{ total|money }}", "{%p for s in stores %}", "{{ s.name }}: {{ s.sales|num }}", "{%p endfor %}")


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and this process's store forgotten (as in a new run)."""
    monkeypatch.setenv("QBR_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(codecache, "_CACHES", {})
    return tmp_path / "cache"


@pytest.fixture
def compiles(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the tags Jinja generates code for (every compile that is not found in the cache)."""
    count = [0]
    generate = environment.QbrSandbox._generate

    def counting(self: Any, *args: Any, **kwargs: Any) -> str:
        count[0] += 1
        return generate(self, *args, **kwargs)

    monkeypatch.setattr(environment.QbrSandbox, "_generate", counting)
    return count


def _new_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codecache, "_CACHES", {})


def test_a_template_parsed_in_a_new_run_compiles_no_tag_and_renders_the_same_bytes(
    cache: Path, compiles: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Template.from_bytes(GOOD, "t.pptx").render(CONTEXT)
    assert compiles[0] >= 3  # the two text paragraphs and the loop's expression at least
    assert len(list(cache.glob("jinja-*.marshal"))) == 1
    _new_run(monkeypatch)
    compiles[0] = 0
    again = Template.from_bytes(GOOD, "t.pptx").render(CONTEXT)
    assert compiles[0] == 0
    assert again == first
    monkeypatch.setenv("QBR_CACHE_DIR", "off")
    _new_run(monkeypatch)
    assert Template.from_bytes(GOOD, "t.pptx").render(CONTEXT) == first
    assert compiles[0] > 0


def test_a_bad_tag_fails_the_same_with_the_cache_warm(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = _blob("合计 {{ total|money }}", "{{ total + }}")
    messages = []
    for _ in range(2):
        _new_run(monkeypatch)
        with pytest.raises(QbrError) as caught:
            Template.from_bytes(bad, "t.pptx")
        messages.append(caught.value.format())
    assert messages[0] == messages[1]
    assert 'shape "Body": syntax error' in messages[0] and "{{ total + }}" in messages[0]


def test_a_damaged_cache_file_is_a_miss(cache: Path, compiles: list[int], monkeypatch: pytest.MonkeyPatch) -> None:
    first = Template.from_bytes(GOOD, "t.pptx").render(CONTEXT)
    [entry] = cache.glob("jinja-*.marshal")
    entry.write_bytes(entry.read_bytes()[:100])
    _new_run(monkeypatch)
    compiles[0] = 0
    assert Template.from_bytes(GOOD, "t.pptx").render(CONTEXT) == first
    assert compiles[0] > 0


def test_an_environment_with_other_filters_has_its_own_cache_file(cache: Path) -> None:
    env = environment.make_environment()
    ours = codecache.for_environment(env.filters, env.tests, env.globals)
    other = codecache.for_environment({**env.filters, "extra": len}, env.tests, env.globals)
    # a tag using a filter compiles only where the filter exists: the two must never share code
    assert ours.entry != other.entry
    assert codecache.for_environment(dict(env.filters), env.tests, env.globals) is ours


def test_the_cache_file_keeps_what_this_run_used_first(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codecache, "MAX_ENTRIES", 2)
    store = codecache.CodeCache("jinja-test.marshal")
    code = [compile(f"x = {i}", "<t>", "exec") for i in range(3)]
    for i in range(2):
        store.put(("old", i), code[i])
    store.flush()
    later = codecache.CodeCache("jinja-test.marshal")  # a later run uses one new tag
    later.put(("new", 0), code[2])
    later.flush()
    kept = codecache.CodeCache("jinja-test.marshal")
    assert kept.get(("new", 0)) is not None
    assert (kept.get(("old", 0)) is None) != (kept.get(("old", 1)) is None)  # one old tag kept, with the cap of 2
