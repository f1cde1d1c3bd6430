"""What a record type's pages and API showed: the kit names the records, and the ledger (a layer above core,
subscribed to `peaceops.core.hooks.records_shown`) seals the STRICTLY CONFIDENTIAL ones."""

from peaceops.core.hooks import records_shown


def shown(user, records, *, via: str, detail: bool = False) -> None:
    """Say that `records` were shown to `user` through `via` (`detail`: one record's own page or API detail)."""
    records = list(records)
    if records:
        records_shown.send(sender=type(records[0]), user=user, records=records, via=via, detail=detail)
