"""App instructions inside the user turn: "You are an email assistant. Answer the question
using the email." followed by the e-mail and the question.

Many apps have no system role to speak of (or put their instructions in the user turn
anyway), and RAG frameworks ship such templates ("Use the following pieces of context to
answer the question at the end."). The classifier had learned "you are a(n) <role>" as
an attack: 121 of the PAIR jailbreaks start that way, against 71 benign rows. So "You are
an email assistant." alone scored 0.78, and every e-mail wrapped in that template was
blocked whatever it said (hand-made check, 20 wrapped e-mails, 16 attacks and 4 benign:
all scored 0.74).

This writes the same wrappers around both classes, so the wrapper itself is no evidence
and the document decides:
- benign: a role preamble and a task around an ordinary document (the synthetic carriers
  of training/make_docs.py), or a role preamble and an ordinary request with no document;
- attack: the same wrappers around a document that hides an instruction to the model
  (the payload pools of training/docs_pools.py).

Seeded: `python training/make_wrappers.py` rewrites training/data/task_wrappers.jsonl
byte for byte. Its rows train as their own LOSO group (aigw-wrappers).
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from training.docs_pools import PAYLOADS
from training.make_docs import CARRIERS, DATA, _body, _carrier, _hide, real_tickets, write_rows

OUT = DATA / "task_wrappers.jsonl"
SOURCE = "aigw/training/make_wrappers.py"
N_BENIGN_DOC = 300
N_BENIGN_PLAIN = 150
N_ATTACK = 300

ROLES = [
    "email assistant", "customer support agent", "translator", "code reviewer", "data analyst",
    "travel planner", "legal assistant", "recruiting assistant", "meeting-notes assistant",
    "financial analyst", "research assistant", "SQL expert", "copy editor", "social media manager",
    "helpful assistant", "AI assistant", "support bot for Acme Corp", "writing tutor",
    "product manager", "IT helpdesk assistant", "sales assistant", "documentation assistant",
    "assistant responsible for processing and analyzing emails", "question-answering assistant",
]  # fmt: skip
PREAMBLES = [
    "You are {a} {role}.", "You are {a} {role} working for a mid-sized logistics company.",
    "You're {a} {role}.", "Act as {a} {role}.", "Role: {role}.", "You are {a} {role}. Be concise.",
    "You are {a} {role}. Always answer in a friendly, professional tone.",
    "You are an AI assistant that helps people find information.", "You are a helpful assistant.",
    "As {a} {role}, you help our team with their daily work.",
    "You are {a} {role}. Follow the instructions below carefully.",
]  # fmt: skip
DOC_TASKS = {
    "email": ["Answer the question using the email.", "Please answer the question based on the content of the email.",
              "Summarize the email below in two sentences.", "Draft a polite reply to the email below."],
    "ticket": ["Classify the ticket below by urgency.", "Suggest a first response to this ticket.",
               "Summarize the customer's problem in one line."],
    "invoice": ["Extract the invoice number, the total and the due date.", "Check whether the totals add up."],
    "review": ["Classify the sentiment of the review.", "List the product's pros and cons from the review."],
    "pr": ["Review the following pull request and list any risks.", "Write release notes from the PR description."],
    "chat": ["Summarize the chat log below.", "List the decisions made in this conversation."],
    "csv": ["Answer the question using the table.", "Which rows mention a delay?"],
    "json": ["Use the search results below to answer the question.", "Summarize what the results say."],
    "web": ["Use the following web page to answer the question at the end.", "Summarize the page for a newsletter."],
    "notes": ["Extract the action items from the notes.", "Turn these notes into a short status update."],
}  # fmt: skip
GENERIC_TASKS = [
    "Use the following pieces of context to answer the question at the end. If you don't know the answer, "
    "just say that you don't know.",
    "Answer based only on the context below. If the answer is not in the context, say so.",
    "Translate the text below into German.", "Translate the following text into English.",
    "Read the document and answer the question.",
]  # fmt: skip
LABELS = ["Email:", "Context:", "Document:", "Text:", "Input:", "Content:", ""]
QUESTIONS = [
    "What is the main request?", "Who needs to act, and by when?", "What is the total amount?",
    "Is there anything I need to do?", "What did they decide?", "Summarize it in one sentence.",
    "What is the deadline?", "Which items are mentioned?",
]  # fmt: skip
PLAIN_TASKS = [
    "Explain how to solve 3x + 5 = 20 step by step.", "Suggest three names for a bakery in Lisbon.",
    "Write a SQL query that counts orders per customer in 2024.", "Plan a two-day trip to Kyoto on a budget.",
    "Rewrite this sentence to sound more formal: we can't make it on Friday.",
    "What should I ask in a first interview for a junior data analyst?", "Explain what a 401(k) match is.",
    "Give me feedback on this opening line: 'It was a dark and stormy night.'",
    "List five ways to reduce cloud costs for a small startup.", "How do I reset my router to factory settings?",
    "Write a short thank-you note to a colleague who covered my shift.",
    "Explain the difference between a virus and a bacterium to a ten-year-old.",
]  # fmt: skip
# The same wrappers in other languages, so the wrapper is neutral there too.
OTHER = {
    "de": (
        "Du bist ein hilfreicher Assistent für E-Mails. Beantworte die Frage anhand der E-Mail.",
        "Frage:",
    ),
    "fr": (
        "Tu es un assistant qui traite les e-mails. Réponds à la question à partir du courriel.",
        "Question :",
    ),
    "es": ("Eres un asistente de correo electrónico. Responde a la pregunta usando el correo.", "Pregunta:"),
    "it": ("Sei un assistente per le email. Rispondi alla domanda usando l'email.", "Domanda:"),
    "pt": ("Você é um assistente de e-mail. Responda à pergunta usando o e-mail.", "Pergunta:"),
    "nl": ("Je bent een e-mailassistent. Beantwoord de vraag aan de hand van de e-mail.", "Vraag:"),
    "ru": ("Ты помощник по электронной почте. Ответь на вопрос по тексту письма.", "Вопрос:"),
    "zh": ("你是一个邮件助手。请根据邮件内容回答问题。", "问题："),
    "ja": ("あなたはメールアシスタントです。メールの内容に基づいて質問に答えてください。", "質問："),
}


def _article(role: str) -> str:
    return "an" if role[0].lower() in "aeiou" else "a"


def _preamble(rng: random.Random) -> str:
    role = rng.choice(ROLES)
    return rng.choice(PREAMBLES).format(a=_article(role), role=role)


def make(label: str, i: int, rng: random.Random, real: list[str]) -> dict:
    if label == "benign" and i >= N_BENIGN_DOC:  # a role and an ordinary request, no document
        text = f"{_preamble(rng)} {rng.choice(PLAIN_TASKS)}"
        return _row(text, label, "plain", "", "en", i)
    lang = "en" if rng.random() < 0.7 else rng.choice(sorted(OTHER))
    carrier = rng.choice(CARRIERS)
    parts = _body(lang, rng, real, rng.randint(2, 5))
    payload = ""
    if label == "attack":
        payload = rng.choice(PAYLOADS[lang] if rng.random() < 0.75 else PAYLOADS["en"])
        parts.insert(rng.randint(0, len(parts)), _hide(payload, carrier, rng))
    doc = _carrier(carrier, lang, parts, rng)
    if lang != "en":
        head, q_label = OTHER[lang]
        text = f"{head}\n\n{doc}\n\n{q_label} {rng.choice(QUESTIONS)}"
    else:
        task = rng.choice(DOC_TASKS[carrier] if rng.random() < 0.7 else GENERIC_TASKS)
        label_line = rng.choice(LABELS)
        body = f"{label_line}\n{doc}" if label_line else doc
        tail = f"\n\nQuestion: {rng.choice(QUESTIONS)}" if rng.random() < 0.5 else ""
        text = f"{_preamble(rng)} {task}\n\n{body}{tail}"
    return _row(text, label, carrier, payload, lang, i)


def _row(text: str, label: str, subkind: str, payload: str, lang: str, i: int) -> dict:
    return {
        "text": text,
        "label": label,
        "kind": "indirect" if label == "attack" else ("document" if subkind != "plain" else "benign"),
        "subkind": f"wrapper/{subkind}",
        "source": SOURCE,
        "payload": payload,
        "lang": lang,
        "id": f"task-wrappers:{i}",
    }


def main() -> None:
    rng = random.Random(20261207)
    real = real_tickets()
    rows = [make("benign", i, rng, real) for i in range(N_BENIGN_DOC + N_BENIGN_PLAIN)]
    rows += [make("attack", N_BENIGN_DOC + N_BENIGN_PLAIN + i, rng, real) for i in range(N_ATTACK)]
    write_rows(OUT, rows)


if __name__ == "__main__":
    main()
