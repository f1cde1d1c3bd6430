"""The access policy of the conduct workflow (`CONDUCT_WORKFLOW_ROUTES`, part of `policy.ROUTES`): a case's step
and taking a case as its owner answer 404 alike for a case that does not exist and one the caller does not read (no role reads a case), so the
matrix calls it with an id no case has; tests/conduct/test_workflow*.py drive it on real cases. The conduct
settings are for holders of conduct.settings.change (administrators and conduct officers; the matrix world's
admin); the default token holds no conduct scope (403)."""

from .cases import LOGIN, Case, expect

NO_CASE = "00000000-0000-4000-8000-00000000cd01"
_CASE = {"case_id": NO_CASE}
API_NONE = expect(404, anonymous=401, token=403)
PAGE_NONE = expect(404, anonymous=LOGIN, token=LOGIN)

CONDUCT_WORKFLOW_ROUTES: dict[str, list[Case]] = {
    "POST /api/v1/conduct/cases/{case_id}/step": [
        Case(API_NONE, method="POST", path_params=_CASE, body={"to": "assessment", "reason": "credible"},
             label="no-case")],
    "POST /api/v1/conduct/cases/{case_id}/take": [
        Case(API_NONE, method="POST", path_params=_CASE, body={"reason": "on duty"}, label="no-case")],
    "GET /api/v1/conduct/settings": [Case(expect(404, admin=200, anonymous=401, token=403))],
    "PUT /api/v1/conduct/settings": [
        Case(expect(404, admin=200, anonymous=401, token=403), method="PUT", body={"remind_days": 2})],
    "PAGE /conduct/cases/<uuid:pk>/step/": [
        Case(PAGE_NONE, path_params={"pk": NO_CASE}, label="no-case"),
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_CASE}, body={"to": "assessment", "reason": "x"},
             label="no-case-post")],
    "PAGE /conduct/cases/<uuid:pk>/take/": [
        Case(expect(405, anonymous=LOGIN, token=LOGIN), path_params={"pk": NO_CASE}, label="get"),
        Case(PAGE_NONE, method="POST", path_params={"pk": NO_CASE}, label="no-case-post")],
    "PAGE /conduct/settings/": [
        Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN), label="form"),
        Case(expect(403, admin=200, anonymous=LOGIN, token=LOGIN), method="POST", body={"remind_days": "-1"},
             label="refused-value")],
}
