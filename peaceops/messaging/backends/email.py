"""E-mail through Django's e-mail backend (SMTP in production, locmem in tests). Not idempotent: an SMTP
server cannot be asked whether it took a message; the Message-ID carries our reference so that a recipient's
server may drop a duplicate, which is not promised."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage

from . import Backend, PermanentFailure, Sent, TemporaryFailure


class EmailBackend(Backend):
    idempotent = False

    def send(self, message) -> Sent:
        domain = getattr(settings, "PEACEOPS_EMAIL_MESSAGE_ID_DOMAIN", "peaceops.invalid")
        mail = EmailMessage(subject=message.subject or "PeaceOps", body=message.body,
                            from_email=settings.DEFAULT_FROM_EMAIL, to=[message.recipient],
                            headers={"Message-ID": f"<{message.uuid}@{domain}>"})
        try:
            mail.send(fail_silently=False)
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure(f"recipient refused: {error}") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"{type(error).__name__}: {error}") from error
        return Sent(gateway_message_id=f"<{message.uuid}@{domain}>")
