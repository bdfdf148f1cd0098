"""Public pages render for an anonymous reader and show the demo facts."""

import pytest

from thidua.portal.counting import flush
from thidua.portal.models import Article

pytestmark = pytest.mark.django_db


def test_demo_article_page_shows_facts(world, client):
    article = Article.objects.get(view_count=183)
    response = client.get(article.get_absolute_url(), HTTP_USER_AGENT="Mozilla/5.0 Firefox")
    html = response.content.decode()
    assert response.status_code == 200
    assert "04/12/2019 15:33" in html
    assert "Vũ Hưng" in html
    assert 'Số lượt xem: <span id="view-count">183</span>' in html
    assert "43.748.991" in html
    flush()
    assert Article.objects.get(pk=article.pk).view_count == 184


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/ket-qua/",
        "/ket-qua/KNC/2019/",
        "/dien-hinh-tien-tien/",
        "/tim-kiem/?q=noi chinh",
        "/tin-tuc/rss/",
        "/tin-tuc/atom/",
        "/chuyen-muc/hoat-dong-khoi-thi-dua/",
    ],
)
def test_public_pages(world, client, url):
    response = client.get(url)
    assert response.status_code == 200, url
