"""Which JavaScript data files are data: only a literal export, never anything that must run."""

from __future__ import annotations

import pytest

from generator.content.jsdata import read_literal

DATA = [
    ('export default { tags: ["posts"], "layout": "layouts/post.njk" };', {"tags": ["posts"], "layout": "layouts/post.njk"}),
    ('module.exports = {\n\ttags: [\n\t\t"posts"\n\t],\n\t"layout": "layouts/post.njk",\n};\n',
     {"tags": ["posts"], "layout": "layouts/post.njk"}),
    ("module.exports = () => ({ title: 'x' });", {"title": "x"}),
    ("module.exports = function() { return { title: 'y' }; };", {"title": "y"}),
    ("export default async function () {\n  return { n: 1 }\n}\n", {"n": 1}),
    ("// site data\n/* shared */\nmodule.exports = { url: 'https://a.example/c' } // trailing\n",
     {"url": "https://a.example/c"}),
    ("module.exports = ['a', 'b'];", ["a", "b"]),
]
CODE = [
    'const x = require("y");\nmodule.exports = { a: x };',
    "module.exports = { a: process.env.X };",
    "module.exports = { eleventyComputed: { title: data => data.x } };",
    "module.exports = async () => { const r = await fetch('https://x'); return r.json(); };",
    "module.exports = 42;",
    "export const a = 1;\nexport default { a };",
    "module.exports = {a: 1};\nmodule.exports.b = 2;",
]


@pytest.mark.parametrize(("text", "value"), DATA)
def test_a_literal_export_is_read(text: str, value: object) -> None:
    assert read_literal(text) == (True, value)


@pytest.mark.parametrize("text", CODE)
def test_code_is_not_data(text: str) -> None:
    assert read_literal(text) == (False, None)
