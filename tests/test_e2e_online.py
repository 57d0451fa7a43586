"""End-to-end: the online hall of the demo city — an applicant signs in, sees their own cases and
documents, and never another applicant's (neutral not-found), nor any case through JSON-RPC."""
import re

import pytest
import requests
from conftest import RpcError

FIRST, SECOND = "13957300001", "13957300002"  # the demo city's online applicants (password = phone)


def _session(url, db, login):
    s = requests.Session()
    res = s.post(f"{url}/web/session/authenticate", timeout=60, json={
        "jsonrpc": "2.0", "method": "call", "id": 1, "params": {"db": db, "login": login, "password": login}})
    assert res.json().get("result", {}).get("uid"), res.text[:300]
    return s


def test_applicants_see_only_their_own_cases(server, rpc):
    url, db = server
    first, second = _session(url, db, FIRST), _session(url, db, SECOND)
    mine = first.get(f"{url}/my/hall", timeout=60)
    assert mine.status_code == 200
    ids = sorted({int(i) for i in re.findall(r'href="/my/hall/case/(\d+)"', mine.text)})
    assert len(ids) >= 2, "the demo applicant has cases"
    page = first.get(f"{url}/my/hall/case/{ids[0]}", timeout=60)
    assert page.status_code == 200 and "办理过程" in page.text
    theirs = second.get(f"{url}/my/hall", timeout=60).text
    for case_id in ids:
        assert f"/my/hall/case/{case_id}\"" not in theirs
        assert second.get(f"{url}/my/hall/case/{case_id}", timeout=60).status_code == 404
        assert second.get(f"{url}/my/hall/case/{case_id}/document/1", timeout=60).status_code == 404
    # nor through the ORM: a portal applicant reads no case, no library entry
    applicant = rpc.login(SECOND)
    for model in ("gov.case", "gov.case.material", "gov.material.library", "gov.case.document"):
        with pytest.raises(RpcError):
            applicant(model, "search_read", [], fields=["id"], limit=1)
    # the public sign-in page answers without a session; the online form sends there
    anonymous = requests.get(f"{url}/hall/online/login", timeout=60)
    assert anonymous.status_code == 200 and "验证码" in anonymous.text
    res = requests.get(f"{url}/my/hall", timeout=60, allow_redirects=False)
    assert res.status_code in (302, 303) and "/hall/online/login" in res.headers["Location"]
