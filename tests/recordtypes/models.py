"""Two record types a new app might add: a note (plain) and a conduct case (need-to-know)."""

from django.db import models

from peaceops.core.records import DomainRecord


class Note(DomainRecord):
    """A plain record type: seen by holders of testrecords.note.view, by the one visibility rule."""

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title


class ConductCase(DomainRecord):
    """A need-to-know record type: seen only by those assigned to the case (or breaking glass)."""

    need_to_know = True

    title = models.CharField(max_length=100)

    def __str__(self) -> str:
        return self.title
