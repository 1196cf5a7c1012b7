"""An article page as HTML -> text in the sites' text layout, which parse_text then reads.

Desktop pages of english.scio.gov.cn and china.org.cn and their mobile pages differ in
markup but agree on content: a title, an `Updated:` line, the article body as blocks, and a
pagination footer. Navigation, scripts and site footers are dropped.
"""

from __future__ import annotations

import html as htmllib
import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser

_DROP = "script, style, noscript, iframe, form, select, nav, button, svg, template"
# Tried in order; the candidate holding the most text wins, so a wrong guess costs nothing.
_BODY_SELECTORS = (
    "#articleBody",
    "#article-body",
    "#content",
    "#Content",
    ".content",
    ".article",
    ".article-content",
    ".TRS_Editor",
    "#Zoom",
    "article",
    ".main",
    "#main",
    "body",
)
_BLOCK_TAGS = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|table|tbody|section|article|blockquote|dd|dt|header|footer)\b[^>]*>",
    re.I,
)
_TAG = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")
_SITE_SUFFIX = re.compile(
    r"\s*[-|_–]\s*(?:China\.org\.cn|english\.scio\.gov\.cn|SCIO|www\.\S+)\s*$", re.I
)
_UPDATED = re.compile(r"Updated\s*:\s*[^\n<|]*\d{4}[^\n<|]*", re.I)
# Mobile pages write the date beside the site name: "english.scio.gov.cn | 2022-01-28".
_SITE_DATE = re.compile(
    r"^\s*(?:[\w-]+\.)+(?:cn|com|org)\s*\|\s*(\d{4}-\d{1,2}-\d{1,2}[\d: ]*)\s*$", re.M | re.I
)


def _block_text(fragment: str) -> list[str]:
    text = _BLOCK_TAGS.sub("\n", fragment)
    # One substitution over the fragment, not one per line: _SPACES never spans a newline.
    text = _SPACES.sub(" ", htmllib.unescape(_TAG.sub("", text)))
    lines = (line.strip() for line in text.split("\n"))
    return [line for line in lines if line]


def _pick_body(tree: HTMLParser) -> str:
    """The element holding the article: most paragraph text, and of those the tightest.

    Navigation, related links and footers rarely sit in <p> elements, so paragraph text finds
    the article on desktop and mobile layouts alike; a page without <p> falls back to the
    known container names.
    """
    candidates = []
    seen: set[int] = set()
    for selector in (*_BODY_SELECTORS, "div", "section", "td", "main"):
        for node in tree.css(selector):
            if id(node) in seen:
                continue
            seen.add(id(node))
            p_text = sum(len(p.text(strip=True)) for p in node.css("p"))
            candidates.append((p_text, len(node.text(strip=True)), node))
    best_p = max((c[0] for c in candidates), default=0)
    if best_p == 0:
        for selector in _BODY_SELECTORS:
            node = tree.css_first(selector)
            if node is not None:
                return node.html or ""
        return ""
    fitting = [c for c in candidates if c[0] >= 0.9 * best_p]
    return min(fitting, key=lambda c: c[1])[2].html or ""


def html_to_text(document: str) -> str:
    tree = HTMLParser(document)
    for node in tree.css(_DROP):
        node.decompose()
    h1 = tree.css_first("h1")
    title_tag = tree.css_first("title")
    title = (h1.text(strip=True) if h1 else "") or (title_tag.text(strip=True) if title_tag else "")
    title = _SITE_SUFFIX.sub("", " ".join(title.split()))

    full_text = "\n".join(_block_text(tree.html or ""))
    updated = _UPDATED.search(full_text)
    site_date = _SITE_DATE.search(full_text)
    body = _block_text(_pick_body(tree))
    # The h1 and the date line often sit inside the body container: keep them in the header only.
    body = [
        line
        for line in body
        if line != title and not _UPDATED.search(line) and not _SITE_DATE.match(line)
    ]

    header = [title or "Untitled"]
    if updated:
        header.append(" ".join(updated.group(0).split()))
    elif site_date:
        header.append(f"Updated: {site_date.group(1).strip()}")
    return "\n\n".join(header + body) + "\n"
