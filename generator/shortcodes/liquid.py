"""Liquid and Nunjucks in Markdown bodies, translated to the Jinja2 that renders them.

Eleventy runs Markdown through Liquid (its default `markdownTemplateEngine`) or Nunjucks before
Markdown, and Jekyll through Liquid. Jinja2 reads most of that syntax already; this module makes
the minimal changes where Liquid differs:

- tags: `assign` → `set`, `capture` → `set` block, `unless` → `if not`, `elsif` → `elif`,
  `case`/`when` → `if`/`elif`, `comment` blocks dropped, `echo` → `{{ }}`;
- expressions: `| filter: a, b` → `| filter(a, b)`, `a contains b` → `b in a`, `x.size` →
  `x|length`, `forloop.` → `loop.`, `(1..5)` → `range(1, 6)`, `for … limit:/offset:/reversed`;
- shortcodes (`{% youtube "id" %}`, paired `{% highlight js %}…{% endhighlight %}`, `include`)
  become calls into a table of parsed parameters, so their arguments are never Jinja-parsed;
- unknown tags are reported (file and line) and dropped, keeping a paired tag's inner content.

Newlines are kept one for one, so Jinja's line numbers are the body's.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from generator.shortcodes.params import parse

JINJA_TAGS = {"if", "elif", "else", "endif", "for", "endfor", "set", "endset", "with", "endwith", "macro",
              "endmacro", "call", "endcall", "filter", "endfilter", "break", "continue", "autoescape",
              "endautoescape"}
LIQUID_TAGS = {"assign", "capture", "endcapture", "unless", "endunless", "elsif", "case", "when", "endcase",
               "echo"}
INCLUDE_TAGS = {"include", "render", "include_relative", "include_cached"}
TOKEN = re.compile(
    r"(?P<rawopen>\{%-?\s*(?P<rawkind>raw|comment)\s*-?%\})"
    r"|\{%(?P<ltrim>-?)\s*(?P<name>[A-Za-z_]\w*)?(?P<rest>(?:[^%'\"]|%(?!\})|\"[^\"]*\"|'[^']*')*?)\s*(?P<rtrim>-?)%\}"
    r"|\{\{(?P<eltrim>-?)(?P<expr>(?:[^}'\"]|\}(?!\})|\"[^\"]*\"|'[^']*')*?)(?P<ertrim>-?)\}\}",
    re.DOTALL,
)
_EXPR_TOKEN = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[\w.\[\]-]+|==|!=|<>|<=|>=|\s+|.", re.DOTALL)
_FOR = re.compile(r"^\s*(?P<var>\w+)\s+in\s+(?P<items>.+?)(?P<opts>(?:\s+(?:limit|offset)\s*:\s*[\w.]+|\s+reversed)*)\s*$",
                  re.DOTALL)
_LOOP = {"rindex": "revindex", "rindex0": "revindex0"}


@dataclass
class CallSpec:
    """One shortcode use, found while translating: called by index from the Jinja source."""

    name: str
    args: list[Any]
    kwargs: dict[str, Any]
    block: bool
    line: int
    paired: bool = False
    known: bool = True
    start: int = 0  # where the tag begins in the text


@dataclass
class Translation:
    source: str
    calls: list[CallSpec] = field(default_factory=list)
    filters: set[str] = field(default_factory=set)


def has_template_syntax(text: str) -> bool:
    return "{%" in text or "{{" in text


def translate(text: str, *, liquid: bool, is_shortcode: Callable[[str], bool],
              warn: Callable[[str, int], None], line_offset: int = 0) -> Translation:
    """The Jinja source for `text`, with shortcode calls and the filters it names."""
    result = Translation("")
    tokens = list(_tokens(text))
    paired = _pair(tokens, is_shortcode)
    out: list[str] = []
    pos = 0
    case: list[list[Any]] = []  # [subject, first `when` seen?]
    for index, (match, skip_to) in enumerate(tokens):
        out.append(text[pos:match.start()])
        pos = skip_to
        original = text[match.start():skip_to]
        line = line_offset + text.count("\n", 0, match.start()) + 1

        def keep_lines(replacement: str, original: str = original) -> str:
            missing = original.count("\n") - replacement.count("\n")
            if missing <= 0:
                return replacement
            for closer in ("%}", "}}"):
                if replacement.endswith(closer):
                    return replacement[:-2].rstrip("-") + "\n" * missing + replacement[-2 - (replacement[:-2].endswith("-")):]
            return replacement + "{{ ''" + "\n" * missing + "}}"

        if match.group("rawopen"):
            if match.group("rawkind") == "raw":
                out.append(original)  # raw ... endraw, verbatim: Jinja reads it the same way
            else:
                out.append(keep_lines(""))
            continue
        if match.group("expr") is not None:
            expr = match.group("expr")
            translated = liquid_expr(expr, result.filters) if liquid else _note_filters(expr, result.filters)
            out.append(keep_lines("{{" + match.group("eltrim") + translated + match.group("ertrim") + "}}"))
            continue
        name = match.group("name") or ""
        rest = match.group("rest") or ""
        lt, rt = match.group("ltrim"), match.group("rtrim")

        def tag(body: str, lt: str = lt, rt: str = rt) -> str:
            return "{%" + lt + " " + body + " " + rt + "%}"

        expr = (lambda e: liquid_expr(e, result.filters)) if liquid else (lambda e: _note_filters(e, result.filters))
        if name in ("for",) and liquid:
            out.append(keep_lines(tag("for " + _for(rest, result.filters))))
        elif name in JINJA_TAGS:
            out.append(keep_lines(tag(name + (" " + expr(rest) if rest.strip() else ""))))
        elif liquid and name == "assign":
            out.append(keep_lines(tag("set " + expr(rest))))
        elif liquid and name == "capture":
            out.append(keep_lines(tag("set " + rest.strip())))
        elif liquid and name == "endcapture":
            out.append(keep_lines(tag("endset")))
        elif liquid and name == "unless":
            out.append(keep_lines(tag(f"if not ({expr(rest)})")))
        elif liquid and name in ("endunless", "endcase"):
            if name == "endcase" and case:
                opened = case.pop()[1]
                out.append(keep_lines(tag("endif") if opened else ""))
            else:
                out.append(keep_lines(tag("endif")))
        elif liquid and name == "elsif":
            out.append(keep_lines(tag("elif " + expr(rest))))
        elif liquid and name == "case":
            case.append([expr(rest).strip(), False])
            out.append(keep_lines(""))
        elif liquid and name == "when" and case:
            subject = case[-1][0]
            values = [expr(v) for v in re.split(r"\s*(?:,|\bor\b)\s*", rest.strip()) if v]
            test = " or ".join(f"({subject}) == ({v})" for v in values) or "false"
            out.append(keep_lines(tag(("elif " if case[-1][1] else "if ") + test)))
            case[-1][1] = True
        elif liquid and name == "echo":
            out.append(keep_lines("{{" + lt + " " + expr(rest) + " " + rt + "}}"))
        elif name.startswith("end") and index in paired:
            out.append(keep_lines(tag("endcall")))
        else:
            call_name = "include" if name in INCLUDE_TAGS else name
            known = is_shortcode(call_name)
            literal = call_name in ("include", "post_url", "link", "highlight", "gist")
            args, kwargs = parse(rest, bare_words=not literal)
            if literal:
                args = [a.word if hasattr(a, "word") else a for a in args]
            line_start = text.rfind("\n", 0, match.start()) + 1
            line_end = text.find("\n", skip_to)
            line_end = len(text) if line_end < 0 else line_end
            block = not text[line_start:match.start()].strip() and not text[skip_to:line_end].strip()
            spec = CallSpec(call_name, args, kwargs, block, line, paired=index in paired, known=known,
                            start=match.start())
            if not known:
                what = "paired shortcode" if spec.paired else "shortcode"
                warn(f"unknown {what} '{name}': " + ("its inner content is kept" if spec.paired else "left out")
                     + " (add it as shortcodes/" + name + ".html or through a plugin)", line)
            result.calls.append(spec)
            number = len(result.calls) - 1
            if spec.paired:
                out.append(keep_lines(tag(f"call __shortcode({number})")))
            else:
                out.append(keep_lines("{{" + lt + f" __shortcode({number}) " + rt + "}}"))
    out.append(text[pos:])
    result.source = "".join(out)
    return result


def _tokens(text: str) -> list[tuple[re.Match[str], int]]:
    """Each tag or expression with where its text ends; a raw or comment block ends at its end tag
    (an unclosed one runs to the end of the text, as Liquid would refuse it: it is reported by Jinja)."""
    found = []
    pos = 0
    while True:
        match = TOKEN.search(text, pos)
        if match is None:
            return found
        end = match.end()
        if match.group("rawopen"):
            kind = match.group("rawkind")
            close = re.compile(r"\{%-?\s*end" + kind + r"\s*-?%\}").search(text, end)
            end = close.end() if close else len(text)
        found.append((match, end))
        pos = end


def _pair(tokens: list[tuple[re.Match[str], int]], is_shortcode: Callable[[str], bool]) -> set[int]:
    """Indexes of the opening and closing tags of paired shortcodes (`x` … `endx`)."""
    paired: set[int] = set()
    open_by_name: dict[str, list[int]] = {}
    for index, (match, _) in enumerate(tokens):
        name = match.group("name") if not match.group("rawopen") else None
        if not name or name in JINJA_TAGS or name in LIQUID_TAGS:
            continue
        if name.startswith("end") and open_by_name.get(name[3:]):
            paired.add(open_by_name[name[3:]].pop())
            paired.add(index)
        elif not name.startswith("end") or is_shortcode(name):
            open_by_name.setdefault(name, []).append(index)
    return paired


def _note_filters(expr: str, filters: set[str]) -> str:
    filters.update(re.findall(r"\|\s*([A-Za-z_]\w*)", _strings_blanked(expr)))
    return expr


def _strings_blanked(expr: str) -> str:
    return re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", '""', expr)


def liquid_expr(expr: str, filters: set[str]) -> str:
    """A Liquid expression (with filters) as Jinja reads it."""
    tokens = _EXPR_TOKEN.findall(expr)
    words: list[str] = []
    for token in tokens:
        if token[:1] in "\"'":
            words.append(token)
            continue
        if token == "<>":
            token = "!="
        elif re.fullmatch(r"[\w.]+\.\.[\w.]+", token):
            low, high = token.split("..", 1)
            token = f"range({low}, ({high}) + 1)"
        elif token == "nil":
            token = "none"
        elif re.fullmatch(r"[A-Za-z_][\w.]*", token):
            if token.startswith("forloop."):
                head, _, tail = token[len("forloop."):].partition(".")
                token = "loop." + _LOOP.get(head, head) + ("." + tail if tail else "")
            for attr, filter_name in ((".size", "length"), (".first", "first"), (".last", "last")):
                if token.endswith(attr) and len(token) > len(attr):
                    token = f"({token[:-len(attr)]}|{filter_name})"
        words.append(token)
    words = _contains(words)
    out: list[str] = []
    i = 0
    while i < len(words):
        token = words[i]
        if token == "|":
            j = i + 1
            while j < len(words) and words[j].isspace():
                j += 1
            if j < len(words) and re.fullmatch(r"[A-Za-z_]\w*", words[j]):
                filters.add(words[j])
                k = j + 1
                while k < len(words) and words[k].isspace():
                    k += 1
                if k < len(words) and words[k] == ":":
                    end = k + 1
                    depth = 0
                    while end < len(words) and not (words[end] == "|" and depth == 0):
                        depth += words[end] in "([" and 1 or 0
                        depth -= words[end] in ")]" and 1 or 0
                        end += 1
                    args = "".join(words[k + 1:end]).strip()
                    out.append(f"| {words[j]}({args}) ")
                    i = end
                    continue
        out.append(token)
        i += 1
    return "".join(out)


def _contains(words: list[str]) -> list[str]:
    """`a contains b` → `(b in a)`, operands being single tokens."""
    while "contains" in words:
        at = words.index("contains")
        left = at - 1
        while left >= 0 and words[left].isspace():
            left -= 1
        right = at + 1
        while right < len(words) and words[right].isspace():
            right += 1
        if left < 0 or right >= len(words):
            words[at] = "in"
            break
        words[left:right + 1] = [f"({words[right]} in {words[left]})"]
    return words


def _for(rest: str, filters: set[str]) -> str:
    match = _FOR.match(rest)
    if match is None:
        return liquid_expr(rest, filters)
    items = liquid_expr(match.group("items"), filters)
    opts = match.group("opts") or ""
    limit = re.search(r"limit\s*:\s*([\w.]+)", opts)
    offset = re.search(r"offset\s*:\s*([\w.]+)", opts)
    if limit or offset or "reversed" in opts:
        items = (f"({items}) | liquid_slice({offset.group(1) if offset else 0}, "
                 f"{limit.group(1) if limit else 'none'}, {'true' if 'reversed' in opts else 'false'})")
    return f"{match.group('var')} in {items}"
