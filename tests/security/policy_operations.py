"""The access policy of the force registry (contingents, units, contributions) and operations (saved routes,
patrols, checkpoint shifts): `OPERATIONS_ROUTES`, part of `policy.ROUTES` (the words are `cases.py`'s).

Each record type has the kit's twenty routes (API list, create, detail, change, delete, history, releases and
attachments; the list, create, detail, edit and history pages and the attachment pages), declared at once by
`kit_routes` from who reads, writes and deletes it. The targets are seeded by `world.seed_force` and
`world.seed_operations`: UNMIK's record its members see ("unmik-only"), the one released to KFOR (a patrol:
joint with KFOR; "to-kfor"), the STRICTLY CONFIDENTIAL one ("strict"), and one of MINUSCA (in the lists only).

A route of these apps outside the kit's (a patrol's positions, a track upload, a run step, the coverage layer)
is one line in `MORE_ROUTES`, e.g.

    "POST /api/v1/patrols/{patrol_id}/positions": [Case(OPS_WRITE, method="POST", target=PATROL, body={...})],
    "PAGE /operations/patrols/<uuid:pk>/start/": [Case(OPS_WRITE_PAGE, method="POST", target=PATROL)],

with a target from the names below (or `target("checkpointshift", TO_KFOR)`), and the path parameter of a new
record kind added to `world.PATH_KINDS`.
"""

from .cases import LOGIN, PAGE_READ, STRICT, TO_KFOR, UNMIK_ONLY, Case, expect


def target(kind: str, which: dict) -> dict:
    """A seeded record of `kind` ("patrol", "unit"...) as a Case's target: UNMIK_ONLY, TO_KFOR or STRICT."""
    return {**which, "kind": kind}


PATROL, JOINT_PATROL, PATROL_STRICT = (target("patrol", w) for w in (UNMIK_ONLY, TO_KFOR, STRICT))
UNIT, CONTINGENT = target("unit", UNMIK_ONLY), target("contingent", UNMIK_ONLY)
SHIFT, ROUTE = target("checkpointshift", UNMIK_ONLY), target("patrolroute", UNMIK_ONLY)

#: Who writes operations records (API, pages): reporters, analysts, the watch, administrators (a partner's
#: reporter only its own organisation's records); force records: the mission's administrators. The default
#: token holds no force or operations scope.
OPS_WRITERS, FORCE_WRITERS = ("reporting",), ("admin",)
OPS_WRITE = expect(404, members=403, reporting=200, partner=403, token=403, anonymous=401)
OPS_WRITE_PAGE = expect(404, members=403, reporting=302, partner=403, anonymous=LOGIN, token=LOGIN)


def _api(default, writers=(), code=None, *, partner=None, **codes) -> dict:
    """Status per actor on an API route of a record: `default`, `code` for `writers`, a token without the scope
    403, anonymous 401."""
    extra = {} if partner is None else {"partner": partner}
    return expect(default, **dict.fromkeys(writers, code), token=403, anonymous=401, **extra, **codes)


def _page(default, writers=(), code=None, *, partner=None, **codes) -> dict:
    extra = {} if partner is None else {"partner": partner}
    return expect(default, **dict.fromkeys(writers, code), anonymous=LOGIN, token=LOGIN, **extra, **codes)


def kit_routes(api: str, page: str, kind: str, *, writers: tuple, creators: dict, new: dict,
               change: dict, list_params: dict | None = None) -> dict[str, list[Case]]:
    """The kit's routes of one record type (API under `api`, pages under `page`), its targets of `kind`: read by
    every member (STRICTLY CONFIDENTIAL ones by administrators and cleared readers), by KFOR's partner when
    released to KFOR; written by `writers` (never by a partner on the owner's record); deleted by
    administrators. `creators`: the status of a create per actor besides 403. `list_params`: the list page's query
    showing every record (the patrols list opens on today's patrols)."""
    one, to_kfor, strict = target(kind, UNMIK_ONLY), target(kind, TO_KFOR), target(kind, STRICT)
    param = "{" + kind + "_id}"
    rec, att = f"{api}/{param}", {"attachment_id": "@attachment"}
    read, read_kfor = _api(404, members=200), _api(404, members=200, partner=200)
    read_strict = _api(404, admin=200, sc=200)
    write = _api(404, ("members",), 403, **dict.fromkeys(writers, 200))
    page_read, page_kfor = _page(404, members=200), _page(404, members=200, partner=200)
    remove = _page(404, ("members",), 403, partner=404, **dict.fromkeys(writers, 302))  # partner: redacted
    return {
        f"GET {api}": [Case(expect(200, anonymous=401, token=403), params={"limit": 2}, scope=f"{kind}:api-list")],
        f"POST {api}": [Case(expect(403, anonymous=401, **creators), method="POST", body=new)],
        f"GET {rec}": [Case(read, target=one, label="unmik-only"), Case(read_kfor, target=to_kfor, label="to-kfor"),
                       Case(read_strict, target=strict, label="strict")],
        f"PATCH {rec}": [Case(write, method="PATCH", target=one, body=change, label="unmik-only"),
                         Case({**write, "partner": 403}, method="PATCH", target=to_kfor, body=change,
                              label="to-kfor")],
        f"DELETE {rec}": [Case(_api(404, ("members",), 403, admin=204), method="DELETE", target=one,
                               label="unmik-only"),
                          Case(_api(404, ("members",), 403, admin=204, partner=403), method="DELETE",
                               target=to_kfor, label="to-kfor")],
        f"GET {rec}/history": [Case(read, target=one, label="unmik-only"),
                               Case(read_strict, target=strict, label="strict")],
        f"GET {rec}/releases": [Case(read_kfor, target=to_kfor, label="to-kfor")],
        f"POST {rec}/releases": [Case({**write, "partner": 403, **dict.fromkeys(_actors(writers), 201)},
                                      method="POST", target=to_kfor, body={"organisation": "OSCE"}, label="to-kfor")],
        f"DELETE {rec}/releases": [Case({**write, "partner": 403, **dict.fromkeys(_actors(writers), 204)},
                                        method="DELETE", target=to_kfor, params={"organisation": "KFOR"},
                                        label="to-kfor")],
        # a partner reads a record redacted: an empty list of attachments, 404 for each file
        f"GET {rec}/attachments": [Case(read_kfor, target=to_kfor, label="to-kfor")],
        f"POST {rec}/attachments": [
            Case({**write, **dict.fromkeys(_actors(writers), 201)}, method="POST", target=one,
                 body={"files": "@photo"}, label="unmik-only"),
            Case({**write, "partner": 403, **dict.fromkeys(_actors(writers), 201)}, method="POST", target=to_kfor,
                 body={"files": "@photo"}, label="to-kfor")],
        f"GET {rec}/attachments/{{attachment_id}}": [Case(read, target=to_kfor, path_params=att, label="to-kfor")],
        f"GET {rec}/attachments/{{attachment_id}}/thumbnail": [
            Case(read_strict, target=strict, path_params=att, label="strict")],
        f"DELETE {rec}/attachments/{{attachment_id}}": [
            Case({**write, **dict.fromkeys(_actors(writers), 204)}, method="DELETE", target=one, path_params=att,
                 params={"reason": "duplicate"}, label="unmik-only")],
        f"PAGE {page}": [Case(PAGE_READ, scope=f"{kind}:html", params=list_params or {})],
        f"PAGE {page}new/": [Case(_page(403, writers, 200, **({"partner": 200, "outsider": 200}
                                                             if writers == OPS_WRITERS else {})))],
        f"PAGE {page}<uuid:pk>/": [Case(page_read, target=one, label="unmik-only"),
                                   Case(page_kfor, target=to_kfor, label="to-kfor"),
                                   Case(_page(404, admin=200, sc=200), target=strict, label="strict")],
        f"PAGE {page}<uuid:pk>/edit/": [
            Case(_page(404, ("members",), 403, partner=403, **dict.fromkeys(writers, 200)), target=to_kfor,
                 label="to-kfor")],
        f"PAGE {page}<uuid:pk>/history/": [Case(page_read, target=one, label="unmik-only")],
        f"PAGE {page}<uuid:pk>/attachments/<uuid:attachment_id>/": [
            Case(page_read, target=to_kfor, path_params=att, label="to-kfor")],
        f"PAGE {page}<uuid:pk>/attachments/<uuid:attachment_id>/thumbnail/": [
            Case(page_read, target=one, path_params=att, label="unmik-only")],
        f"PAGE {page}<uuid:pk>/attachments/<uuid:attachment_id>/remove/": [
            Case(remove, method="POST", target=to_kfor, path_params=att, body={"reason": "duplicate"},
                 label="to-kfor")],
    }


def _actors(groups: tuple) -> tuple:
    from .cases import GROUPS

    return tuple(actor for group in groups for actor in GROUPS.get(group, (group,)))


#: Creates: operations records by every reporting role and a partner's reporter (for its own organisation);
#: force records by the mission's administrators.
OPS_CREATORS = dict.fromkeys(_actors(OPS_WRITERS) + ("partner",), 201)
FORCE_CREATORS = {"admin": 201}
LINE = [[20.86, 42.89], [20.87, 42.9]]

OPERATIONS_ROUTES: dict[str, list[Case]] = {
    **kit_routes("/api/v1/contingents", "/force/contingents/", "contingent", writers=FORCE_WRITERS,
                 creators=FORCE_CREATORS, new={"mission": "UNMIK", "name": "New contingent", "country": "ITA"},
                 change={"kind": "police"}),
    **kit_routes("/api/v1/units", "/force/units/", "unit", writers=FORCE_WRITERS, creators=FORCE_CREATORS,
                 new={"mission": "UNMIK", "name": "New unit", "contingent": "C-0"}, change={"name": "Renamed"}),
    **kit_routes("/api/v1/contributions", "/force/contributions/", "contribution", writers=FORCE_WRITERS,
                 creators=FORCE_CREATORS, new={"mission": "UNMIK", "country": "ITA", "year": 2021, "female": 1},
                 change={"female": 12}),
    **kit_routes("/api/v1/patrol-routes", "/operations/routes/", "patrolroute", writers=OPS_WRITERS,
                 creators=OPS_CREATORS, new={"mission": "UNMIK", "name": "New route", "path": LINE},
                 change={"name": "Renamed"}),
    **kit_routes("/api/v1/patrols", "/operations/patrols/", "patrol", writers=OPS_WRITERS, creators=OPS_CREATORS,
                 new={"mission": "UNMIK", "name": "New patrol", "planned_start": "2026-03-01T08:00:00Z",
                      "planned_end": "2026-03-01T12:00:00Z"}, change={"summary": "Quiet"},
                 list_params={"view": "all"}),
    **kit_routes("/api/v1/checkpoint-shifts", "/operations/checkpoint-shifts/", "checkpointshift",
                 writers=OPS_WRITERS, creators=OPS_CREATORS,
                 new={"mission": "UNMIK", "site": "CP-UNMIK", "started_at": "2026-03-01T06:00:00Z"},
                 change={"vehicles_checked": 41}),
    **kit_routes("/api/v1/conduct/risk-assessments", "/conduct/risk/", "riskassessment", writers=FORCE_WRITERS,
                 creators=FORCE_CREATORS, new={"mission": "UNMIK", "site": "CP-UNMIK", "assessed_on": "2026-03-01"},
                 change={"poverty": 3}),
    **kit_routes("/api/v1/conduct/training", "/conduct/training/", "trainingcompletion", writers=FORCE_WRITERS,
                 creators=FORCE_CREATORS, new={"mission": "UNMIK", "unit": "U-PREVENTION-UNMIK",
                                               "as_of": "2026-03-01", "trained": 1, "strength": 2},
                 change={"trained": 2}),
    **kit_routes("/api/v1/conduct/prevention-measures", "/conduct/measures/", "preventionmeasure",
                 writers=FORCE_WRITERS, creators=FORCE_CREATORS,
                 new={"mission": "UNMIK", "unit": "U-PREVENTION-UNMIK", "kind": "curfew", "started_on": "2026-03-01"},
                 change={"kind": "welfare"}),
}

#: The partner feeds of these record types (KFOR's, as the sites' in policy.py): exactly what KFOR receives of
#: what the puller sees. Part of the feed route's cases in policy.py.
FEED_CASES = [
    Case(expect(403, partner=200, admin=200, watch=200, anonymous=401), params={"mission": "UNMIK"},
         path_params={"org": "KFOR", "record_type": name}, scope=f"{kind}:feed", label=name)
    for name, kind in (("contingents", "contingent"), ("units", "unit"), ("contributions", "contribution"),
                       ("patrol-routes", "patrolroute"), ("patrols", "patrol"), ("checkpoint-shifts", "checkpointshift"),
                       ("risk-assessments", "riskassessment"), ("training-completions", "trainingcompletion"),
                       ("prevention-measures", "preventionmeasure"))
]

#: Routes of these apps beyond the kit's, one line each (see the module's docstring).
MORE_ROUTES: dict[str, list[Case]] = {
}

OPERATIONS_ROUTES |= MORE_ROUTES
