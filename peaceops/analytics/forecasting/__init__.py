"""Violence forecasting: units (admin area, PRIO-GRID and H3 cell by month), panels of monthly targets,
the ViEWS benchmarks, PeaceOps' own model, and the scores used to evaluate them (docs/forecasting.md)."""
