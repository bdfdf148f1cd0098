"""Vietnamese phrases of the audit actions of the portal (see ``thidua.core.audit_labels``)."""

from thidua.portal.choices import ArticleAction

_ARTICLE_PHRASES = {
    ArticleAction.SUBMIT: "gửi duyệt tin bài",
    ArticleAction.RETURN: "trả lại bản nháp tin bài",
    ArticleAction.PUBLISH: "xuất bản tin bài",
    ArticleAction.UNPUBLISH: "gỡ tin bài xuống",
}

ACTIONS = {
    "article.create": "tạo tin bài",
    "article.update": "sửa tin bài",
    "article.restore": "khôi phục phiên bản tin bài",
    "article.went_live": "đăng tin bài theo lịch",
    "article_image.upload": "tải ảnh cho tin bài",
    "category.create": "thêm chuyên mục",
    "exemplary.create": "thêm điển hình tiên tiến",
    "results.publish": "công bố kết quả thi đua trên cổng thông tin",
    **{f"article.{action.value}": phrase for action, phrase in _ARTICLE_PHRASES.items()},
}
