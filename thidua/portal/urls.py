from django.urls import path

from thidua.portal import views, views_awards

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("tin-tuc/rss/", views.ArticleFeed(), name="feed_rss"),
    path("tin-tuc/atom/", views.AtomFeed(), name="feed_atom"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("tim-kiem/", views.search, name="search"),
    path("ket-qua/", views.results_list, name="results_list"),
    path("ket-qua/<str:bloc_code>/<int:year>/", views.results_detail, name="results"),
    path("dien-hinh-tien-tien/", views.exemplary_list, name="exemplary_list"),
    path("dien-hinh-tien-tien/guong/<uuid:key>/", views.exemplary_model, name="exemplary_model"),
    path("dien-hinh-tien-tien/anh/<uuid:code>.jpg", views.exemplary_photo, name="exemplary_photo"),
    path("dien-hinh-tien-tien/<slug:slug>/", views.exemplary_detail, name="exemplary"),
    path("anh/<uuid:uuid>.<str:ext>", views.image, name="image"),
    path("tra-cuu-khen-thuong/", views_awards.award_register, name="award_register"),
    path("tra-cuu-khen-thuong/<uuid:code>/", views_awards.award_record, name="award_record"),
    path("thong-ke-khen-thuong/", views_awards.open_statistics, name="open_statistics"),
    path("bien-tap/", views.editor_home, name="editor_home"),
    path("bien-tap/bai-viet/moi/", views.editor_article_create, name="editor_article_create"),
    path("bien-tap/bai-viet/<uuid:uuid>/", views.editor_article_edit, name="editor_article_edit"),
    path(
        "bien-tap/bai-viet/<uuid:uuid>/xem-truoc/",
        views.editor_article_preview,
        name="editor_article_preview",
    ),
    path(
        "bien-tap/bai-viet/<uuid:uuid>/phien-ban/<int:pk>/khoi-phuc/",
        views.editor_article_version_restore,
        name="editor_article_version_restore",
    ),
    path(
        "bien-tap/bai-viet/<uuid:uuid>/<str:action>/",
        views.editor_article_transition,
        name="editor_article_transition",
    ),
    path("bien-tap/anh/", views.editor_image_upload, name="editor_image_upload"),
    path("bien-tap/chuyen-muc/", views.editor_category_create, name="editor_category_create"),
    path("bien-tap/dien-hinh/moi/", views.editor_story, name="editor_story_create"),
    path("bien-tap/dien-hinh/<uuid:uuid>/", views.editor_story, name="editor_story_edit"),
    path("bien-tap/ket-qua/", views.editor_results, name="editor_results"),
    path("bien-tap/ket-qua/<int:pk>/", views.editor_results_publish, name="editor_results_publish"),
]
