"""The demo's conduct and discipline, as data: UNMIK's invented cases (at each step of the workflow, with their
people's obviously fictitious names), KFOR's referral, and the prevention records of the demo's sites and units.
Loaded by `demo.conduct`. Dates are days back from the demo's today."""

#: The contact given for every fictitious person (zeros, marked fictitious).
NO_PHONE = "+383 00 000 000 (fictitious)"

#: The mission's cases: key, the case as the officer records it (days back for dates; site and unit by name),
#: its people (role, age group, name) and its steps (days back, status, reason, fields).
CASES = [
    {
        "key": "received",
        "case": {
            "summary": "A woman told a community liaison assistant that an officer of the formed police unit "
            "has given her money and food since the summer in return for a relationship.",
            "reported": 1,
            "incident_from": 150,
            "incident_from_precision": "month",
            "personnel_category": "formed_police",
            "subjects": 1,
            "nationality": "POL",
            "site": "Kosovska Mitrovica",
            "unit": "POL-FPU-1",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "exploitative_relationship", "label": ""}],
        },
        "people": [
            ("victim", "adult", "Drita Shembull (fictitious)"),
            ("subject", "adult", "Officer Jan Przykład (fictitious)"),
        ],
        "steps": [],
    },
    {
        "key": "nio-overdue",
        "case": {
            "summary": "A military liaison officer is alleged to have paid for sex in a flat in Peć on two "
            "evenings; reported by a colleague.",
            "reported": 20,
            "incident_from": 34,
            "incident_from_precision": "day",
            "incident_to": 27,
            "incident_to_precision": "day",
            "personnel_category": "military_observer",
            "subjects": 1,
            "nationality": "ROU",
            "site": "Peć",
            "unit": "ROU-MLO-1",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
        },
        "people": [
            ("complainant", "adult", "Captain Anna Beispiel (fictitious)"),
            ("victim", "adult", "Jeta Shembull (fictitious)"),
        ],
        "steps": [
            (
                19,
                "assessment",
                "The complainant names the flat and both evenings: credible, category I.",
                {"category": "I"},
            ),
            (
                16,
                "referred",
                "Category I against a military observer: the contributing country is asked to "
                "appoint a national investigation officer.",
                {"investigator": "tcc"},
            ),
        ],
    },
    {
        "key": "investigation",
        "case": {
            "summary": "A woman reports that a police officer of the formed police unit assaulted her near the "
            "Ibar bridge after dark.",
            "reported": 45,
            "incident_from": 47,
            "incident_from_precision": "day",
            "personnel_category": "formed_police",
            "subjects": 1,
            "nationality": "POL",
            "site": "Kosovska Mitrovica",
            "unit": "POL-FPU-1",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "sexual_assault", "label": ""}],
            "assistance": [
                {
                    "position": 0,
                    "kind": "medical",
                    "status": "received",
                    "referred": 44,
                    "received": 44,
                    "provider": "Regional hospital, Mitrovica",
                    "note": "Examination the day after",
                },
                {
                    "position": 1,
                    "kind": "psychosocial",
                    "status": "referred",
                    "referred": 40,
                    "provider": "Women's centre (partner NGO)",
                    "note": "First session offered",
                },
            ],
        },
        "people": [
            ("victim", "adult", "Teuta Shembull (fictitious)"),
            ("witness", "adult", "Milan Primer (fictitious)"),
            ("subject", "adult", "Officer Piotr Przykład (fictitious)"),
        ],
        "steps": [
            (44, "assessment", "Medical report and a witness: credible, category I.", {"category": "I"}),
            (42, "referred", "Sexual abuse: referred to OIOS.", {"investigator": "oios"}),
            (
                35,
                "investigation",
                "OIOS opened its investigation; the subject's payments are suspended.",
                {"interim_actions": [{"label": "Payments suspended", "taken_by": "UN", "count": 1}]},
            ),
        ],
    },
    {
        "key": "closed",
        "case": {
            "summary": "An individual police officer is alleged to have paid a young woman for sex over several "
            "months; she has since had a child and claims paternity.",
            "reported": 200,
            "incident_from": 420,
            "incident_from_precision": "month",
            "incident_to": 240,
            "incident_to_precision": "month",
            "personnel_category": "individual_police",
            "subjects": 1,
            "nationality": "TUR",
            "site": "Pristina",
            "unit": "TUR-IPO-1",
            "paternity_claim": True,
            "paternity_established": "pending",
            "victims": [{"age_group": "adult", "count": 1}],
            "allegations": [{"position": 0, "kind": "transactional_sex", "label": ""}],
            "assistance": [
                {
                    "position": 0,
                    "kind": "medical",
                    "status": "received",
                    "referred": 198,
                    "received": 195,
                    "provider": "Maternity clinic, Pristina",
                    "note": "Antenatal care",
                },
                {
                    "position": 1,
                    "kind": "psychosocial",
                    "status": "received",
                    "referred": 198,
                    "received": 190,
                    "provider": "Women's centre (partner NGO)",
                    "note": "Ten sessions",
                },
                {
                    "position": 2,
                    "kind": "legal",
                    "status": "received",
                    "referred": 150,
                    "received": 120,
                    "provider": "Legal aid clinic",
                    "note": "Paternity claim filed",
                },
                {
                    "position": 3,
                    "kind": "child_support",
                    "status": "referred",
                    "referred": 55,
                    "provider": "Victims' rights advocate",
                    "note": "Child support claim with the member state",
                },
            ],
        },
        "people": [
            ("victim", "adult", "Vjosa Shembull (fictitious)"),
            ("subject", "adult", "Officer Emre Örnek (fictitious)"),
        ],
        "steps": [
            (
                198,
                "assessment",
                "The complainant's account and messages: credible, category I.",
                {"category": "I"},
            ),
            (
                195,
                "referred",
                "Category I against an individual police officer: the contributing country is "
                "asked to appoint a national investigation officer.",
                {"investigator": "tcc"},
            ),
            (
                185,
                "investigation",
                "The country appointed an NIO; the officer was repatriated pending the investigation.",
                {
                    "nio_appointed": "yes",
                    "interim_actions": [{"label": "Repatriation", "taken_by": "UN", "count": 1}],
                },
            ),
            (
                60,
                "outcome",
                "The NIO's report substantiates transactional sex; referred for criminal accountability.",
                {
                    "outcome": "substantiated",
                    "criminal_referral": "yes",
                    "results": [{"outcome": "substantiated", "detail": "Transactional sex", "count": 1}],
                },
            ),
            (
                20,
                "closed",
                "Final actions taken by the UN and the member state; assistance to the victim goes on.",
                {
                    "final_actions": [
                        {"label": "Repatriation", "taken_by": "UN", "count": 1},
                        {"label": "Barred from future UN service", "taken_by": "UN", "count": 1},
                        {"label": "Dismissal", "taken_by": "NG", "count": 1},
                    ]
                },
            ),
        ],
    },
    {
        "key": "category-ii",
        "case": {
            "summary": "A national staff driver is alleged to have used a UN vehicle at night for a private "
            "transport business.",
            "reported": 30,
            "incident_from": 60,
            "incident_from_precision": "month",
            "personnel_category": "civilian_national",
            "subjects": 1,
            "category": "II",
            "site": "Pristina",
            "allegations": [{"position": 0, "kind": "other_misconduct", "label": "Misuse of UN property"}],
        },
        "people": [("subject", "adult", "Driver Agim Shembull (fictitious)")],
        "steps": [
            (
                29,
                "assessment",
                "Vehicle logs show night trips: category II, for the mission.",
                {"category": "II"},
            ),
            (
                27,
                "referred",
                "Category II: the mission's investigators take it.",
                {"investigator": "mission"},
            ),
            (25, "investigation", "The mission's investigators started with the vehicle logs.", {}),
            (
                5,
                "outcome",
                "Logs and fuel records substantiate the misuse; a written censure.",
                {
                    "outcome": "substantiated",
                    "results": [{"outcome": "substantiated", "detail": "Misuse of UN property", "count": 1}],
                    "final_actions": [{"label": "Written censure", "taken_by": "UN", "count": 1}],
                },
            ),
        ],
    },
]

#: The referral KFOR sends through the intake (what a referrer may say; people go sealed).
KFOR_REFERRAL = {
    "organisation": "KFOR",
    "summary": "A KFOR patrol was told by a shopkeeper in Zvečan that a UN police officer offers money to "
    "girls at the bus station.",
    "incident_from_precision": "month",
    "personnel_category": "individual_police",
    "subjects": 1,
    "victims": [{"age_group": "child"}],
    "allegations": [{"position": 0, "kind": "soliciting_transactional_sex", "label": ""}],
    "people": [
        {"role": "witness", "age_group": "adult", "name": "Petar Primer (fictitious)", "contact": NO_PHONE}
    ],
}

#: SEA risk per site with units: site, scores (population, displaced, poverty, night life, unescorted), notes.
RISKS = [
    (
        "Kosovska Mitrovica",
        (3, 1, 2, 3, 2),
        "Bars along the river near the bridge; patrols on foot at night.",
    ),
    ("Pristina", (3, 0, 1, 3, 1), "Officers live in rented flats in town."),
    ("Peć", (2, 0, 2, 1, 2), "Liaison officers travel alone to the villages."),
]
#: Training completed: unit, course, trained (the strength is the unit's deployed strength).
TRAINING = [
    ("POL-FPU-1", "induction", None),
    ("POL-FPU-1", "refresher", 71),
    ("TUR-IPO-1", "induction", None),
    ("TUR-IPO-1", "e_learning", 9),
    ("ROU-MLO-1", "induction", None),
    ("UKR-MLO-1", "induction", 3),
]
#: Prevention measures: unit, kind, started (days back), ended (days back or None), description.
MEASURES = [
    ("POL-FPU-1", "off_limits", 90, None, "The bars on the south bank of the Ibar are off limits."),
    ("POL-FPU-1", "curfew", 90, None, "Off-duty personnel back at the base by 22:00."),
    ("TUR-IPO-1", "awareness", 60, 30, "Leaflets and radio spots in Albanian and Serbian on how to report."),
    ("ROU-MLO-1", "non_fraternisation", 18, None, "Reminder to every officer after the allegation in Peć."),
]
