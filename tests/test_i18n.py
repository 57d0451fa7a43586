"""Every message our Python code shows a user is translated in the addon's zh_CN.po."""
import ast
import glob
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ADDONS = sorted(d for d in glob.glob(os.path.join(ROOT, "addons", "*")) if os.path.isdir(d))


def _po_entries(path):
    """{msgid: msgstr} of a .po file (plain parser: msgid/msgstr and their continuation lines)."""
    entries, key, buf, cur = {}, None, {}, None
    with open(path, encoding="utf-8") as fh:
        for line in [*fh.read().splitlines(), ""]:
            if line.startswith("msgid "):
                cur, buf = "id", {"id": [line[6:]], "str": []}
            elif line.startswith("msgstr "):
                cur = "str"
                buf["str"].append(line[7:])
            elif line.startswith('"') and cur:
                buf[cur].append(line)
            elif not line.strip() and cur:
                key = "".join(ast.literal_eval(x) for x in buf["id"])
                entries[key] = "".join(ast.literal_eval(x) for x in buf["str"])
                cur = None
    return entries


def _code_messages(addon):
    found = set()
    for path in glob.glob(os.path.join(addon, "**", "*.py"), recursive=True):
        if f"{os.sep}tests{os.sep}" in path:
            continue
        with open(path, encoding="utf-8") as fh:
            tree = ast.parse(fh.read())
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
                if name == "_" and node.args and isinstance(node.args[0], ast.Constant) \
                        and isinstance(node.args[0].value, str):
                    found.add(node.args[0].value)
    return found


@pytest.mark.parametrize("addon", ADDONS, ids=os.path.basename)
def test_code_messages_translated(addon):
    po = os.path.join(addon, "i18n", "zh_CN.po")
    assert os.path.exists(po), f"{os.path.basename(addon)} ships no i18n/zh_CN.po"
    entries = _po_entries(po)
    missing = sorted(m for m in _code_messages(addon) if not entries.get(m))
    assert not missing, f"untranslated in {po}: {missing[:10]}"
