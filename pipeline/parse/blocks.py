"""An HTML element to text with paragraph breaks.

News pages mark paragraphs three ways: ``<p>`` elements, block ``<div>``s, and
runs of text separated by ``<br><br>``. All three become blank-line breaks;
a single ``<br>`` stays a line break inside its paragraph. Pictures, captions,
scripts and embedded players are not text of the article and are skipped.
"""
from __future__ import annotations

import re

from bs4 import NavigableString, Tag
from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

BLOCK_TAGS = frozenset({
    "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "table", "tbody",
    "thead", "tr", "td", "th", "figure", "hr", "address", "center", "form", "fieldset", "nav",
})
SKIP_TAGS = frozenset({
    "script", "style", "noscript", "iframe", "object", "embed", "video", "audio", "canvas", "svg",
    "img", "picture", "figure", "figcaption", "button", "input", "select", "textarea", "template",
    "map", "head", "link", "meta",
})
_SPACES = re.compile(r"[ \t\r\f\v\u00a0\u200b\u3000]+")
_BREAKS = re.compile(r"\n[ \t]*\n\s*")


def _walk(node: Tag, out: list[str]) -> None:
    for child in node.children:
        if isinstance(child, (Comment, Declaration, Doctype, ProcessingInstruction)):
            continue
        if isinstance(child, NavigableString):
            out.append(_SPACES.sub(" ", str(child).replace("\n", " ")))
            continue
        if not isinstance(child, Tag):
            continue
        name = child.name
        if name in SKIP_TAGS:
            continue
        if name == "br":
            out.append("\n")
        elif name in BLOCK_TAGS:
            out.append("\n\n")
            _walk(child, out)
            out.append("\n\n")
        else:
            _walk(child, out)


def paragraphs(element: Tag) -> list[str]:
    """The paragraphs of ``element`` in document order, whitespace normalised."""
    out: list[str] = []
    _walk(element, out)
    text = "".join(out)
    paras = []
    for block in _BREAKS.split(text):
        lines = [line.strip() for line in block.split("\n")]
        para = "\n".join(line for line in lines if line)
        if para:
            paras.append(para)
    return paras


def element_text(element: Tag) -> str:
    return "\n\n".join(paragraphs(element))
