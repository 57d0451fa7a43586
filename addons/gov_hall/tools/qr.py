"""QR codes as data URIs, embedded in reports without an HTTP round trip."""
import base64
import io

import qrcode


def qr_data_uri(text, box_size=4, border=1):
    img = qrcode.make(text or "", box_size=box_size, border=border)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode()
