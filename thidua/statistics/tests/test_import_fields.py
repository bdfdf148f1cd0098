"""The award-history import takes what the statistics need: the method of an award (Tính chất:
đối ngoại, cống hiến, niên hạn, kháng chiến…) and the object category of an individual."""

from thidua.awards import importer, services
from thidua.awards.choices import ImportStatus, Nature
from thidua.awards.models import AwardRecord
from thidua.organisations.choices import PersonCategory
from thidua.organisations.models import Person

HEADER = "Loại bản ghi,Mã đơn vị,Họ và tên,Năm,Mã khen thưởng,Số quyết định,Ngày quyết định,Tính chất,Đối tượng cá nhân"


def run(world, rows):
    content = ("\n".join([HEADER, *rows]) + "\n").encode("utf-8")
    job = services.import_job_create(actor=world.provincial, filename="lich-su.csv", content=content)
    return services.import_job_run(job.pk)


def test_method_and_category_are_imported(world):
    job = run(
        world,
        [
            "khen thưởng,TAND,Lê Thị Mai,2014,bk_tinh_cn,901/QĐ-UBND,15/01/2015,niên hạn,lãnh đạo cấp vụ/sở",
            "khen thưởng,TAND,Lê Thị Mai,2015,bk_tinh_cn,902/QĐ-UBND,15/01/2016,đối ngoại,",
            "khen thưởng,VKSND,,2014,bk_tinh_tt,903/QĐ-UBND,15/01/2015,kháng chiến,",
            "khen thưởng,TAND,Đặng Quang Huy,2014,bk_tinh_cn,904/QĐ-UBND,15/01/2015,cống hiến,"
            '"Người trực tiếp công tác, lao động, học tập, chiến đấu và phục vụ chiến đấu"',
        ],
    )
    assert job.status == ImportStatus.SUCCEEDED, job.errors
    natures = dict(
        AwardRecord.objects.filter(decision_number__startswith="90").values_list("decision_number", "nature")
    )
    assert natures == {
        "901/QĐ-UBND": Nature.SENIORITY,
        "902/QĐ-UBND": Nature.FOREIGN,
        "903/QĐ-UBND": Nature.RESISTANCE,
        "904/QĐ-UBND": Nature.DEDICATION,
    }
    assert Person.objects.get(full_name="Lê Thị Mai").category == PersonCategory.LEADER_DEPARTMENT
    assert Person.objects.get(full_name="Đặng Quang Huy").category == PersonCategory.WORKER


def test_bad_method_or_category_changes_nothing(world):
    before = AwardRecord.objects.count(), dict(Person.objects.values_list("pk", "category"))
    job = run(
        world,
        [
            "khen thưởng,TAND,Lê Thị Mai,2014,bk_tinh_cn,911/QĐ-UBND,15/01/2015,bất thường,",
            "khen thưởng,TAND,Lê Thị Mai,2014,bk_tinh_cn,912/QĐ-UBND,15/01/2015,,giám đốc",
            "khen thưởng,VKSND,,2014,bk_tinh_tt,913/QĐ-UBND,15/01/2015,,doanh nhân",
            "khen thưởng,TAND,Đặng Quang Huy,2014,bk_tinh_cn,914/QĐ-UBND,15/01/2015,,doanh nhân",
            "khen thưởng,TAND,Đặng Quang Huy,2015,bk_tinh_cn,915/QĐ-UBND,15/01/2016,,lãnh đạo khác",
        ],
    )
    assert job.status == ImportStatus.FAILED
    messages = {e["row"]: " ".join(e["messages"]) for e in job.errors}
    assert "Tính chất “bất thường” không hợp lệ" in messages[2]
    assert "Đối tượng cá nhân “giám đốc” không hợp lệ" in messages[3]
    assert "chỉ ghi với khen thưởng của cá nhân" in messages[4]
    assert 5 not in messages and "mỗi người một đối tượng" in messages[6]
    assert (AwardRecord.objects.count(), dict(Person.objects.values_list("pk", "category"))) == before


def test_template_offers_the_new_columns(world):
    headers = [label for _, label, _ in importer.COLUMNS]
    assert "Đối tượng cá nhân" in headers
    assert importer.template_workbook()
