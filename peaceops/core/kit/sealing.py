"""What a record type's pages and API showed: the kit names the records, and the ledger (a layer above core,
subscribed to `peaceops.core.hooks.records_shown`) seals the STRICTLY CONFIDENTIAL ones."""

from types import SimpleNamespace

from peaceops.core.hooks import records_shown


def shown(user, records, *, via: str, detail: bool = False, model=None) -> None:
    """Say that `records` were shown to `user` through `via` (`detail`: one record's own page or API detail).
    `records`: model instances, or for a list read as dicts (`model` given) rows holding `id`, `mission_id` and
    `classification`."""
    records = list(records)
    if not records:
        return
    if model is not None and isinstance(records[0], dict):
        records = [SimpleNamespace(pk=r["id"], mission_id=r["mission_id"], classification=r["classification"])
                   for r in records]
    records_shown.send(sender=model or type(records[0]), user=user, records=records, via=via, detail=detail)
