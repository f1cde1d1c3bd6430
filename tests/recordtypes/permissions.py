"""The test record types' codes: what an app declares in a few lines (no default roles here: the tests grant
them, so the seeded table stays the platform's own)."""

from peaceops.core.permissions import registry

registry.register_record_type("testrecords", "note", actions={  # owner-scoped changes besides the standard four
    "change_own_org": "Change notes owned by one's organisations", "change_any": "Change any note",
    "delete_own_org": "Delete notes owned by one's organisations", "delete_any": "Delete any note"})
registry.register_record_type("testrecords", "conductcase", records="conduct cases",
                              actions={"assign": "Assign users to conduct cases",
                                       "break_glass": "Open a conduct case in an emergency, with a reason"})
