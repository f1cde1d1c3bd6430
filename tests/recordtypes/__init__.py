"""A tests-only app of two small record types (installed only under pytest: peaceops.settings): a plain one
that no role's permission names yet, and a need-to-know one."""
