"""Editor HTML is sanitised with nh3 (the Rust ``ammonia`` sanitiser): only the tags a news
article needs, no scripts, no event handlers, no ``javascript:`` or ``data:`` URLs."""

import html as htmllib

import nh3
from django.utils.text import slugify

from thidua.core.text import fold

TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "del",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "h2",
    "h3",
    "h4",
    "pre",
    "code",
    "figure",
    "figcaption",
    "img",
    "hr",
    "div",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
}
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}


def sanitize(html: str) -> str:
    return nh3.clean(
        html or "",
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


def plain(text: str) -> str:
    """Titles and summaries are plain text: drop every tag, keep the words."""
    return " ".join(htmllib.unescape(nh3.clean(text or "", tags=set())).split())


def vietnamese_slug(text: str, max_length: int = 300) -> str:
    """ "Khối Nội chính tổng kết" -> "khoi-noi-chinh-tong-ket" (đ becomes d)."""
    return slugify(fold(text))[:max_length].strip("-") or "bai-viet"
