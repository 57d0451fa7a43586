"""Seal images for electronic stamping (demo seals are drawn, real ones are scanned)."""
import base64
import io
import math
import os

from PIL import Image, ImageDraw, ImageFont

FONT_PATHS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
              "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def _font(size):
    for path in FONT_PATHS:
        if os.path.exists(path):
            return ImageFont.truetype(path, size)
    return ImageFont.load_default()


def draw_seal(name, center="★", size=320):
    """A round red seal with ``name`` along the rim; base64 PNG."""
    img = Image.new("RGBA", (size, size), (255, 255, 255, 0))
    draw = ImageDraw.Draw(img)
    red = (200, 16, 16, 235)
    draw.ellipse((8, 8, size - 8, size - 8), outline=red, width=10)
    font = _font(size // 9)
    text = name[:16]
    n = len(text)
    span = math.radians(240)
    start = math.radians(-210)
    radius = size / 2 - size / 6.2
    for i, ch in enumerate(text):
        angle = start + span * (i + 0.5) / max(n, 1)
        x = size / 2 + radius * math.cos(angle)
        y = size / 2 + radius * math.sin(angle)
        glyph = Image.new("RGBA", (size // 7, size // 7), (255, 255, 255, 0))
        ImageDraw.Draw(glyph).text((0, 0), ch, font=font, fill=red)
        glyph = glyph.rotate(-math.degrees(angle) - 90, expand=True)
        img.alpha_composite(glyph, (int(x - glyph.width / 2), int(y - glyph.height / 2)))
    star = _font(size // 4)
    draw.text((size / 2, size / 2), center, font=star, fill=red, anchor="mm")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return base64.b64encode(buf.getvalue())
