"""Demo data of the portal: the news article about Khối Nội chính's 2019 year-end conference
(written for ThiDua from the facts of shared/scenarios/khoi-noi-chinh-2019.json), published on
04/12/2019 at 15:33 by Vũ Hưng with its 183 views, the site's total visits, the 2019 results page
and one exemplary story. "Online" is not seeded: it is computed from real visitors."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from thidua.accounts.models import User
from thidua.organisations import services as organisations
from thidua.organisations.models import BlocYear, Person, Unit
from thidua.portal import services
from thidua.portal.choices import ArticleAction
from thidua.portal.models import Article, Category, ExemplaryStory, ResultsPage, SiteCounter

TOTAL_VISITS = 43_748_991
RESULTS_PUBLISHED_AT = dt.datetime(2019, 12, 4, 16, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
STORY_PUBLISHED_AT = dt.datetime(2019, 12, 10, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
ARTICLE_TITLE = "Khối thi đua các cơ quan Nội chính tỉnh tổng kết công tác thi đua, khen thưởng năm 2019"
ARTICLE_SUMMARY = (
    "Chiều 03/12/2019, tại Cục Thi hành án dân sự tỉnh, Khối thi đua các cơ quan Nội chính tỉnh tổ chức "
    "hội nghị tổng kết công tác thi đua, khen thưởng năm 2019, bình xét đề nghị khen thưởng và bầu "
    "đơn vị trưởng khối năm 2020."
)
ARTICLE_BODY = """
<p>Khối thi đua các cơ quan Nội chính tỉnh năm 2019 gồm tám cơ quan: Cục Thi hành án dân sự tỉnh
(đơn vị trưởng khối), Tòa án nhân dân tỉnh, Viện Kiểm sát nhân dân tỉnh, Thanh tra tỉnh, Công an tỉnh,
Bộ Chỉ huy Quân sự tỉnh, Sở Tư pháp và Sở Nội vụ.</p>
<h3>Giao ước thi đua và các phong trào</h3>
<p>Ngay từ đầu năm, các cơ quan trong khối đã ký kết giao ước thi đua với 9 nội dung trọng tâm, ban hành
quy chế hoạt động và bộ tiêu chí chấm điểm thi đua. Các phong trào được gắn với việc thực hiện Nghị quyết
Trung ương 4 (khóa XII), với việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh và với các
phong trào thi đua do Tỉnh ủy, UBND tỉnh và từng ngành phát động.</p>
<p>Mỗi đơn vị chọn cho mình một khẩu hiệu hành động: Công an tỉnh với “Kỷ luật, kỷ cương, nêu gương,
trách nhiệm”; Bộ Chỉ huy Quân sự tỉnh với “Đoàn kết, sáng tạo, kỷ cương, nêu gương, quyết thắng”;
Thanh tra tỉnh với “Công tâm, khách quan, dân chủ và sáng tạo”; hệ thống Thi hành án dân sự thi đua
siết chặt kỷ luật, kỷ cương, tăng cường đoàn kết, hành động, sáng tạo, bứt phá, hiệu quả.</p>
<h3>Kết quả, hạn chế và phương hướng năm 2020</h3>
<p>Hội nghị đã đánh giá kết quả đạt được, chỉ ra những hạn chế và nguyên nhân, đồng thời thống nhất
phương hướng năm 2020: tiếp tục đẩy mạnh các phong trào thi đua, phấn đấu hoàn thành xuất sắc các chỉ
tiêu đã đăng ký; thường xuyên trao đổi thông tin, tổ chức giao lưu, học tập kinh nghiệm giữa các đơn vị;
xây dựng các mô hình tiên tiến, gương người tốt, việc tốt, cách làm sáng tạo, hiệu quả để nhân rộng.</p>
<h3>Bình xét khen thưởng và trưởng khối năm 2020</h3>
<p>Qua bình xét, hội nghị thống nhất đề nghị Chính phủ tặng Cờ thi đua cho Sở Nội vụ; đề nghị UBND tỉnh
tặng Cờ thi đua cho Tòa án nhân dân tỉnh và Cục Thi hành án dân sự tỉnh. Hội nghị cũng thống nhất bầu
Sở Nội vụ làm đơn vị trưởng khối năm 2020.</p>
"""
STORY_BODY = """
<p>Là đơn vị trưởng khối năm 2019, Cục Thi hành án dân sự tỉnh đã chủ trì xây dựng giao ước thi đua với
9 nội dung trọng tâm, quy chế hoạt động và bộ tiêu chí chấm điểm, tổ chức các buổi trao đổi kinh nghiệm
giữa các cơ quan trong khối.</p>
<p>Với tinh thần “siết chặt kỷ luật, kỷ cương, tăng cường đoàn kết, hành động, sáng tạo, bứt phá, hiệu
quả”, đơn vị được khối thống nhất đề nghị UBND tỉnh tặng Cờ thi đua năm 2019.</p>
"""


def load(*, context, stdout=None):
    if Article.objects.filter(title=ARTICLE_TITLE).exists():
        return
    admin = context["admin"]
    editor = User.objects.filter(username="bientap").first() or admin
    with transaction.atomic():
        news = Category.objects.get_or_create(
            slug="hoat-dong-khoi-thi-dua", defaults={"name": "Hoạt động khối thi đua", "position": 1}
        )[0]
        Category.objects.get_or_create(
            slug="tin-thi-dua-khen-thuong", defaults={"name": "Tin thi đua – khen thưởng", "position": 2}
        )
        article = services.article_create(
            actor=editor,
            title=ARTICLE_TITLE,
            summary=ARTICLE_SUMMARY,
            body=ARTICLE_BODY,
            category=news,
            author_name="Vũ Hưng",
        )
        services.article_transition(actor=editor, article=article, action=ArticleAction.SUBMIT)
        services.article_transition(
            actor=editor,
            article=article,
            action=ArticleAction.PUBLISH,
            published_at=dt.datetime(2019, 12, 4, 15, 33, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
        )
        # Views counted by the old portal before ThiDua took over (seed facts), not by ThiDua.
        Article.objects.filter(pk=article.pk).update(view_count=183)
        SiteCounter.objects.update_or_create(key="visits", defaults={"value": TOTAL_VISITS})

        year_2019 = BlocYear.objects.filter(bloc=context["bloc"], year=2019).first()
        if year_2019 and not ResultsPage.objects.filter(bloc_year=year_2019).exists():
            services.results_set_published(
                actor=editor,
                bloc_year=year_2019,
                published=True,
                intro="Kết quả thi đua năm 2019 của Khối thi đua các cơ quan Nội chính tỉnh, công bố sau hội nghị tổng kết ngày 03/12/2019.",
            )
            # Published the day after the conference, with the news article (not on the loading day).
            ResultsPage.objects.filter(bloc_year=year_2019).update(published_at=RESULTS_PUBLISHED_AT)
        thads = Unit.objects.filter(code="THADS").first()
        if not ExemplaryStory.objects.exists():
            story = services.story_save(
                actor=editor,
                title="Cục Thi hành án dân sự tỉnh – trưởng khối năm 2019 gương mẫu",
                unit=thads,
                year=2019,
                summary="Đơn vị trưởng khối năm 2019 chủ trì giao ước 9 nội dung và được đề nghị tặng Cờ thi đua của UBND tỉnh.",
                body=STORY_BODY,
                is_published=True,
            )
            ExemplaryStory.objects.filter(pk=story.pk).update(published_at=STORY_PUBLISHED_AT)
        _publication_consents(admin)


# Demo people who agreed to have their awards published on the portal (the others did not: their
# awards are counted in the open statistics but never listed in the public register).
CONSENTING_PEOPLE = ("Nguyễn Thị Thu Hà", "Lê Thị Mai", "Trịnh Thị Đào", "Phan Văn Tài")


def _publication_consents(admin) -> None:
    for person in Person.objects.filter(full_name__in=CONSENTING_PEOPLE, publication_consent=False):
        organisations.person_update(actor=admin, person=person, data={"publication_consent": True})
