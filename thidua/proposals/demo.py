"""Demo: the settings of the 2019 round (deadline 10/12/2019, a Council of 15 members) and of
the current year, the 2019 regulation of Khối Nội chính allowing the two provincial flags its
conference voted for, and one published exemplary model citing an award from the history. The
2019 outcome is left for the proposals journey to turn into proposals and decisions (it is not
decided here)."""

import datetime as dt

from django.db import transaction

from thidua.awards.models import AwardRecord
from thidua.cycles.services.setup import settings_update
from thidua.organisations.bloc_settings import get_settings
from thidua.organisations.models import BlocYear, Person
from thidua.proposals.models import ExemplaryModel, RoundSettings

TITLE = "Thẩm phán Lê Thị Mai: số hoá hồ sơ xét xử để người dân được phục vụ nhanh hơn"
STORY = (
    "Giữ vững kỷ cương công vụ, Tòa án nhân dân tỉnh đã giải quyết đúng hạn toàn bộ các vụ án được "
    "giao, số hoá hồ sơ xét xử và chia sẻ cách làm với các đơn vị trong Khối Nội chính. Cán bộ, công "
    "chức của đơn vị tích cực học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh."
)


def load(*, context: dict, stdout=None) -> None:
    admin = context.get("admin")
    years = {2019, context.get("current_year") or dt.date.today().year}
    with transaction.atomic():
        for year in years:
            RoundSettings.objects.get_or_create(
                year=year, defaults={"bloc_deadline": dt.date(year, 12, 10), "council_members": 15}
            )
    by = BlocYear.objects.filter(bloc__code="KNC", year=2019).first()
    if by is not None and admin is not None and get_settings(by).provincial_flags < 2:
        settings_update(actor=admin, bloc_year=by, data={**get_settings(by).to_json(), "provincial_flags": 2})
    person = Person.objects.filter(full_name="Lê Thị Mai").select_related("unit").first()
    if not ExemplaryModel.objects.exists() and person is not None:
        ExemplaryModel.objects.create(
            title=TITLE,
            person=person,
            year=2019,
            story=STORY,
            published=True,
            published_at=dt.datetime(2020, 1, 10, 9, 0, tzinfo=dt.UTC),
            created_by=admin,
        )
    _link_demo_award(person)
    if stdout:
        stdout.write("Đã nạp: thiết lập đợt xét khen thưởng 2019 và năm nay, 1 điển hình tiên tiến.")


def _link_demo_award(person) -> None:
    """The demo model cites the title her 2019 initiative earned (provincial emulation fighter
    2019, from the awards demo history), once; a model an officer has already linked is left alone."""

    model = ExemplaryModel.objects.filter(title=TITLE, person=person).first()
    if model is None or model.awards.exists():
        return
    record = AwardRecord.objects.filter(person=person, year=2019, award__code="cstd_tinh").first()
    if record is not None:
        model.awards.add(record)
