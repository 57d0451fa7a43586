"""Material names compared as a clerk reads them."""
import re
import unicodedata


def material_key(name):
    """The same material whatever its width or spacing (NFKC, no whitespace): asked once in a bundle,
    matched against an applicant's library."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
