"""Procedural artwork for the demo site, drawn with Pillow alone: the pictures, not their metadata.

The demo must look like an artist's site, so each picture is a real generative technique rather
than blurred circles: flow fields, a reaction-diffusion-like Turing pattern, Voronoi mosaics,
layered landscapes with atmospheric perspective, stained glass, rain-lit scenes, charcoal on paper.
Every function is deterministic for its seed. scripts/make_demo_images.py adds the metadata.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageOps

RGB = tuple[int, int, int]
GRAIN = 1.0  # scripts/make_demo_images.py sets 0 while drawing PNGs: noise does not compress losslessly
Point = tuple[float, float]


def mix(a: Sequence[int], b: Sequence[int], t: float) -> RGB:
    t = min(1.0, max(0.0, t))
    return (int(a[0] + (b[0] - a[0]) * t), int(a[1] + (b[1] - a[1]) * t), int(a[2] + (b[2] - a[2]) * t))


def gradient(size: tuple[int, int], top: RGB, bottom: RGB, stops: Sequence[tuple[float, RGB]] = ()) -> Image.Image:
    """A vertical gradient through optional (position, colour) stops."""
    width, height = size
    points = [(0.0, top), *stops, (1.0, bottom)]
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / max(1, height - 1)
        for (p0, c0), (p1, c1) in zip(points, points[1:], strict=False):
            if p0 <= t <= p1:
                draw.line([(0, y), (width, y)], fill=mix(c0, c1, (t - p0) / max(1e-6, p1 - p0)))
                break
    return image


def smooth_noise(seed: int, octaves: int = 4) -> Callable[[float, float], float]:
    """A smooth 2-D field in [-1, 1]: sums of randomly oriented sine waves (cheap, seamless, no numpy)."""
    rng = random.Random(seed)
    waves = []
    for octave in range(octaves):
        for _ in range(3):
            angle = rng.uniform(0, math.tau)
            freq = (1.5 + rng.random()) * (2 ** octave) / 600
            waves.append((math.cos(angle) * freq, math.sin(angle) * freq, rng.uniform(0, math.tau), 0.5 ** octave))
    total = sum(w[3] for w in waves)

    def field(x: float, y: float) -> float:
        return sum(math.sin(x * fx + y * fy + ph) * amp for fx, fy, ph, amp in waves) / total

    return field


def grain(image: Image.Image, amount: float = 0.08, seed: int = 0) -> Image.Image:
    """Film or paper grain: Pillow's Gaussian noise, blended in lightly."""
    if not GRAIN:
        return image
    random.seed(seed)  # effect_noise draws from C's rand(), seeded through Python's for repeatability
    noise = Image.effect_noise(image.size, 64).convert("RGB")
    return Image.blend(image, ImageChops.overlay(image, noise), amount * GRAIN)


def flow_field(size: tuple[int, int], palette: Sequence[RGB], seed: int, strokes: int = 2200,
               steps: int = 70) -> Image.Image:
    """Thousands of short strokes that follow the angle of a smooth noise field, like currents."""
    rng = random.Random(seed)
    field = smooth_noise(seed)
    hue = smooth_noise(seed + 1, 2)
    width, height = size
    image = gradient(size, palette[0], palette[1])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(strokes):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        colour = palette[2 + int((hue(x, y) + 1) / 2 * (len(palette) - 2)) % (len(palette) - 2)]
        alpha = rng.randint(60, 170)
        points = [(x, y)]
        for _ in range(steps):
            angle = field(x, y) * math.pi * 1.6
            x += math.cos(angle) * 3
            y += math.sin(angle) * 3
            if not (0 <= x < width and 0 <= y < height):
                break
            points.append((x, y))
        if len(points) > 3:
            draw.line(points, fill=(*colour, alpha), width=rng.choice((1, 1, 2, 3)), joint="curve")
    return grain(image, 0.05, seed)


def turing_pattern(size: tuple[int, int], dark: RGB, light: RGB, mid: RGB, seed: int, rounds: int = 14) -> Image.Image:
    """A reaction-diffusion-like labyrinth: a difference of two blurs, sharpened, again and again.
    Short-range activation minus long-range inhibition is what makes Turing's coral and maze patterns."""
    random.seed(seed)
    small = (size[0] // 2, size[1] // 2)
    image = Image.effect_noise(small, 90).convert("L")
    for _ in range(rounds):
        near = image.filter(ImageFilter.GaussianBlur(2))
        far = image.filter(ImageFilter.GaussianBlur(5))
        image = ImageChops.subtract(near, far, scale=1.0, offset=128)
        image = image.point(lambda v: 255 if v > 131 else (0 if v < 125 else (v - 125) * 42))
    image = image.resize(size, Image.BICUBIC).filter(ImageFilter.GaussianBlur(1.2))
    image = ImageOps.autocontrast(image)
    return grain(ImageOps.colorize(image, dark, light, mid), 0.04, seed)


def _clip(polygon: list[Point], a: Point, b: Point) -> list[Point]:
    """Sutherland-Hodgman: keep the part of `polygon` nearer to site a than to site b."""
    mx, my = (a[0] + b[0]) / 2, (a[1] + b[1]) / 2
    nx, ny = b[0] - a[0], b[1] - a[1]

    def inside(p: Point) -> bool:
        return (p[0] - mx) * nx + (p[1] - my) * ny <= 0

    out: list[Point] = []
    for i, current in enumerate(polygon):
        previous = polygon[i - 1]
        if inside(current):
            if not inside(previous):
                out.append(_cross(previous, current, mx, my, nx, ny))
            out.append(current)
        elif inside(previous):
            out.append(_cross(previous, current, mx, my, nx, ny))
    return out


def _cross(p: Point, q: Point, mx: float, my: float, nx: float, ny: float) -> Point:
    dp = (p[0] - mx) * nx + (p[1] - my) * ny
    dq = (q[0] - mx) * nx + (q[1] - my) * ny
    t = dp / (dp - dq)
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def voronoi(size: tuple[int, int], palette: Sequence[RGB], grout: RGB, seed: int, cells: int = 90) -> Image.Image:
    """A mosaic of Voronoi cells, each computed exactly by clipping the canvas with bisectors."""
    rng = random.Random(seed)
    width, height = size
    field = smooth_noise(seed + 7, 2)
    sites = [(rng.uniform(0, width), rng.uniform(0, height)) for _ in range(cells)]
    image = Image.new("RGB", size, grout)
    draw = ImageDraw.Draw(image)
    box: list[Point] = [(0, 0), (width, 0), (width, height), (0, height)]
    for a in sites:
        polygon = box
        for b in sorted(sites, key=lambda s: (s[0] - a[0]) ** 2 + (s[1] - a[1]) ** 2)[1:24]:
            polygon = _clip(polygon, a, b)
            if not polygon:
                break
        if len(polygon) < 3:
            continue
        t = (field(*a) + 1) / 2
        base = palette[int(t * (len(palette) - 1) + 0.5)]
        shade = rng.uniform(-18, 18)
        fill = tuple(max(0, min(255, int(c + shade))) for c in base)
        draw.polygon(polygon, fill=fill, outline=grout, width=5)
    return grain(image.filter(ImageFilter.SMOOTH), 0.07, seed)


def ridge(width: int, seed: int, roughness: float, base: float, span: float) -> list[float]:
    """One mountain ridge by midpoint displacement: heights in pixels, one per column."""
    rng = random.Random(seed)
    n = 1
    while n < width:
        n *= 2
    heights = [0.0] * (n + 1)
    heights[0], heights[n] = rng.uniform(-1, 1), rng.uniform(-1, 1)
    step, scale = n, 1.0
    while step > 1:
        half = step // 2
        for i in range(half, n, step):
            heights[i] = (heights[i - half] + heights[i + half]) / 2 + rng.uniform(-scale, scale)
        step, scale = half, scale * roughness
    return [base - heights[int(x * n / width)] * span for x in range(width)]


def landscape(size: tuple[int, int], sky: Sequence[RGB], hills: Sequence[RGB], seed: int,
              sun: Point | None = (0.68, 0.34)) -> Image.Image:
    """Layered ridges fading into the sky with distance (atmospheric perspective), with mist and a low sun."""
    width, height = size
    image = gradient(size, sky[0], sky[2], [(0.55, sky[1])])
    if sun is not None:
        glow = Image.new("RGBA", size, (0, 0, 0, 0))
        gd = ImageDraw.Draw(glow)
        cx, cy, r = sun[0] * width, sun[1] * height, height * 0.07
        gd.ellipse([cx - r * 3, cy - r * 3, cx + r * 3, cy + r * 3], fill=(*sky[2], 90))
        gd.ellipse([cx - r, cy - r, cx + r, cy + r], fill=(255, 236, 200, 255))
        image.paste(glow.filter(ImageFilter.GaussianBlur(r * 0.6)), (0, 0), glow.filter(ImageFilter.GaussianBlur(r * 0.6)))
    layers = len(hills)
    for i, colour in enumerate(hills):
        depth = i / max(1, layers - 1)
        tone = mix(sky[1], colour, 0.35 + 0.65 * depth)
        heights = ridge(width, seed + i, 0.55, height * (0.45 + 0.11 * i), height * (0.16 - 0.015 * i))
        layer = Image.new("L", size, 0)
        ImageDraw.Draw(layer).polygon([(0, height), *[(x, heights[x]) for x in range(width)], (width, height)], fill=255)
        image.paste(tone, (0, 0), layer)
        if i < layers - 1:  # mist gathers in the valley in front of each ridge
            mist = Image.new("L", size, 0)
            md = ImageDraw.Draw(mist)
            low = max(heights)
            md.rectangle([0, low - height * 0.04, width, low + height * 0.03], fill=70)
            image.paste(sky[1], (0, 0), mist.filter(ImageFilter.GaussianBlur(height * 0.03)))
    return grain(image, 0.05, seed)


def glasshouse(image: Image.Image, box: tuple[int, int, int, int], frame: RGB, glow: RGB) -> None:
    """A lit glasshouse silhouette: arched roof, mullions, warm panes."""
    x0, y0, x1, y1 = box
    draw = ImageDraw.Draw(image, "RGBA")
    roof = y0 + (y1 - y0) * 0.35
    light = Image.new("RGBA", image.size, (0, 0, 0, 0))
    ld = ImageDraw.Draw(light)
    ld.rectangle([x0 - 30, roof - 40, x1 + 30, y1 + 20], fill=(*glow, 120))
    image.paste(light.filter(ImageFilter.GaussianBlur(30)), (0, 0), light.filter(ImageFilter.GaussianBlur(30)))
    draw.pieslice([x0, y0, x1, roof + (roof - y0)], 180, 360, fill=(*glow, 230))
    draw.rectangle([x0, roof, x1, y1], fill=(*glow, 230))
    for i in range(9):
        x = x0 + (x1 - x0) * i / 8
        draw.line([(x, roof - (roof - y0) * math.sin(math.pi * i / 8)), (x, y1)], fill=frame, width=3)
    for j in range(4):
        y = roof + (y1 - roof) * j / 3
        draw.line([(x0, y), (x1, y)], fill=frame, width=3)
    draw.arc([x0, y0, x1, roof + (roof - y0)], 180, 360, fill=frame, width=4)
    rng = random.Random(11)
    for _ in range(40):  # ferns pressing at the panes
        fx, fy = rng.uniform(x0, x1), rng.uniform(roof, y1)
        for k in range(6):
            a = -math.pi / 2 + rng.uniform(-1, 1)
            draw.line([(fx, fy), (fx + math.cos(a) * 18, fy + math.sin(a) * 26 - k)], fill=(40, 70, 40, 160), width=2)


def stained_glass(size: tuple[int, int], inside: Callable[[float, float], bool], jewels: Sequence[RGB],
                  ground: Sequence[RGB], seed: int, cell: int = 34) -> Image.Image:
    """Jittered triangles with dark leading; cells inside the motif take jewel colours."""
    rng = random.Random(seed)
    width, height = size
    cols, rows = width // cell + 2, height // cell + 2
    grid = [[(c * cell + rng.uniform(-0.35, 0.35) * cell, r * cell + rng.uniform(-0.35, 0.35) * cell)
             for c in range(cols)] for r in range(rows)]
    image = Image.new("RGB", size, (20, 20, 20))
    draw = ImageDraw.Draw(image)
    for r in range(rows - 1):
        for c in range(cols - 1):
            a, b, d, e = grid[r][c], grid[r][c + 1], grid[r + 1][c], grid[r + 1][c + 1]
            for tri in ((a, b, e), (a, e, d)):
                cx, cy = sum(p[0] for p in tri) / 3, sum(p[1] for p in tri) / 3
                colours = jewels if inside(cx, cy) else ground
                base = colours[rng.randrange(len(colours))]
                light = 0.75 + 0.5 * (1 - cy / height) * rng.random()
                draw.polygon(tri, fill=tuple(min(255, int(v * light)) for v in base), outline=(22, 20, 18), width=4)
    return grain(image.filter(ImageFilter.GaussianBlur(0.7)), 0.06, seed)


def moth(width: int, height: int) -> Callable[[float, float], bool]:
    """The outline of a resting moth: two pairs of mirrored wing ellipses and a body."""
    cx, cy = width / 2, height * 0.47

    def inside(x: float, y: float) -> bool:
        dx, dy = abs(x - cx), y - cy
        fore = ((dx - width * 0.17) / (width * 0.2)) ** 2 + ((dy + height * 0.06) / (height * 0.2)) ** 2 <= 1
        hind = ((dx - width * 0.11) / (width * 0.13)) ** 2 + ((dy - height * 0.17) / (height * 0.15)) ** 2 <= 1
        body = (dx / (width * 0.03)) ** 2 + (dy / (height * 0.28)) ** 2 <= 1
        return fore or hind or body

    return inside


def pond(size: tuple[int, int], seed: int) -> Image.Image:
    """Koi under blossom: dark water, ripple rings, lily pads, orange fish, drifting petals."""
    rng = random.Random(seed)
    width, height = size
    image = gradient(size, (10, 38, 52), (4, 18, 28), [(0.5, (14, 52, 66))])
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(14):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(20, 90)
        for k in range(4):
            rr = r + k * 14
            draw.ellipse([x - rr, y - rr * 0.45, x + rr, y + rr * 0.45], outline=(150, 200, 210, 60 - k * 12), width=2)
    for _ in range(9):
        x, y, r = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(26, 52)
        start = rng.uniform(0, 360)
        draw.pieslice([x - r, y - r * 0.7, x + r, y + r * 0.7], start + 25, start + 360, fill=(46, 104, 58, 235))
    for _ in range(7):
        fish = Image.new("RGBA", (140, 60), (0, 0, 0, 0))
        fd = ImageDraw.Draw(fish)
        body = rng.choice([(236, 110, 40), (245, 240, 230), (226, 76, 36)])
        fd.ellipse([20, 16, 110, 44], fill=(*body, 240))
        fd.polygon([(20, 30), (0, 14), (6, 30), (0, 46)], fill=(*body, 200))
        for _ in range(3):
            sx = rng.uniform(40, 95)
            fd.ellipse([sx, 20, sx + 14, 32], fill=(200, 40, 20, 220) if body[1] > 200 else (250, 245, 235, 200))
        fish = fish.rotate(rng.uniform(0, 360), expand=True, resample=Image.BICUBIC)
        image.paste(fish, (int(rng.uniform(0, width - 140)), int(rng.uniform(0, height - 140))), fish)
    for _ in range(160):
        x, y = rng.uniform(0, width), rng.uniform(0, height)
        draw.ellipse([x, y, x + rng.uniform(4, 9), y + rng.uniform(3, 6)], fill=(246, 190, 205, rng.randint(120, 230)))
    return grain(image, 0.05, seed)


def lanterns(size: tuple[int, int], seed: int) -> Image.Image:
    """Glowing paper lanterns over still water, reflected with a ripple."""
    rng = random.Random(seed)
    width, height = size
    horizon = int(height * 0.62)
    image = landscape((width, horizon), [(38, 28, 62), (150, 84, 112), (246, 170, 120)],
                      [(58, 44, 80), (36, 28, 52)], seed, sun=None)
    glow = Image.new("RGBA", (width, horizon), (0, 0, 0, 0))
    gd = ImageDraw.Draw(glow)
    core = Image.new("RGBA", (width, horizon), (0, 0, 0, 0))
    cd = ImageDraw.Draw(core)
    for _ in range(26):
        x, y = rng.uniform(20, width - 20), rng.uniform(20, horizon * 0.8)
        s = rng.uniform(8, 22) * (0.5 + y / horizon)
        gd.ellipse([x - s * 2.4, y - s * 2.4, x + s * 2.4, y + s * 2.4], fill=(255, 170, 80, 110))
        cd.rounded_rectangle([x - s * 0.7, y - s, x + s * 0.7, y + s], radius=s * 0.4, fill=(255, 214, 150, 255))
        cd.line([(x - s * 0.7, y - s * 0.3), (x + s * 0.7, y - s * 0.3)], fill=(214, 120, 60, 200), width=1)
    glow = glow.filter(ImageFilter.GaussianBlur(12))
    image.paste(glow, (0, 0), glow)
    image.paste(core, (0, 0), core)
    water = ImageOps.flip(image).crop((0, 0, width, height - horizon))
    rippled = Image.new("RGB", water.size)
    for y in range(water.height):
        shift = int(math.sin(y / 3.0) * (2 + y / 40))
        rippled.paste(water.crop((0, y, width, y + 1)), (shift, y))
    rippled = Image.blend(rippled, Image.new("RGB", rippled.size, (20, 18, 40)), 0.45)
    canvas = Image.new("RGB", size)
    canvas.paste(image, (0, 0))
    canvas.paste(rippled, (0, horizon))
    return grain(canvas, 0.05, seed)


def night_market(size: tuple[int, int], seed: int) -> Image.Image:
    """Stalls under strings of warm bulbs, rain streaks, reflections on a wet street."""
    rng = random.Random(seed)
    width, height = size
    image = gradient(size, (8, 12, 30), (20, 20, 28), [(0.6, (24, 30, 56))])
    draw = ImageDraw.Draw(image, "RGBA")
    street = int(height * 0.7)
    for i in range(7):
        x0 = i * width / 7 + rng.uniform(-10, 10)
        w, h = width / 7 + 10, rng.uniform(height * 0.18, height * 0.3)
        draw.rectangle([x0, street - h, x0 + w, street], fill=(32, 26, 36, 255))
        draw.polygon([(x0 - 8, street - h), (x0 + w + 8, street - h), (x0 + w / 2, street - h - 30)],
                     fill=rng.choice([(120, 40, 40, 255), (40, 80, 90, 255), (140, 100, 40, 255)]))
        draw.rectangle([x0 + 10, street - h * 0.6, x0 + w - 10, street - h * 0.2], fill=(255, 190, 110, 180))
    bulbs = Image.new("RGBA", size, (0, 0, 0, 0))
    bd = ImageDraw.Draw(bulbs)
    for row in range(3):
        y_base, sag = height * (0.22 + row * 0.09), rng.uniform(20, 50)
        for k in range(28):
            t = k / 27
            x, y = t * width, y_base + sag * math.sin(math.pi * t)
            colour = rng.choice([(255, 200, 120), (255, 160, 90), (255, 230, 170)])
            bd.ellipse([x - 14, y - 14, x + 14, y + 14], fill=(*colour, 90))
            bd.ellipse([x - 3, y - 3, x + 3, y + 3], fill=(*colour, 255))
    image.paste(bulbs.filter(ImageFilter.GaussianBlur(3)), (0, 0), bulbs.filter(ImageFilter.GaussianBlur(3)))
    image.paste(bulbs, (0, 0), bulbs)
    reflection = ImageOps.flip(image.crop((0, street - (height - street), width, street)))
    reflection = reflection.filter(ImageFilter.BoxBlur(4)).resize((width, height - street))
    image.paste(Image.blend(reflection, Image.new("RGB", reflection.size, (10, 12, 22)), 0.5), (0, street))
    draw = ImageDraw.Draw(image, "RGBA")
    for _ in range(900):
        x, y, length = rng.uniform(0, width), rng.uniform(0, height), rng.uniform(10, 26)
        draw.line([(x, y), (x - length * 0.25, y + length)], fill=(170, 190, 230, rng.randint(40, 110)), width=1)
    return grain(image, 0.06, seed)


def charcoal(size: tuple[int, int], seed: int) -> Image.Image:
    """Charcoal gestures on toothy cream paper, smudged where a thumb would pass."""
    rng = random.Random(seed)
    width, height = size
    random.seed(seed)
    paper = Image.blend(Image.new("RGB", size, (238, 230, 210)),
                        Image.effect_noise(size, 40).convert("RGB"), 0.12)
    strokes = Image.new("L", size, 0)
    sd = ImageDraw.Draw(strokes)
    for _ in range(26):  # gestures: loose loops and arcs
        cx, cy = rng.uniform(width * 0.2, width * 0.8), rng.uniform(height * 0.2, height * 0.8)
        r = rng.uniform(40, min(width, height) * 0.35)
        points = []
        for k in range(120):
            a = k / 119 * math.tau * rng.uniform(0.6, 1.1) + rng.uniform(0, 0.1)
            wobble = 1 + 0.08 * math.sin(k / 5)
            points.append((cx + math.cos(a) * r * wobble, cy + math.sin(a) * r * 0.8 * wobble))
        sd.line(points, fill=rng.randint(90, 200), width=rng.randint(2, 7), joint="curve")
    for _ in range(400):  # hatching in the shadows
        x, y = rng.uniform(0, width), rng.uniform(height * 0.45, height)
        sd.line([(x, y), (x + 24, y - 30)], fill=rng.randint(30, 110), width=2)
    tooth = Image.effect_noise(size, 120).convert("L").point(lambda v: 255 if v > 110 else 120)
    strokes = ImageChops.multiply(strokes, tooth)
    smudge = strokes.filter(ImageFilter.GaussianBlur(6))
    strokes = ImageChops.lighter(strokes, smudge.point(lambda v: int(v * 0.6)))
    return Image.composite(Image.new("RGB", size, (34, 30, 28)), paper, strokes)


def ink_harbour(size: tuple[int, int], seed: int) -> Image.Image:
    """A pen-and-ink harbour at low tide: masts, hulls, hatched mud, a wash of grey."""
    rng = random.Random(seed)
    width, height = size
    random.seed(seed)
    image = Image.blend(Image.new("RGB", size, (244, 240, 228)), Image.effect_noise(size, 30).convert("RGB"), 0.08)
    draw = ImageDraw.Draw(image, "RGBA")
    waterline = height * 0.62
    draw.rectangle([0, waterline, width, height], fill=(120, 120, 118, 60))
    for _ in range(700):
        x, y = rng.uniform(0, width), rng.uniform(waterline, height)
        draw.line([(x, y), (x + rng.uniform(8, 20), y + rng.uniform(-1, 1))], fill=(30, 30, 34, 140), width=1)
    for i in range(6):
        x = width * (0.1 + 0.15 * i) + rng.uniform(-20, 20)
        hull_w, tilt = rng.uniform(90, 150), rng.uniform(-0.12, 0.12)
        base = waterline + rng.uniform(-6, 24)
        draw.polygon([(x, base - 24), (x + hull_w, base - 24 + hull_w * tilt), (x + hull_w * 0.85, base + 6),
                      (x + hull_w * 0.12, base + 6)], fill=(250, 248, 240, 255), outline=(20, 20, 24, 255))
        mast = x + hull_w * 0.45
        draw.line([(mast, base - 24), (mast + tilt * 60, base - rng.uniform(180, 280))], fill=(20, 20, 24, 255), width=2)
        draw.line([(mast + tilt * 60, base - 200), (x + hull_w, base - 30)], fill=(20, 20, 24, 120), width=1)
    for _ in range(14):  # gulls
        x, y = rng.uniform(0, width), rng.uniform(height * 0.08, height * 0.35)
        draw.arc([x - 10, y - 5, x, y + 5], 200, 340, fill=(20, 20, 24, 220), width=2)
        draw.arc([x, y - 5, x + 10, y + 5], 200, 340, fill=(20, 20, 24, 220), width=2)
    return image.filter(ImageFilter.GaussianBlur(0.4))


def linocut(size: tuple[int, int], seed: int) -> Image.Image:
    """A two-colour relief print of a heron in reeds: bold carved shapes, gouge marks, uneven ink."""
    rng = random.Random(seed)
    width, height = size
    ink = Image.new("L", size, 0)
    d = ImageDraw.Draw(ink)
    d.rectangle([20, 20, width - 20, height - 20], fill=255)
    for _ in range(260):  # gouge marks cut away from the sky
        x, y = rng.uniform(30, width - 30), rng.uniform(30, height * 0.55)
        d.line([(x, y), (x + rng.uniform(20, 60), y + rng.uniform(-4, 4))], fill=0, width=rng.randint(2, 5))
    cx, cy = width * 0.52, height * 0.5
    d.ellipse([cx - 70, cy - 40, cx + 90, cy + 50], fill=0)  # body
    d.line([(cx + 70, cy - 10), (cx + 110, cy - 150)], fill=0, width=18)  # neck
    d.ellipse([cx + 95, cy - 175, cx + 140, cy - 140], fill=0)  # head
    d.polygon([(cx + 135, cy - 162), (cx + 215, cy - 150), (cx + 135, cy - 148)], fill=0)  # beak
    for leg in (-10, 25):
        d.line([(cx + leg, cy + 40), (cx + leg - 5, height - 60)], fill=0, width=6)
    for _ in range(60):  # reeds
        x = rng.uniform(30, width - 30)
        top = rng.uniform(height * 0.45, height * 0.75)
        d.line([(x, height - 20), (x + rng.uniform(-20, 20), top)], fill=0, width=rng.randint(3, 6))
    random.seed(seed)
    speckle = Image.effect_noise(size, 100).convert("L").point(lambda v: 255 if v > 60 else 0)
    ink = ImageChops.multiply(ink, speckle)
    paper = Image.new("RGB", size, (240, 232, 214))
    colour = Image.new("RGB", size, (28, 48, 78))
    return Image.composite(colour, paper, ink).filter(ImageFilter.GaussianBlur(0.5))
