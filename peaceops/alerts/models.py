"""The mission's own alert keywords: words its community uses that the built-in vocabularies
(`peaceops/alerts/vocabulary/*.json`) lack.

Why the built-in words are files and a mission's additions are rows: the built-in vocabularies are reviewed,
versioned and shipped with the code like its translations, and every mission starts from them; a mission's
words are local (a dialect's word for a roadblock, the name people give a hamlet that is also a common word)
and its administrator adds them while the mission runs, without a release: a small table, edited in the admin
with each change in the change log, read with the files at every reading (`vocabulary.for_mission`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import KEYWORD_MEANINGS, KeywordLanguage


class AlertKeyword(models.Model):
    """One word or phrase a mission adds to a language's vocabulary, with what it means. A word ending in "*"
    matches every word starting with it (`pucnjav*`: pucnjava, pucnjave)."""

    mission = models.ForeignKey("core.Mission", on_delete=models.CASCADE, related_name="alert_keywords")
    language = models.CharField(_("language"), max_length=8, choices=KeywordLanguage.choices)
    word = models.CharField(_("word or phrase"), max_length=100)
    meaning = models.CharField(_("meaning"), max_length=20, choices=KEYWORD_MEANINGS)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("alert keyword")
        verbose_name_plural = _("alert keywords")
        ordering = ["mission", "language", "meaning", "word"]
        constraints = [models.UniqueConstraint(fields=["mission", "language", "word", "meaning"],
                                               name="uniq_alert_keyword")]

    def __str__(self) -> str:
        return f"{self.word} ({self.language}: {self.meaning})"
