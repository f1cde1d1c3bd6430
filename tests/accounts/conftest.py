"""Accounts test helpers: the second-factor requirement on, signing in through the form, real TOTP codes."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django_otp.oath import TOTP, totp

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    """The production policy: strictly-confidential readers, mission administrators and superusers enrol."""
    settings.PEACEOPS_REQUIRE_TWO_FACTOR = True


def sign_in(client: Client, username: str, password: str = PASSWORD, next_url: str = ""):
    """Post the sign-in form as a person would; follow the redirects."""
    url = "/accounts/login/" + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"username": username, "password": password}, follow=True,
                       REMOTE_ADDR="10.20.30.40", HTTP_USER_AGENT="Firefox/140 (test)")


def code_for(device, offset: int = 0) -> str:
    """The code an authenticator app would show now for `device` (offset in time steps)."""
    value = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=device.drift + offset)
    return f"{value:0{device.digits}d}"


def run(command: str, *args) -> tuple[str, str]:
    """Run a `peaceops` command; its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def enrol(client: Client, user):
    """Enrol `user` (signed in on `client`) through the two-factor page; the confirmed device."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    assert client.get("/accounts/two-factor/").status_code == 200
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post("/accounts/two-factor/", {"code": code_for(device)})
    assert response.status_code == 302, response.content.decode()[:2000]
    device.refresh_from_db()
    assert device.confirmed
    return device


def fresh_code(device) -> str:
    """A code not used yet. TOTP refuses a code twice, but accepts the next time step's code (tolerance 1):
    what a user gets who waits for the app to show the next code."""
    device.refresh_from_db()
    current = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    return code_for(device, offset=1) if device.last_t >= current else code_for(device)


def enrolled(user):
    """`user` with a confirmed authenticator, enrolled through the service with a real code."""
    from peaceops.accounts import services

    device = services.pending_device(user)
    assert services.confirm_enrolment(device=device, code=code_for(device))
    return device
