"""The access policy of conduct cases (`CASE_ROUTES`, part of `policy.ROUTES`): need-to-know records that no
actor of the matrix reads. None of them is a conduct officer and no case is seeded, so lists are empty for
every signed-in caller, recording a case is refused, and every path naming a record (here an incident's id)
answers 404 like a case that does not exist; break glass on any id answers 404 alike. Tokens need the conduct
scopes (the default token holds none). tests/conduct/test_case_pages.py and test_case_api.py drive the cases
as their conduct officers and their assignees."""

from .cases import LOGIN, PAGE_READ, UNMIK_ONLY, Case, expect

NOWHERE = "00000000-0000-0000-0000-000000000000"
API = "/api/v1/conduct/cases"
ONE = API + "/{case_id}"
PAGES = "/conduct/cases/"
NOT_A_CASE = {"target": UNMIK_ONLY, "label": "not-a-case"}
API_404 = expect(404, anonymous=401, token=403)
PAGE_404 = expect(404, anonymous=LOGIN, token=LOGIN)
ATTACHMENT = {"path_params": {"attachment_id": "@attachment"}}

CASE_ROUTES: dict[str, list[Case]] = {
    # --- API ---
    f"GET {API}": [Case(expect(200, anonymous=401, token=403), params={"limit": 2})],
    f"POST {API}": [Case(expect(403, anonymous=401), method="POST",
                         body={"mission": "UNMIK", "reported_on": "2026-11-03", "summary": "probe"})],
    f"POST {API}/break-glass": [Case(API_404, method="POST", body={"record": NOWHERE, "reason": "emergency"})],
    f"GET {ONE}": [Case(API_404, **NOT_A_CASE)],
    f"PATCH {ONE}": [Case(API_404, method="PATCH", body={"subjects": 2}, **NOT_A_CASE)],
    f"DELETE {ONE}": [Case(API_404, method="DELETE", **NOT_A_CASE)],
    f"GET {ONE}/history": [Case(API_404, **NOT_A_CASE)],
    f"GET {ONE}/assignments": [Case(API_404, **NOT_A_CASE)],
    f"POST {ONE}/assignments": [Case(API_404, method="POST", body={"username": "sec-viewer", "reason": "x"},
                                     **NOT_A_CASE)],
    f"DELETE {ONE}/assignments": [Case(API_404, method="DELETE", params={"username": "sec-viewer", "reason": "x"},
                                       **NOT_A_CASE)],
    f"GET {ONE}/attachments": [Case(API_404, **NOT_A_CASE)],
    f"POST {ONE}/attachments": [Case(API_404, method="POST", body={"files": "@photo"}, **NOT_A_CASE)],
    f"GET {ONE}/attachments/{{attachment_id}}": [Case(API_404, **ATTACHMENT, **NOT_A_CASE)],
    f"GET {ONE}/attachments/{{attachment_id}}/thumbnail": [Case(API_404, **ATTACHMENT, **NOT_A_CASE)],
    f"DELETE {ONE}/attachments/{{attachment_id}}": [Case(API_404, method="DELETE", params={"reason": "x"},
                                                         **ATTACHMENT, **NOT_A_CASE)],
    # --- pages: the overview opens for anyone holding a conduct permission (every role may refer an
    # allegation), showing no case; the list is empty; recording is for conduct officers only ---
    "PAGE /conduct/": [Case(PAGE_READ)],
    f"PAGE {PAGES}": [Case(PAGE_READ)],
    f"PAGE {PAGES}new/": [Case(expect(403, anonymous=LOGIN, token=LOGIN))],
    f"PAGE {PAGES}break-glass/": [
        Case(PAGE_READ, label="form"),
        Case(PAGE_404, method="POST", body={"record": NOWHERE, "reason": "emergency"}, label="post"),
    ],
    f"PAGE {PAGES}<uuid:pk>/": [Case(PAGE_404, **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/edit/": [Case(PAGE_404, **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/history/": [Case(PAGE_404, **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/assignments/": [
        Case(PAGE_404, method="POST", body={"action": "assign", "username": "sec-viewer", "reason": "x"},
             **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/attachments/<uuid:attachment_id>/": [Case(PAGE_404, **ATTACHMENT, **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
        Case(PAGE_404, **ATTACHMENT, **NOT_A_CASE)],
    f"PAGE {PAGES}<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
        Case(PAGE_404, method="POST", body={"reason": "x"}, **ATTACHMENT, **NOT_A_CASE)],
}
