"""The name PeaceOps' own forecast model carries beside the benchmarks in scores and reports (its own module,
so that the evaluation and the report sections it builds on, such as `bounds`, share it without importing each
other)."""

MODEL = "peaceops"
