"""Uploaded materials: what a file really is, whatever its name says. Files are stored, hashed and
served for download only — never opened, rendered or executed by the server."""
import hashlib

MAX_BYTES = 10 * 1024 * 1024
# leading bytes → (kind, extension, mimetype); the declared name and content type are not trusted
SIGNATURES = [
    (b"%PDF-", ("pdf", "pdf", "application/pdf")),
    (b"\xff\xd8\xff", ("jpeg", "jpg", "image/jpeg")),
    (b"\x89PNG\r\n\x1a\n", ("png", "png", "image/png")),
]
ALLOWED_LABEL = "PDF、JPG、PNG"


def sniff(data):
    """(kind, extension, mimetype) of ``data`` from its leading bytes, or None."""
    for magic, kind in SIGNATURES:
        if data.startswith(magic):
            return kind
    return None


def sha256(data):
    return hashlib.sha256(data).hexdigest()
