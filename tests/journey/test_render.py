"""The projected map and persona card hold user text as text: escaped, and with no line break that would let
a Markdown renderer end the HTML block and read the rest as Markdown (images fetched from any URL, links).

The oracle is an independent CommonMark parser (markdown-it-py): the whole output must parse as ONE raw HTML
block, with no image, link or paragraph of its own. Before the fix a blank line in a persona field or an item
split the output into an HTML block, a paragraph with an image, and more.
"""

from __future__ import annotations

from dataclasses import replace

import pytest
from markdown_it import MarkdownIt

from workbench import journey

HOSTILE = "First line\n\n![beacon](http://beacon.test/x.png) [a link](http://beacon.test/l)\r\n\r\n<img src=x>\rend"


def _blocks(html: str) -> list[str]:
    """The top-level block types CommonMark reads in ``html``, and any inline image or link inside."""
    tokens = MarkdownIt("commonmark").parse(html)
    kinds = [tok.type for tok in tokens if tok.level == 0]
    for tok in tokens:
        for child in tok.children or []:
            if child.type in ("image", "link_open"):
                kinds.append(child.type)
    return kinds


def _hostile_map() -> journey.JourneyMap:
    m = journey.new_map("Map", ["Awareness", "Purchase"], map_id=1)
    first = m.stages[0]
    items = (journey.Item(text=HOSTILE, item_id="a1"),
             journey.Item(text="opportunity\n\nline", item_id="a2", owner="Ms\n\n[Wu](http://beacon.test)"))
    stage = replace(first, name="Stage\n\nname", lanes={"pain_points": items[:1], "opportunities": items[1:]})
    persona = journey.Persona(name="Ms\n\nWu", goals=HOSTILE, needs="a\n\n* list item", disc="D")
    return replace(m, stages=(stage, *m.stages[1:]), persona=persona)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_map_and_persona_are_one_html_block_without_line_breaks(lang):
    m = _hostile_map()
    for html in (journey.render_html(m, lang), journey.persona_html(m.persona, lang)):
        assert "\n" not in html and "\r" not in html
        assert _blocks(html) == ["html_block"]


def test_line_breaks_become_br_and_text_stays_escaped():
    m = _hostile_map()
    grid = journey.render_html(m, "en")
    # "First line", blank, the Markdown line, blank, the tag, "end": 6 lines joined by 5 <br>
    assert ("First line<br><br>![beacon](http://beacon.test/x.png) [a link](http://beacon.test/l)<br><br>"
            "&lt;img src=x&gt;<br>end") in grid
    assert "Stage<br><br>name" in grid and "Ms<br><br>[Wu](http://beacon.test)" in grid
    assert "<img" not in grid
    card = journey.persona_html(m.persona, "en")
    assert "Ms<br><br>Wu" in card and "a<br><br>* list item" in card and "&lt;img src=x&gt;" in card
