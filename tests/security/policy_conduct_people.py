"""The access policy of the people of a conduct case (`PEOPLE_ROUTES`, part of `policy.ROUTES`): pages under
/conduct/cases/<case>/people/ and the API under /api/v1/conduct/cases/{case_id}/people. Cases are need-to-know:
no actor of the security world is assigned to one or holds a break-glass access, so every signed-in actor gets
404, as for a case that does not exist, whatever their role; a token without the conduct scopes gets 403 (the
scope check comes first), anonymous visitors 401 or the sign-in page. tests/conduct/test_identities.py checks the
assigned conduct officer (200), the assigned reader without `conduct.case.view_identities` (403) and the conduct
officer not assigned (404)."""

from .cases import LOGIN, Case, expect

CASE = {"case_id": "5d0c1a8e-2f4b-4c1e-9a7d-3b6e8f0a1c2d", "person_id": "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b"}
API_NOBODY = expect(404, anonymous=401, token=403)
PAGE_NOBODY = expect(404, anonymous=LOGIN, token=LOGIN)
REASON = {"reason": "checking"}

_API = "/api/v1/conduct/cases/{case_id}/people"
_PAGE = "/conduct/cases/<uuid:case_id>/people/"

PEOPLE_ROUTES: dict[str, list[Case]] = {
    f"GET {_API}": [Case(API_NOBODY, path_params=CASE)],
    f"POST {_API}": [Case(API_NOBODY, method="POST", body={"role": "victim"}, path_params=CASE)],
    f"PATCH {_API}/{{person_id}}": [Case(API_NOBODY, method="PATCH", body={"age_group": "adult"}, path_params=CASE)],
    f"DELETE {_API}/{{person_id}}": [Case(API_NOBODY, method="DELETE", params=REASON, path_params=CASE)],
    f"POST {_API}/{{person_id}}/reveal": [Case(API_NOBODY, method="POST", body=REASON, path_params=CASE)],
    f"PAGE {_PAGE}": [Case(PAGE_NOBODY, path_params=CASE)],
    f"PAGE {_PAGE}add/": [Case(PAGE_NOBODY, method="POST", body={"role": "victim"}, path_params=CASE)],
    f"PAGE {_PAGE}<uuid:person_id>/change/": [Case(PAGE_NOBODY, path_params=CASE)],
    f"PAGE {_PAGE}<uuid:person_id>/remove/": [Case(PAGE_NOBODY, method="POST", body=REASON, path_params=CASE)],
    f"PAGE {_PAGE}<uuid:person_id>/reveal/": [Case(PAGE_NOBODY, method="POST", body=REASON, path_params=CASE)],
}
