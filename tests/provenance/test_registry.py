"""The parser order is one explicit list, and every parser file is in it."""

from __future__ import annotations

from generator.provenance import registry


def test_every_parser_module_is_listed() -> None:
    # A new parser file that is not in PARSERS would run last, after A1111 had already claimed
    # its `parameters` text: the list must name it where it belongs.
    assert registry.unlisted_parsers() == []


def test_parsers_are_tried_in_the_listed_order() -> None:
    modules = [type(parser).__module__.rsplit(".", 1)[-1] for parser in registry.all_parsers()]
    assert modules == list(registry.PARSERS)
    names = [parser.name for parser in registry.all_parsers()]
    # the specific A1111-style dialects come before A1111 itself, annotations come last
    assert names.index("swarmui") < names.index("a1111") and names.index("fooocus") < names.index("a1111")
    kinds = [parser.kind for parser in registry.all_parsers()]
    assert kinds == sorted(kinds, key=lambda kind: kind == "annotation")


def test_no_parser_carries_an_order_number() -> None:
    assert not [parser.name for parser in registry.all_parsers() if hasattr(parser, "order")]
