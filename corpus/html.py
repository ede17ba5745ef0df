"""Plain text out of a news article page: title and paragraphs, nothing else."""
from __future__ import annotations

from html.parser import HTMLParser

_SKIP = {"script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg"}
_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "figcaption", "blockquote", "tr", "section", "article"}


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.where: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self.body: list[str] = [""]

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            self.skip += 1
        self.where.append(tag)
        if tag in _BLOCK:
            self.body.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP and self.skip:
            self.skip -= 1
        if tag in self.where:
            while self.where and self.where.pop() != tag:
                pass
        if tag in _BLOCK:
            self.body.append("")

    def handle_data(self, data: str) -> None:
        if "title" in self.where:
            self.title.append(data)
        elif self.skip:
            return
        elif "h1" in self.where:
            self.h1.append(data)
        else:
            self.body[-1] += data


def html_to_text(html: str) -> tuple[str, str]:
    """Return ``(title, body)``: the ``<h1>`` (else ``<title>``) and one line per block."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    title = " ".join("".join(parser.h1 or parser.title).split())
    lines = (" ".join(block.split()) for block in parser.body)
    return title, "\n".join(line for line in lines if line)
