"""Flatten the subgraphs of a ComfyUI editor workflow into one plain workflow.

Since frontend 1.24 a workflow may hold subgraphs: `definitions.subgraphs` lists each one (its
`nodes`, its own `links`, and the `inputs`/`outputs` it shows to the outside), and a node whose
`type` is a subgraph's id is an instance of it. Inside, links from node -10 are the instance's
inputs and links to node -20 its outputs. The API graph ComfyUI runs flattens the same way, naming
inner nodes `"instance:inner"` (the "30:3" ids), so the flattened workflow reads like one saved
without subgraphs, and the editor-workflow reader needs to know nothing of them.

Link ids are local to each subgraph, so every link is resolved to the node that really produces the
value (through instance boundaries, nested up to MAX_DEPTH) and renumbered. The workflow is
untrusted: depth, instance count and node count are bounded, and a subgraph that contains itself
is expanded once.
"""

from __future__ import annotations

from typing import Any

MAX_DEPTH = 8
MAX_INSTANCES = 500
MAX_NODES = 10_000
INPUT_NODE, OUTPUT_NODE = -10, -20
MUTED = 2

Source = tuple[str, int]


def has_subgraphs(workflow: dict[str, Any]) -> bool:
    definitions = workflow.get("definitions")
    return isinstance(definitions, dict) and isinstance(definitions.get("subgraphs"), list) \
        and bool(definitions["subgraphs"])


def flatten(workflow: dict[str, Any]) -> dict[str, Any]:
    """The workflow with every subgraph instance replaced by its inner nodes, links renumbered."""
    definitions = {d["id"]: d for d in workflow["definitions"]["subgraphs"][:200]
                   if isinstance(d, dict) and isinstance(d.get("id"), str)}
    flat = _Flattener(definitions)
    flat.scope(_list(workflow.get("nodes")), _list(workflow.get("links")), "", {}, 0)
    return {"nodes": flat.nodes, "links": flat.links}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _local_links(raw: list[Any]) -> dict[Any, tuple[Any, Any, Any, Any]]:
    """Link id -> (origin id, origin slot, target id, target slot), from list or object links."""
    table: dict[Any, tuple[Any, Any, Any, Any]] = {}
    for link in raw[:50_000]:
        if isinstance(link, list) and len(link) >= 5 and link[0] is not None:
            table[link[0]] = (link[1], link[2], link[3], link[4])
        elif isinstance(link, dict) and link.get("id") is not None:
            table[link["id"]] = (link.get("origin_id"), link.get("origin_slot"),
                                     link.get("target_id"), link.get("target_slot"))
    return table


class _Flattener:
    def __init__(self, definitions: dict[str, dict[str, Any]]) -> None:
        self.definitions = definitions
        self.nodes: list[dict[str, Any]] = []
        self.links: list[list[Any]] = []
        self.instances = 0

    def scope(self, nodes: list[Any], raw_links: list[Any], prefix: str, bindings: dict[int, Source | None],
              depth: int) -> dict[int, Source | None]:
        """Copy one graph level's nodes (prefixed ids), expand its instances; return its outputs."""
        local = _local_links(raw_links)
        instances = {node.get("id"): node for node in nodes[:MAX_NODES] if isinstance(node, dict)
                     and node.get("type") in self.definitions and node.get("mode") != MUTED}
        expanded: dict[Any, dict[int, Source | None] | None] = {}

        def resolve(origin: Any, slot: Any, seen: frozenset[Any]) -> Source | None:
            if origin in (INPUT_NODE, str(INPUT_NODE)):
                return bindings.get(slot) if isinstance(slot, int) else None
            if origin in instances:
                outputs = expand(origin, seen)
                return outputs.get(slot) if outputs and isinstance(slot, int) else None
            if isinstance(origin, (int, str)) and not isinstance(origin, bool) and isinstance(slot, int):
                return f"{prefix}{origin}", slot
            return None

        def expand(node_id: Any, seen: frozenset[Any]) -> dict[int, Source | None] | None:
            if node_id in expanded:
                return expanded[node_id]
            expanded[node_id] = None  # a cycle through this instance ends here
            if node_id in seen or depth >= MAX_DEPTH or self.instances >= MAX_INSTANCES:
                return None
            self.instances += 1
            node = instances[node_id]
            inner: dict[int, Source | None] = {}
            for index, slot in enumerate(_list(node.get("inputs"))[:200]):
                link = local.get(slot.get("link")) if isinstance(slot, dict) else None
                if link is not None:
                    inner[index] = resolve(link[0], link[1], seen | {node_id})
            definition = self.definitions[node["type"]]
            expanded[node_id] = self.scope(_list(definition.get("nodes")), _list(definition.get("links")),
                                           f"{prefix}{node_id}:", inner, depth + 1)
            return expanded[node_id]

        for node in nodes[:MAX_NODES]:
            if not isinstance(node, dict) or len(self.nodes) >= MAX_NODES:
                continue
            if node.get("id") in instances:
                expand(node["id"], frozenset())
                continue
            self.nodes.append(self._copy(node, prefix, local, resolve))
        outputs: dict[int, Source | None] = {}
        for origin, slot, target, target_slot in local.values():
            if target in (OUTPUT_NODE, str(OUTPUT_NODE)) and isinstance(target_slot, int):
                outputs[target_slot] = resolve(origin, slot, frozenset())
        return outputs

    def _copy(self, node: dict[str, Any], prefix: str, local: dict[Any, tuple[Any, Any, Any, Any]],
              resolve: Any) -> dict[str, Any]:
        """The node with a prefixed id and its input links renumbered to the real producers."""
        copy = dict(node, id=f"{prefix}{node.get('id')}")
        slots = []
        for slot in _list(node.get("inputs"))[:200]:
            if not isinstance(slot, dict):
                continue
            link = local.get(slot.get("link"))
            source = resolve(link[0], link[1], frozenset()) if link is not None else None
            if source is None:
                slots.append(dict(slot, link=None))
                continue
            link_id = len(self.links) + 1
            self.links.append([link_id, source[0], source[1], copy["id"], 0, slot.get("type")])
            slots.append(dict(slot, link=link_id))
        copy["inputs"] = slots
        return copy
