"""The feeds' XML writer must give exactly what ElementTree's indent() + tostring() give.

ElementTree is the reference here (the standard library's own serialiser): Hypothesis builds
trees with awkward text (markup characters, quotes, newlines, tabs, control characters, blank and
whitespace-only text) and both serialisations must be the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.outputs._xmltext import Element, tostring, xml_text

_TEXT = st.one_of(st.none(), st.just(""), st.just("  \n "),
                  st.text(alphabet=st.sampled_from(list("ab &<>\"'\n\r\t\x01é\u2028")), max_size=12))
_NAME = st.sampled_from(["feed", "entry", "title", "link", "content", "x"])
_ATTRS = st.dictionaries(st.sampled_from(["href", "rel", "type", "term"]),
                         st.text(alphabet=st.sampled_from(list("a &<>\"\n\r\t\x02")), max_size=8), max_size=3)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> list[tuple[str, dict[str, str], str | None, list]]:
    count = draw(st.integers(0, 3 if depth < 3 else 0))
    return [(draw(_NAME), draw(_ATTRS), draw(_TEXT), draw(trees(depth + 1))) for _ in range(count)]


def _both(spec: list, ours: Element, theirs: ET.Element) -> None:
    for tag, attrs, text, children in spec:
        mine = ours.sub(tag, text, **attrs)
        ref = ET.SubElement(theirs, tag, {k: xml_text(v) for k, v in attrs.items()})
        if text is not None:
            ref.text = xml_text(text)
        _both(children, mine, ref)


@settings(max_examples=300, deadline=None)
@given(trees())
def test_same_bytes_as_elementtree(spec: list) -> None:
    ours, theirs = Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "en"}), \
        ET.Element("feed", {"xmlns": "http://www.w3.org/2005/Atom", "xml:lang": "en"})
    _both(spec, ours, theirs)
    ET.indent(theirs)
    assert tostring(ours) == ET.tostring(theirs, encoding="utf-8")


def test_values_are_escaped_and_cleaned() -> None:
    root = Element("feed")
    root.sub("title", 'a <b> & "c"\x07', href='x"><script>')
    text = tostring(root).decode()
    assert '<title href="x&quot;&gt;&lt;script&gt;">a &lt;b&gt; &amp; "c"</title>' in text
    assert "\x07" not in text


_JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=False),
              st.text(alphabet=st.sampled_from(list('a "\\\n\t\x01é\u2028😀')), max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.text(alphabet="ab\"é", max_size=3), inner, max_size=4)),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_json_same_text_as_the_standard_library(value: object) -> None:
    import json

    from generator.outputs._jsontext import dumps

    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=1)
