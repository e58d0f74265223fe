"""Pasted document regions inside a user message.

RAG and e-mail apps paste retrieved text into the user turn: "Summarize this e-mail:" and
then the e-mail. An instruction to the model hidden in that e-mail is an indirect
injection, but judged as part of the whole message it is diluted by the ordinary text
around it (the classifier normalizes by length) and rules apply their weaker direct-text
weights. `document_regions` finds those regions so the detector can judge each one on
its own, as indirect text.

Recognized, on the folded text (lower case, see filters.canonical.fold):
- a labelled block: a line that starts with "email:", "context:", "document:", ... (in
  ten languages) and the text after the label;
- a fenced block: triple double quotes, <document> tags,
  [document start] / [document end];
- a quoted block: consecutive lines that start with ">";
- a long paste after a short request: a first line of at most 300 characters that asks
  for work on text (summarize, translate, reply, extract, ... in ten languages) and at
  least 200 characters after it; or the other way round, a last line that asks for work
  on "the above" / "this e-mail" after at least 200 characters of paste.

Cheap by construction: a few C-level regex scans and string finds; no region is
returned for a message without such structure, so ordinary prompts cost nothing extra.
"""

from __future__ import annotations

import re

MIN_REGION = 80  # shorter regions are left to the whole-message judgement
MAX_REGIONS = 3
_MAX_REQUEST = 300
_MIN_PASTE = 200

_LABELS = (
    "email|e-mail|mail|context|document|doc|text|article|message|ticket|review|content|"
    "input|data|source|page|web ?page|transcript|chat log|log|invoice|notes|pr description|"
    "retrieved|search results?|tool output|result|"
    "kontext|dokument|nachricht|rechnung|texte|courriel|contexte|documento|contexto|"
    "mensaje|correo|testo|messaggio|fattura|mensagem|fatura|bericht|tekst|"
    "письмо|текст|контекст|документ|文档|邮件|上下文|内容|文書|メール|本文"
)
_LABEL_RE = re.compile(rf"(?m)^[ \t>*#-]*(?:{_LABELS})[ \t]*[:：]")
# Triple backticks (folded to ''') are left out: in user messages they usually fence code,
# which the whole-message judgement already covers. (Measured: LOSO blocked 0.189 of the
# FastAPI documentation sections with and without them; the cause is elsewhere.)
_FENCE_RE = re.compile(
    r'(?s)"""(.+?)(?:"""|\Z)'
    r"|<(document|doc|email|context|data)>(.+?)(?:</\2>|\Z)"
    r"|\[(?:document|doc|email|context) start\](.+?)(?:\[(?:document|doc|email|context) end\]|\Z)"
)
# Literal openings of the tag fences above: without one of them (or '"""') no fence can match,
# and the regex is not run (84 us per 20 KB of benign text with a "<" or "[" somewhere).
_FENCE_OPENERS = ("<document>", "<doc>", "<email>", "<context>", "<data>", "[document start]",
                  "[doc start]", "[email start]", "[context start]")  # fmt: skip
_QUOTED_RE = re.compile(r"(?m)(?:^>.*(?:\n|$)){2,}")
# A pasted e-mail: two different header lines ("from:", "subject:", ... in ten languages)
# among its first lines (the one- and two-letter French, Spanish, Italian and German
# names, "de:", "a:", "da:", "an:", are left out: "a:" also starts answers in Q&A text). The message body after the last header is the region (the headers are
# ordinary data either way). Apps that forward a whole e-mail as the user turn, with no
# request line, paste exactly this.
_HEADER_RE = re.compile(
    r"(?m)^[ \t>*]*(from|to|cc|subject|date|sent|reply-to|von|betreff|datum|objet|envoye|"
    r"asunto|enviado|oggetto|inviato|assunto|aan|onderwerp|от|кому|тема|"
    r"发件人|收件人|主题|日期|差出人|宛先|件名)[ \t]*[:：][^\n]*\n"
)
_HEADER_LINES = 12  # headers are looked for among this many first lines
# Work on text: what a request for work on a paste says.
_WORK = (
    r"summar|translat|reply|respond|answer|extract|classif|review|analy[sz]|read|rewrite|"
    r"explain|check|proofread|categori|triage|what does|below|following|attached|"
    r"zusammen|übersetz|ubersetz|antwort|résum|resum|tradu|riassum|analizz|samenvat|vertaal|"
    r"перескаж|перевед|ответ|总结|翻译|回复|要約|翻訳|返信"
)
# A first line before a paste: work on text, or a demonstrative that points at the paste
# ("Pull out the blockers from these standup notes", "this product page").
_REQUEST_RE = re.compile(
    _WORK + r"|\b(?:this|these|those|the following)\b|\b(?:dies\w*|ce|cet|cette|ces|ceci|est[aeo]s?|"
    r"es[aeo]s?|esto|isso|isto|nest[ae]s?|quest\w+|deze|dit|эт\w+)\b|这|此|この|以下"
)
# A last line after a paste needs the work itself: its pointer ("this", "the above") is
# _AFTER_RE, and "I love this." is no request.
_WORK_RE = re.compile(_WORK)

# A request after the paste points back at it: "the above", "this e-mail", "the text".
_AFTER_RE = re.compile(
    r"\b(?:above|this|these|that|the (?:text|e-?mail|message|document|article|page|review|ticket|"
    r"log|data|output|result|transcript|thread|conversation))\b|oben|ci-dessus|arriba|sopra|acima|"
    r"hierboven|выше|上面|以上|上記"
)


def document_regions(folded: str) -> list[str]:
    """Regions of pasted material in a folded user message (possibly none)."""
    if len(folded) < MIN_REGION + 10:
        return []
    out: list[str] = []
    has_nl = "\n" in folded
    if has_nl or ":" in folded or "：" in folded:
        m = _LABEL_RE.search(folded)
        if m:
            out.append(folded[m.end() :])
    if '"""' in folded or (("<" in folded or "[" in folded) and any(f in folded for f in _FENCE_OPENERS)):
        for m in _FENCE_RE.finditer(folded):
            region = m.group(1) or m.group(3) or m.group(4)
            if region:
                out.append(region)
            if len(out) >= MAX_REGIONS:
                break
    # The quoted-block regex tries every line start: 21 us per 1 KB, 391 us per 20 KB of
    # benign text with a ">" somewhere (HTML, arrows). Only a line that starts with ">" can
    # begin a block, so look for one first.
    if has_nl and (folded.startswith(">") or "\n>" in folded):
        for m in _QUOTED_RE.finditer(folded):
            out.append(m.group().replace("\n>", "\n").lstrip(">"))
            if len(out) >= MAX_REGIONS:
                break
    if has_nl and not out:
        cut = folded.find("\n")
        if 0 < cut <= _MAX_REQUEST and len(folded) - cut >= _MIN_PASTE:
            head = folded[:cut]
            if head.rstrip().endswith((":", "：")) or _REQUEST_RE.search(head):
                out.append(folded[cut + 1 :])
    if has_nl and not out:  # the paste first, the request after it ("Summarize the above.")
        cut = folded.rfind("\n")
        if len(folded) - cut - 1 <= _MAX_REQUEST and cut >= _MIN_PASTE:
            tail = folded[cut + 1 :]
            if _AFTER_RE.search(tail) and _WORK_RE.search(tail):
                out.append(folded[:cut])
    if has_nl and not out and ":" in folded:  # the whole message is an e-mail
        body = _email_body(folded)
        if body is not None:
            out.append(body)
    return [r.strip() for r in out[:MAX_REGIONS] if len(r.strip()) >= MIN_REGION]


def _email_body(folded: str) -> str | None:
    """The body of a pasted e-mail: the text after its header block, when at least two
    header lines occur among the first `_HEADER_LINES` lines."""
    top_end = -1
    for _ in range(_HEADER_LINES):
        top_end = folded.find("\n", top_end + 1)
        if top_end < 0:
            top_end = len(folded)
            break
    if folded.count(":", 0, top_end) + folded.count("：", 0, top_end) < 2:  # two headers need two colons
        return None
    headers = list(_HEADER_RE.finditer(folded, 0, min(len(folded), top_end + 1)))
    if len({m.group(1) for m in headers}) < 2:
        return None
    return folded[headers[-1].end() :]
