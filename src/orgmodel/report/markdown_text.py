"""User text in Markdown: taken literally wherever a report puts it (a table cell, a heading,
inline code), so a name can never turn into markup, a link or another column."""

from __future__ import annotations


def cell(text: str) -> str:
    """Table-cell safe: pipes escaped, line breaks folded, Markdown and HTML taken literally."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    for char in "`*_[]<>#":
        text = text.replace(char, "\\" + char)
    return text


def code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`" if text else ""
