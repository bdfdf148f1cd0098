"""Fetching a conference or a ballot for a user: the object if the user may see it, else a plain
404. Views and API operations use these instead of local copies."""

from __future__ import annotations

import hashlib
import hmac

from django.core.exceptions import ValidationError

from thidua.conference.models import Ballot, Conference, VoterPass
from thidua.core.permissions import get_visible_or_404


def conference_for(user, pk) -> Conference:
    return get_visible_or_404(Conference.objects.select_related("bloc_year__bloc", "venue_unit"), user, pk=pk)


def ballot_for(user, pk) -> Ballot:
    return get_visible_or_404(Ballot.objects.select_related("conference__bloc_year__bloc"), user, pk=pk)


# The delegate's phone: the voting token never travels in a URL. The QR code opens
# /hoi-nghi/bo-phieu/#<token>; a small script posts the token (or the delegate types it), and the
# server answers with this signed, short-lived cookie, valid only for that conference's ballots
# and only while the pass has not been reissued.

VOTER_COOKIE = "thidua_voter"
VOTER_COOKIE_SALT = "thidua.conference.voter"
VOTER_COOKIE_AGE = 4 * 3600  # one conference afternoon; scan the card again after that
VOTER_COOKIE_PATH = "/hoi-nghi/bo-phieu/"
VOTER_EXPIRED = (
    "Phiên bỏ phiếu trên máy này đã hết hạn hoặc thẻ đã được cấp lại. Hãy quét lại mã QR trên thẻ."
)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:32]


def voter_cookie_value(voter: VoterPass) -> str:
    return f"{voter.conference_id}:{voter.pk}:{_token_digest(voter.token)}"


def set_voter_cookie(request, response, voter: VoterPass) -> None:
    response.set_signed_cookie(
        VOTER_COOKIE,
        voter_cookie_value(voter),
        salt=VOTER_COOKIE_SALT,
        max_age=VOTER_COOKIE_AGE,
        path=VOTER_COOKIE_PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Strict",
    )


def clear_voter_cookie(response) -> None:
    response.delete_cookie(VOTER_COOKIE, path=VOTER_COOKIE_PATH, samesite="Strict")


def voter_from_cookie(request) -> tuple[VoterPass | None, bool]:
    """(the pass of the delegate's cookie, or None; whether a cookie was sent but refused: bad
    signature, expired, or its pass reissued since)."""
    raw = request.COOKIES.get(VOTER_COOKIE)
    if not raw:
        return None, False
    value = request.get_signed_cookie(
        VOTER_COOKIE, default=None, salt=VOTER_COOKIE_SALT, max_age=VOTER_COOKIE_AGE
    )
    try:
        conference_id, pk, digest = (value or "").split(":")
        voter = (
            VoterPass.objects.select_related("unit", "conference__bloc_year__bloc")
            .filter(pk=int(pk), conference_id=conference_id)
            .first()
        )
    except (ValueError, ValidationError):
        return None, True
    if voter is None or not hmac.compare_digest(_token_digest(voter.token), digest):
        return None, True
    return voter, False
