"""Where each of the center's forms leads. A static site receives nothing itself: a form is a
link to the configured form service, or, when none is configured, an e-mail with the subject
already written, with telephone and FAX beside it. Never a form that goes nowhere."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from .data import CenterInfo

# kind -> (button label, e-mail subject, what the e-mail should say)
_KINDS = {
    "visit": ("訪問コンサルティングを申し込む", "訪問コンサルティングの申込み",
              ("会社名", "所在地", "ご担当者名", "電話番号", "業種", "従業員数", "ご相談の内容", "訪問の希望日時（第3希望まで）")),
    "seminar": ("このセミナーに申し込む", "セミナーの申込み",
                ("会社名", "参加者の氏名（全員）", "電話番号", "参加人数", "業種", "従業員数", "講師への質問（あれば）")),
    "contact": ("問い合わせる", "お問い合わせ", ("会社名", "ご担当者名", "電話番号", "お問い合わせの内容")),
}


@dataclass(frozen=True)
class FormLink:
    kind: str  # visit | seminar | contact
    label: str  # the link's text
    url: str  # the form service's address, or a mailto: with subject and body
    by_mail: bool  # True when no form service is configured
    email: str
    tel: str
    fax: str


def form_link(info: CenterInfo, kind: str, subject: str = "", url: str = "") -> FormLink:
    """The link of one form; `url` (a seminar's own form) wins over the configured one."""
    label, default_subject, asks = _KINDS[kind]
    d = info.department
    target = url or info.forms.get(kind, "")
    if not target:
        body = "".join(f"{item}：\n" for item in asks)
        target = f"mailto:{d.email}?subject={quote(subject or default_subject)}&body={quote(body)}"
    return FormLink(kind, label, target, not (url or info.forms.get(kind)), d.email, d.tel, d.fax)
