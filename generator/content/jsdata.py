"""Eleventy's JavaScript data files, read as data when they are only data; never run.

Most `*.11tydata.js` and `_data/*.js` files in real Eleventy blogs (the eleventy-base-blog
starter and its thousands of forks among them) export a plain object: `module.exports = {tags:
["posts"], layout: "layouts/post.njk"}` or `export default {...}`. Such an object literal is
JSON5, so it is read with the json5 library, and the site gets its values without artsite ever
running site code. Anything else (a function, a `require`, a computed value) is not data: the
caller warns that the file is not run, as before.
"""

from __future__ import annotations

import re
from typing import Any

import json5

# `module.exports =`, `exports.default =` or `export default`, then the literal, then an optional `;`
_EXPORT = re.compile(r"^\s*(?:(?:module\.)?exports(?:\.default)?\s*=|export\s+default)\s*", re.MULTILINE)
# `() => ({...})`, `function () { return {...}; }`, with `async` allowed: data behind a trivial function
_ARROW = re.compile(r"^(?:async\s+)?\(\s*\)\s*=>\s*\(?")
_FUNCTION = re.compile(r"^(?:async\s+)?function\s*\w*\s*\(\s*\)\s*\{\s*return\s+", re.DOTALL)
_COMMENT_LINE = re.compile(r"^\s*//[^\n]*$|^\s*/\*.*?\*/", re.MULTILINE | re.DOTALL)


def read_literal(text: str) -> tuple[bool, Any]:
    """(True, value) when the file's only export is a literal; (False, None) otherwise."""
    code = _COMMENT_LINE.sub("", text).strip()
    exports = list(_EXPORT.finditer(code))
    if len(exports) != 1 or code[:exports[0].start()].strip():
        return False, None  # imports, helpers or several exports: real code
    body = code[exports[0].end():].strip().rstrip(";").strip()
    function = _FUNCTION.match(body)
    arrow = _ARROW.match(body)
    if function:
        body = body[function.end():].rstrip()
        if not body.endswith("}"):
            return False, None
        body = body[:-1].rstrip().rstrip(";").rstrip()
    elif arrow:
        wrapped = arrow.group(0).endswith("(")
        body = body[arrow.end():].rstrip()
        if wrapped:
            if not body.endswith(")"):
                return False, None
            body = body[:-1].rstrip()
    if not body.startswith(("{", "[")):
        return False, None
    try:
        return True, json5.loads(body)
    except ValueError:
        return False, None
