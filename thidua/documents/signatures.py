"""Verification of a signed PDF (PAdES) against the PDF the server generated: pure, no database.

Officers sign the generated PDF on their own machine with their token (an incremental
signature: the signed file's first revision is byte for byte the PDF the server made), then upload
it. ``verify`` answers a ``SignatureReport``: valid, or refused with a Vietnamese reason naming
it (no signature, tampered or modified after signing, a signature over other content, a
certificate whose chain does not reach the trust list, an expired or revoked certificate), and
for each signature the signer's name, the signing time and the certificate's issuer, serial and
validity. pyHanko checks the signatures; the trust list (``load_trust_roots``) is configuration
(``THIDUA_TRUST_ROOTS``)."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import functools
import hashlib
import io
import logging
import warnings
from dataclasses import asdict, dataclass, field
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.utils import CryptographyDeprecationWarning
from django.utils import timezone

with warnings.catch_warnings():
    # pyHanko 0.38 imports cryptography's DSA class, which cryptography 46+ flags as deprecated:
    # nothing here uses DSA, so the warning would only clutter every start.
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import KeyUsageConstraints, validate_pdf_signature, validate_pdf_timestamp
    from pyhanko_certvalidator import ValidationContext

logger = logging.getLogger(__name__)

# Reason codes (stored in the report) and their Vietnamese wording.
VALID = "valid"
NOT_PDF = "not_pdf"
NO_SIGNATURE = "no_signature"
TAMPERED = "tampered"
OTHER_CONTENT = "other_content"
UNKNOWN_CA = "unknown_ca"
NO_TRUST_LIST = "no_trust_list"
EXPIRED = "expired"
REVOKED = "revoked"
INVALID = "invalid"

REASON_LABELS = {
    VALID: "Hợp lệ",
    NOT_PDF: "Không phải tệp PDF",
    NO_SIGNATURE: "Không có chữ ký số",
    TAMPERED: "Văn bản bị sửa đổi sau khi ký",
    OTHER_CONTENT: "Chữ ký trên nội dung khác",
    UNKNOWN_CA: "Chứng thư số không thuộc danh sách tin cậy",
    NO_TRUST_LIST: "Chưa cấu hình danh sách tin cậy",
    EXPIRED: "Chứng thư số hết hạn",
    REVOKED: "Chứng thư số đã bị thu hồi",
    INVALID: "Chữ ký số không hợp lệ",
}
ROOT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


@dataclass
class SignatureInfo:
    """One signature of the file: who signed, when, with which certificate, and its checks."""

    field_name: str
    signer_name: str
    signer_subject: str
    signing_time: str | None  # ISO 8601 (UTC), the time the signer's software reported
    timestamped: bool
    issuer: str
    serial: str  # hexadecimal, as printed on certificate viewers
    valid_from: str
    valid_until: str
    intact: bool
    trusted: bool
    covers_whole_file: bool
    problem: str = ""

    @property
    def signed_at_text(self) -> str:
        when = parse_time(self.signing_time)
        return f"{timezone.localtime(when):%H:%M:%S ngày %d/%m/%Y}" if when else "không rõ"

    @property
    def validity_text(self) -> str:
        return f"từ {_day(self.valid_from)} đến {_day(self.valid_until)}"


@dataclass
class SignatureReport:
    """The verdict on one uploaded file. ``reason`` is Vietnamese and names what is wrong."""

    valid: bool
    code: str
    reason: str
    sha256: str
    size: int
    checked_at: str
    signatures: list[SignatureInfo] = field(default_factory=list)

    @property
    def label(self) -> str:
        return REASON_LABELS.get(self.code, self.code)

    @property
    def checked_at_text(self) -> str:
        when = parse_time(self.checked_at)
        return f"{timezone.localtime(when):%H:%M:%S ngày %d/%m/%Y}" if when else ""

    @property
    def first(self) -> SignatureInfo | None:
        return self.signatures[0] if self.signatures else None

    @property
    def signer_name(self) -> str:
        return self.first.signer_name if self.first else ""

    @property
    def signing_time(self) -> dt.datetime | None:
        return parse_time(self.first.signing_time) if self.first else None

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SignatureReport:
        data = dict(data or {})
        signatures = [SignatureInfo(**s) for s in data.pop("signatures", [])]
        return cls(**data, signatures=signatures)


def parse_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def _iso(value: dt.datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).isoformat()


def _day(value: str | None) -> str:
    moment = parse_time(value)
    return f"{moment:%d/%m/%Y}" if moment else "?"


# Trust list ---------------------------------------------------------------------------------------


def _certificates_in(data: bytes) -> list[x509.Certificate]:
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificates(data)
    return [x509.load_der_x509_certificate(data)]


def load_trust_roots(paths) -> list[asn1_x509.Certificate]:
    """The certificates of the trust list: each path is a PEM file (one or several certificates),
    a DER file, or a folder whose .pem/.crt/.cer/.der files are read. A missing path or a file
    that is not a certificate is skipped with a warning (the system check names it)."""
    roots: list[asn1_x509.Certificate] = []
    for raw in paths or []:
        path = Path(raw)
        files = (
            sorted(p for p in path.iterdir() if p.suffix.lower() in ROOT_SUFFIXES)
            if path.is_dir()
            else [path]
        )
        for file in files:
            try:
                certs = _certificates_in(file.read_bytes())
            except (OSError, ValueError) as exc:
                logger.warning("trust root %s not read: %s", file, exc)
                continue
            roots += [to_asn1(c) for c in certs]
    return roots


def to_asn1(cert) -> asn1_x509.Certificate:
    if isinstance(cert, asn1_x509.Certificate):
        return cert
    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def trust_list_problems(paths) -> list[str]:
    """What is wrong with the configured trust list (for the system check and the page)."""
    problems = []
    if not paths:
        return ["THIDUA_TRUST_ROOTS is empty: no signed PDF can be verified"]
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            problems.append(f"THIDUA_TRUST_ROOTS: {raw} does not exist")
        elif path.is_file():
            try:
                _certificates_in(path.read_bytes())
            except (OSError, ValueError):
                problems.append(f"THIDUA_TRUST_ROOTS: {raw} is not a PEM or DER certificate")
    return problems


# Verification -------------------------------------------------------------------------------------


def _name_of(cert: asn1_x509.Certificate) -> str:
    native = cert.subject.native
    return native.get("common_name") or native.get("organization_name") or cert.subject.human_friendly


def _issuer_of(cert: asn1_x509.Certificate) -> str:
    native = cert.issuer.native
    return native.get("common_name") or native.get("organization_name") or cert.issuer.human_friendly


def _info(embedded, status=None, problem: str = "") -> SignatureInfo:
    cert = embedded.signer_cert
    validity = cert["tbs_certificate"]["validity"]
    signing_time = None
    timestamped = False
    if status is not None:
        ts = getattr(status, "timestamp_validity", None)
        if ts is not None and ts.intact and ts.valid:
            signing_time, timestamped = ts.timestamp, True
        else:
            signing_time = getattr(status, "signer_reported_dt", None)
    if signing_time is None:
        try:
            signing_time = embedded.self_reported_timestamp
        except Exception:  # a malformed signing-time attribute: shown as unknown
            signing_time = None
    coverage = getattr(status, "coverage", None)
    return SignatureInfo(
        field_name=str(embedded.field_name or ""),
        signer_name=_name_of(cert),
        signer_subject=cert.subject.human_friendly,
        signing_time=_iso(signing_time),
        timestamped=timestamped,
        issuer=_issuer_of(cert),
        serial=format(cert.serial_number, "X"),
        valid_from=_iso(validity["not_before"].native),
        valid_until=_iso(validity["not_after"].native),
        intact=bool(status is not None and status.intact and status.valid),
        trusted=bool(status is not None and status.trusted),
        covers_whole_file=bool(coverage is not None and coverage.name == "ENTIRE_FILE"),
        problem=problem,
    )


def _refuse(report: SignatureReport, code: str, reason: str) -> SignatureReport:
    report.valid, report.code, report.reason = False, code, reason
    return report


def outside_event_loop(fn):
    """pyHanko's synchronous calls run their own asyncio loop, which cannot start in a thread where
    a loop is already running (an async server, a test driving a browser): there, ``fn`` runs in a
    short-lived thread of its own. Only pure work goes there (no database access)."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            return fn(*args, **kwargs)
        with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
            return pool.submit(fn, *args, **kwargs).result()

    return wrapper


@outside_event_loop
def verify(data: bytes, *, original: bytes, trust_roots, now: dt.datetime | None = None) -> SignatureReport:
    """Verify ``data`` (the uploaded PDF) as a signed copy of ``original`` (the generated PDF).

    Every signature must be intact, made over a revision that begins with exactly ``original``
    (the signer added only the signature: an incremental update), with nothing but signatures
    and validation data added after it, by a certificate valid now whose chain reaches one of
    ``trust_roots`` and that is not known to be revoked."""
    now = now or dt.datetime.now(dt.UTC)
    report = SignatureReport(
        valid=False,
        code=INVALID,
        reason="",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        checked_at=_iso(now),
    )
    if not data.startswith(b"%PDF-"):
        return _refuse(report, NOT_PDF, "Tệp tải lên không phải tệp PDF.")
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception as exc:
        logger.info("unreadable PDF upload: %s", exc)
        return _refuse(
            report, NOT_PDF, "Không đọc được tệp PDF tải lên (tệp hỏng hoặc không đúng định dạng)."
        )
    if not embedded:
        return _refuse(
            report,
            NO_SIGNATURE,
            "Tệp PDF không có chữ ký số nào: hãy ký số bằng thiết bị ký (USB token) rồi tải lên.",
        )
    roots = [to_asn1(c) for c in trust_roots or []]
    context = ValidationContext(
        trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail", moment=now
    )
    usage = KeyUsageConstraints(
        key_usage={"non_repudiation", "digital_signature"}, match_all_key_usages=False
    )
    statuses = []
    for sig in embedded:
        try:
            if sig.sig_object_type == "/DocTimeStamp":
                status = validate_pdf_timestamp(sig, validation_context=context)
            else:
                status = validate_pdf_signature(sig, context, key_usage_settings=usage)
        except Exception as exc:  # a signature pyHanko cannot even evaluate
            logger.info("signature %s not evaluated: %s", sig.field_name, exc)
            report.signatures.append(_info(sig, None, str(exc)[:300]))
            return _refuse(
                report,
                INVALID,
                f"Không kiểm tra được chữ ký số “{sig.field_name}”: chữ ký hỏng hoặc không theo chuẩn PAdES.",
            )
        statuses.append((sig, status))
        if sig.sig_object_type != "/DocTimeStamp":
            report.signatures.append(_info(sig, status))

    # 1. Every signature matches the bytes it covers.
    for sig, status in statuses:
        if not (status.intact and status.valid):
            return _refuse(
                report,
                TAMPERED,
                f"Văn bản đã bị sửa đổi sau khi ký: chữ ký số của {_name_of(sig.signer_cert)} không còn khớp "
                "với nội dung tệp.",
            )
    # 2. The signed revision is exactly the generated PDF plus the signature.
    if not data.startswith(original) or any(
        sig.byte_range[0] != 0 or sig.byte_range[1] < len(original) for sig, _ in statuses
    ):
        return _refuse(
            report,
            OTHER_CONTENT,
            "Chữ ký số không phải trên văn bản này: nội dung đã ký khác bản PDF do hệ thống tạo. Hãy tải "
            "về đúng tệp PDF của văn bản và ký trực tiếp lên tệp đó (không sửa, không in lại ra PDF).",
        )
    # 3. Nothing but signatures and validation data added after any signature.
    for sig, status in statuses:
        level = status.modification_level
        if (
            status.coverage is None
            or status.coverage.name not in ("ENTIRE_FILE", "ENTIRE_REVISION")
            or (
                status.coverage.name == "ENTIRE_REVISION"
                and (level is None or level.name not in ("NONE", "LTA_UPDATES", "FORM_FILLING"))
            )
            or status.docmdp_ok is False
        ):
            return _refuse(
                report,
                TAMPERED,
                f"Văn bản đã bị sửa đổi sau khi ký: sau chữ ký số của {_name_of(sig.signer_cert)} tệp có thêm "
                "nội dung khác ngoài chữ ký.",
            )
    # 4. Each signer's certificate: in force, not revoked, chained to the trust list.
    for info, (_sig, status) in zip(
        report.signatures, [s for s in statuses if s[0].sig_object_type != "/DocTimeStamp"], strict=True
    ):
        start, end = parse_time(info.valid_from), parse_time(info.valid_until)
        if end is not None and now > end:
            return _refuse(
                report,
                EXPIRED,
                f"Chứng thư số của {info.signer_name} (số hiệu {info.serial}) đã hết hạn ngày "
                f"{_day(info.valid_until)}: không chấp nhận chữ ký.",
            )
        if start is not None and now < start:
            return _refuse(
                report,
                EXPIRED,
                f"Chứng thư số của {info.signer_name} (số hiệu {info.serial}) chỉ có hiệu lực từ ngày "
                f"{_day(info.valid_from)}: không chấp nhận chữ ký.",
            )
        if status.revoked:
            return _refuse(
                report, REVOKED, f"Chứng thư số của {info.signer_name} (số hiệu {info.serial}) đã bị thu hồi."
            )
        if not status.trusted:
            if not roots:
                return _refuse(
                    report,
                    NO_TRUST_LIST,
                    "Chưa cấu hình danh sách tổ chức cung cấp dịch vụ chứng thực chữ ký số được tin cậy "
                    "(THIDUA_TRUST_ROOTS): chưa xác minh được chữ ký. Hãy báo quản trị hệ thống.",
                )
            indic = getattr(status.trust_problem_indic, "name", "")
            if indic in ("NO_CERTIFICATE_CHAIN_FOUND", "CERTIFICATE_CHAIN_GENERAL_FAILURE", ""):
                return _refuse(
                    report,
                    UNKNOWN_CA,
                    f"Chứng thư số của {info.signer_name} do “{info.issuer}” cấp, không thuộc danh sách tổ "
                    "chức cung cấp dịch vụ chứng thực chữ ký số được tin cậy: không xác minh được người ký.",
                )
            info.problem = indic
            return _refuse(
                report,
                INVALID,
                f"Chứng thư số của {info.signer_name} không dùng được để ký văn bản ({indic}).",
            )
    report.valid, report.code = True, VALID
    first = report.first
    report.reason = "Chữ ký số hợp lệ."
    if first is not None:
        when = parse_time(first.signing_time)
        at = f" lúc {timezone.localtime(when):%H:%M ngày %d/%m/%Y}" if when else ""
        report.reason = f"Chữ ký số hợp lệ: {first.signer_name} ký{at}, chứng thư số do “{first.issuer}” cấp."
    return report
