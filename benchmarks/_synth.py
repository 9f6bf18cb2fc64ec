"""A synthetic blog for the build benchmark: the same posts written in each generator's own format.

The posts are deterministic (seeded per post), so two runs and two machines time the same input,
and every generator gets identical titles, dates, tags and bodies; only the metadata syntax
differs. Bodies mix what real posts contain (headings, lists, links, emphasis, sometimes a code
block or a table) because Markdown cost depends on structure, not only on length.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SEED = 2024
_WORD_TEXT = (
    "light shadow canvas layer brush pigment glaze texture study sketch model prompt seed noise latent sampler "
    "palette ochre umber cobalt violet linen paper gesso charcoal graphite ink wash bleed edge figure ground "
    "portrait landscape still life horizon window morning evening studio north light river harbour garden "
    "street market train station bridge tower field forest winter spring autumn summer rain fog mist "
    "the a of and to in with for on over under between through before after while during because although "
    "render upscale inpaint outpaint denoise steps guidance scale checkpoint lora workflow node graph image "
    "print proof edition plate press etching lithograph screen mono colour value contrast hue warm cool "
    "quiet loud slow fast careful loose tight open closed honest strange familiar patient small large "
    "draw paint scan crop frame hang ship sell show write read think try fail learn return begin finish "
    "week month year hour minute session series set batch variation version draft final archive notebook"
)
WORDS = _WORD_TEXT.split()
TAGS = (
    "watercolor", "oil painting", "acrylic", "gouache", "ink", "charcoal", "printmaking", "etching",
    "linocut", "screenprint", "photography", "film", "digital", "procreate", "krita", "blender",
    "stable diffusion", "sdxl", "flux", "comfyui", "automatic1111", "invokeai", "fooocus", "midjourney",
    "dall-e", "firefly", "novelai", "lora", "controlnet", "inpainting", "upscaling", "workflow",
    "process", "sketchbook", "studio", "exhibition", "commission", "prints", "portrait", "landscape",
    "still life", "abstract", "figure", "urban", "nature", "color", "composition", "ethics",
    "licensing", "provenance",
)
LANGS = ("python", "javascript", "bash", "yaml", "json")


@dataclass(frozen=True)
class Post:
    slug: str
    title: str
    date: dt.datetime  # UTC, whole minutes, always in the past (Hugo skips future posts by default)
    tags: tuple[str, ...]
    excerpt: str
    body: str

    @property
    def iso_date(self) -> str:
        return self.date.strftime("%Y-%m-%dT%H:%M:%SZ")


def _rng(*key: object) -> random.Random:
    return random.Random("/".join(map(str, key)))


def title_for(index: int) -> str:
    """Titles are a function of the index alone, so any post can link to any other by slug."""
    rng = _rng(SEED, "title", index)
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 7))]
    return " ".join(words).capitalize() + f": part {index + 1}"


def slug_for(index: int) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title_for(index).lower()).strip("-")


def _sentence(rng: random.Random, total: int, link_ok: bool = True) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    roll = rng.random()
    spot = rng.randrange(len(words))
    if roll < 0.12:
        words[spot] = f"*{words[spot]}*"
    elif roll < 0.2:
        words[spot] = f"**{words[spot]}**"
    elif roll < 0.25:
        words[spot] = f"`{words[spot]}`"
    elif link_ok and roll < 0.33:
        other = rng.randrange(total)
        words[spot] = f"[{words[spot]}](/posts/{slug_for(other)}/)"
    elif link_ok and roll < 0.38:
        words[spot] = f"[{words[spot]}](https://example.org/{words[spot].lower()}/{rng.randint(1, 999)})"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, total: int) -> str:
    return " ".join(_sentence(rng, total) for _ in range(rng.randint(2, 6)))


def _code(rng: random.Random) -> str:
    lang = rng.choice(LANGS)
    lines = []
    for n in range(rng.randint(5, 15)):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        lines.append({"python": f"{a}_{n} = render('{b}', steps={rng.randint(10, 60)})",
                      "javascript": f"const {a}{n} = await fetch('/{b}/{n}').then((r) => r.json());",
                      "bash": f"magick {a}.png -resize {rng.randint(400, 1600)}x {b}-{n}.webp",
                      "yaml": f"{a}_{n}: {b}",
                      "json": f'"{a}{n}": {{"{b}": {rng.randint(0, 99)}}},'}[lang])
    return f"```{lang}\n" + "\n".join(lines) + "\n```"


def _table(rng: random.Random) -> str:
    rows = ["| Step | Setting | Note |", "|---|---|---|"]
    for n in range(rng.randint(3, 6)):
        rows.append(f"| {n + 1} | {rng.choice(WORDS)} {rng.randint(1, 99)} | {rng.choice(WORDS)} {rng.choice(WORDS)} |")
    return "\n".join(rows)


def _list(rng: random.Random, total: int) -> str:
    marker = (lambda n: f"{n + 1}.") if rng.random() < 0.4 else (lambda n: "-")
    return "\n".join(f"{marker(n)} {_sentence(rng, total)}" for n in range(rng.randint(3, 6)))


def body_for(index: int, total: int) -> str:
    """300-1200 words of Markdown; one code block in ~30% of posts and one table in ~20%."""
    rng = _rng(SEED, "body", index)
    target = rng.randint(300, 1200)
    blocks: list[str] = [_paragraph(rng, total)]
    extras = [_code(rng)] if rng.random() < 0.3 else []
    extras += [_table(rng)] if rng.random() < 0.2 else []
    words = len(blocks[0].split())
    while words < target:
        roll = rng.random()
        if roll < 0.15:
            block = "## " + " ".join(rng.choice(WORDS) for _ in range(rng.randint(2, 5))).capitalize()
        elif roll < 0.3:
            block = _list(rng, total)
        elif roll < 0.35:
            block = "> " + _sentence(rng, total, link_ok=False)
        elif roll < 0.45 and extras:
            block = extras.pop()
        else:
            block = _paragraph(rng, total)
        blocks.append(block)
        words += len(block.split())
    return "\n\n".join(blocks + extras) + "\n"


def make_posts(count: int) -> list[Post]:
    start = dt.datetime(2019, 1, 1, 9, 0, tzinfo=dt.timezone.utc)
    posts = []
    for index in range(count):
        rng = _rng(SEED, "meta", index)
        date = start + dt.timedelta(minutes=rng.randrange(5 * 365 * 24 * 60))
        tags = tuple(rng.sample(TAGS, rng.randint(1, 4)))
        body = body_for(index, count)
        first = body.split("\n\n", 1)[0].split(". ")[0]
        excerpt = re.sub(r"[*`\[\]]|\(/posts/[^)]*\)|\(https://[^)]*\)", "", first).rstrip(".") + "."
        posts.append(Post(slug_for(index), title_for(index), date, tags, excerpt, body))
    return posts


def yaml_front_matter(post: Post) -> str:
    """Eleventy-style front matter; JSON strings are valid YAML double-quoted scalars."""
    tags = "".join(f"\n  - {json.dumps(tag)}" for tag in post.tags)
    return (f"---\ntitle: {json.dumps(post.title)}\ndate: {json.dumps(post.iso_date)}\ntags:{tags}\n"
            f"excerpt: {json.dumps(post.excerpt)}\n---\n")


def pelican_header(post: Post) -> str:
    return (f"Title: {post.title}\nDate: {post.date:%Y-%m-%d %H:%M}\nTags: {', '.join(post.tags)}\n"
            f"Category: posts\nSlug: {post.slug}\nSummary: {post.excerpt}\n\n")


ARTSITE_CONFIG = """\
title: Synthetic studio
description: A benchmark site of generated posts.
author:
  name: Bench Mark
base_url: https://bench.example.org/
timezone: UTC
posts_per_page: 10
search: false  # equal work: none of the peers builds a full-text index (Pagefind adds about 1 s)
feeds: {json: false, tags: false}  # equal work: each peer writes one feed (Atom or RSS), none per tag
"""


def _write_posts(folder: Path, posts: list[Post], head: Callable[[Post], str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for post in posts:
        (folder / f"{post.slug}.md").write_text(head(post) + post.body, encoding="utf-8")


def write_site(kind: str, site: Path, posts: list[Post], peers_dir: Path) -> None:
    """Lay out a fresh site for `kind` (artsite, pelican, hugo or eleventy) at `site`."""
    if site.exists():
        shutil.rmtree(site)
    if kind == "artsite":
        site.mkdir(parents=True)
        (site / "site.yaml").write_text(ARTSITE_CONFIG, encoding="utf-8")
        _write_posts(site / "content" / "posts", posts, yaml_front_matter)
        return
    shutil.copytree(peers_dir / kind, site)
    if kind == "pelican":
        _write_posts(site / "content", posts, pelican_header)
    elif kind == "hugo":
        _write_posts(site / "content" / "posts", posts, yaml_front_matter)
    elif kind == "eleventy":
        _write_posts(site / "posts", posts, yaml_front_matter)
    else:
        raise ValueError(f"unknown generator {kind}")


def edit_post(site: Path, kind_dir: str, posts: list[Post], round_: int) -> Path:
    """Change one post's body (differently each round) the way an artist fixes a typo."""
    path = site / kind_dir / f"{posts[len(posts) // 2].slug}.md"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"\n\nEdited in round \d+\.\n$", "\n", text)
    path.write_text(text + f"\nEdited in round {round_}.\n", encoding="utf-8")
    return path
