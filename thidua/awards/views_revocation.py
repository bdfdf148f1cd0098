"""Pages of an award record and of its revocation (Law 06/2022 Art 93.2): the record with its
revocation, the "Thu hồi khen thưởng" form (the office), the list of revocations with the cash to
recover and recovered, one revocation with its recovery payments and the certificate's return."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse

from thidua.awards import quotas, selectors
from thidua.awards.models import Revocation, RevocationGround
from thidua.awards.services import revocation as service
from thidua.core.forms import StyledFormMixin
from thidua.core.idempotency import idempotent
from thidua.core.permissions import require
from thidua.core.views_helpers import call_service, paginate


class RevokeForm(StyledFormMixin, forms.Form):
    decision_number = forms.CharField(label="Số quyết định thu hồi", max_length=60)
    decision_date = forms.DateField(label="Ngày quyết định thu hồi")
    decided_by = forms.CharField(
        label="Cơ quan quyết định thu hồi",
        max_length=255,
        required=False,
        help_text="Cơ quan đã quyết định khen thưởng; để trống: như quyết định khen thưởng.",
    )
    ground = forms.ChoiceField(
        label="Căn cứ (Luật Thi đua, khen thưởng 2022, Điều 93.2)", choices=RevocationGround.choices
    )
    reason = forms.CharField(label="Lý do", max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))
    cash_to_recover = forms.IntegerField(
        label="Số tiền thưởng phải thu hồi (đồng)",
        min_value=0,
        required=False,
        help_text="Để trống: bằng tiền thưởng của khen thưởng (hệ số × lương cơ sở ngày quyết định).",
    )
    certificate_recovered = forms.BooleanField(
        label="Đã thu hồi hiện vật (bằng, huy hiệu, cờ)", required=False
    )
    certificate_recovered_on = forms.DateField(label="Ngày thu hồi hiện vật", required=False)


class PaymentForm(StyledFormMixin, forms.Form):
    amount = forms.IntegerField(label="Số tiền đã thu (đồng)", min_value=1)
    paid_on = forms.DateField(label="Ngày thu")
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)


class CertificateForm(StyledFormMixin, forms.Form):
    recovered_on = forms.DateField(label="Ngày thu hồi hiện vật")


def _record(request, pk):
    """The award record if the user may see it (a revoked one only for the office and its unit)."""
    record = selectors.history(user=request.user).filter(pk=pk).first()
    if record is None:
        raise Http404
    return record


def _revocation(request, pk) -> Revocation:
    row = service.visible_revocations(request.user).filter(pk=pk).first()
    if row is None:
        raise Http404
    return row


@login_required
def record_detail(request, pk):
    record = _record(request, pk)
    record.cash = quotas.CashTable().amount(award_id=record.award_id, day=record.decision_date)
    revocation = getattr(record, "revocation", None)
    return render(
        request,
        "awards/record_detail.html",
        {
            "record": record,
            "revocation": revocation,
            "payments": revocation.payments.all() if revocation else [],
            "can_revoke": service.can_revoke(request.user),
        },
    )


@login_required
@idempotent
def revoke(request, pk):
    record = _record(request, pk)
    require(service.can_revoke(request.user))
    if request.method == "GET" and hasattr(record, "revocation"):
        messages.info(request, f"Khen thưởng này đã bị thu hồi: {record.revocation.label}.")
        return redirect("awards:revocation_detail", pk=record.revocation.pk)
    cash = service.default_cash(record)
    form = RevokeForm(
        request.POST or None, initial={"decided_by": record.decided_by, "cash_to_recover": cash}
    )
    if request.method == "POST" and form.is_valid():
        row = call_service(form, service.revoke, actor=request.user, record=record, **form.cleaned_data)
        if row:
            messages.success(request, f"Đã ghi quyết định thu hồi khen thưởng: {row.label}.")
            return redirect("awards:revocation_detail", pk=row.pk)
    subject = record.unit.name if record.unit_id else record.person.full_name
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"Thu hồi khen thưởng – {record.award.name}, {subject}",
            "help": (
                f"Hủy bỏ quyết định số {record.decision_number} ngày {record.decision_date:%d/%m/%Y}"
                f"{' của ' + record.decided_by if record.decided_by else ''}, thu hồi hiện vật và tiền thưởng "
                f"({service.ARTICLE}). Từ ngày quyết định thu hồi, khen thưởng không còn được tính khi xét "
                "điều kiện, thống kê và trang công khai."
            ),
            "active": "revocations",
        },
    )


@login_required
def revocation_list(request):
    require(service.can_revoke(request.user))
    qs = service.visible_revocations(request.user)
    only = request.GET.get("con-no") == "1"
    rows = [r for r in qs if r.recovered < r.cash_to_recover] if only else list(qs)
    page = paginate(request, rows)
    return render(
        request,
        "awards/revocation_list.html",
        {"page": page, "totals": service.totals(rows), "only_outstanding": only},
    )


@login_required
def revocation_detail(request, pk):
    row = _revocation(request, pk)
    can = service.can_revoke(request.user)
    return render(
        request,
        "awards/revocation_detail.html",
        {
            "revocation": row,
            "record": row.record,
            "payments": row.payments.all(),
            "can_revoke": can,
            "payment_form": PaymentForm() if can and row.recovered < row.cash_to_recover else None,
            "certificate_form": CertificateForm() if can and not row.certificate_recovered else None,
        },
    )


@login_required
@idempotent
def payment_create(request, pk):
    row = _revocation(request, pk)
    require(service.can_revoke(request.user))
    form = PaymentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        payment = call_service(
            form, service.record_payment, actor=request.user, revocation=row, **form.cleaned_data
        )
        if payment:
            messages.success(request, f"Đã ghi khoản thu hồi {payment.amount:,} đồng.".replace(",", "."))
            return redirect(f"{reverse('awards:revocation_detail', args=[row.pk])}#thu-tien")
    return render(
        request,
        "awards/form.html",
        {
            "form": form,
            "title": f"Ghi thu hồi tiền thưởng – {row.label}",
            "help": f"Phải thu {row.cash_to_recover:,} đồng, đã thu {int(row.recovered):,} đồng.".replace(
                ",", "."
            ),
            "active": "revocations",
        },
    )


@login_required
@idempotent
def certificate_recovered(request, pk):
    row = _revocation(request, pk)
    require(service.can_revoke(request.user))
    form = CertificateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            service.mark_certificate_recovered,
            actor=request.user,
            revocation=row,
            recovered_on=form.cleaned_data["recovered_on"],
        )
        if done:
            messages.success(request, "Đã ghi thu hồi hiện vật khen thưởng.")
            return redirect("awards:revocation_detail", pk=row.pk)
    return render(
        request,
        "awards/form.html",
        {"form": form, "title": f"Ghi thu hồi hiện vật – {row.label}", "active": "revocations"},
    )
