"""The access policy of the ways an allegation reaches conduct and discipline (peaceops.conduct.intake): the
referral (page and API: every member of the mission holds conduct.case.refer, and gets only a reference back),
a case opened from a misconduct alert (conduct officers who read it), and the public anonymous report (open to
everyone; tests/conduct/test_public_report.py drives it)."""

from .cases import LOGIN, Case, expect

NO_ALERT = "00000000-0000-4000-8000-00000000a1e7"
REFERRAL = {"mission": "UNMIK", "summary": "A soldier asked for sex in exchange for food"}
REPORT = {"summary": "A soldier asked for sex in exchange for food", "personnel_category": "unknown",
          "person_role": "victim", "lang": "en"}

CONDUCT_INTAKE_ROUTES = {
    # a member of UNMIK refers (a partner's reporter too); another mission's member may not; the watch officer's
    # token holds no conduct scope
    "POST /api/v1/conduct/referrals": [Case(expect(201, outsider=403, anonymous=401, token=403), method="POST",
                                            body=REFERRAL, label="refer")],
    "PAGE /conduct/refer/": [Case(expect(200, anonymous=LOGIN, token=LOGIN), label="form")],
    "PAGE /conduct/refer/sent/": [Case(expect(302, anonymous=LOGIN, token=LOGIN), label="without-its-signed-link")],
    "PAGE /conduct/from-alert/<uuid:pk>/": [Case(expect(404, anonymous=LOGIN, token=LOGIN),
                                                 path_params={"pk": NO_ALERT}, label="no-alert")],
    "PAGE /report-misconduct/": [Case(expect(200), label="form-or-missions")],
    "PAGE /report-misconduct/<str:mission_code>/": [
        Case(expect(200), path_params={"mission_code": "UNMIK"}, label="form"),
        Case(expect(303), method="POST", path_params={"mission_code": "UNMIK"}, body=REPORT, label="send"),
        Case(expect(404), path_params={"mission_code": "NOPE"}, label="no-such-mission"),
    ],
    "PAGE /report-misconduct/sent/": [Case(expect(302), label="without-its-signed-link")],
}
