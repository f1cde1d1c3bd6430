"""The access policy of the force registry's pages for personnel staff (`WPS_ROUTES`, part of `policy.ROUTES`):
the overview (readiness, rotations due, women in uniform this year), the women, peace and security figures and
the gender targets. Every member holds `force.unit.view` and `force.contribution.view` in their current mission
(the outsider in MINUSCA, whose registry it sees); setting a target needs `force.gender_target.change`
(mission administrators by default). tests/force/test_wps.py and test_readiness.py check the figures each user
gets (nothing they may not see is counted)."""

from .cases import LOGIN, PAGE_READ, Case, expect

NEW_TARGET = {"year": 2030, "personnel_category": "formed_police", "share": "20"}

WPS_ROUTES: dict[str, list[Case]] = {
    "PAGE /force/": [Case(PAGE_READ)],
    "PAGE /force/wps/": [Case(PAGE_READ), Case(PAGE_READ, params={"un_mission": "UNMISS"}, label="un-mission")],
    "PAGE /force/targets/": [
        Case(PAGE_READ),
        Case(expect(403, admin=302, anonymous=LOGIN, token=LOGIN), method="POST", body=NEW_TARGET, label="set"),
    ],
}
