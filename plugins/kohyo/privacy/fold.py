"""Folding: the one normal form in which private values and published text are compared.

Staff retype what submitters wrote: full-width letters and digits, 「−」「‐」「ー」 for hyphens,
spaces or 「・」 between name parts, 様・さん・氏・殿 after a surname, 丁目・番地・号 in an
address. Folding removes those differences from both sides, so a fingerprint of the folded
value matches every way of writing it. Folded text is only ever compared, never shown.
"""

from __future__ import annotations

import re
import unicodedata

# Hyphens, dashes, minus signs, the prolonged sound mark and the wave dash, middle dots,
# brackets and punctuation that staff put between digits or name parts, and escapes that
# output formats add (ICS "\,", JSON "\/").
_DROP_CLASS = ("\\-\u2010-\u2015\u2212\u30fc\uff70\u301c\uff5e~\u30fb\uff65\u00b7\u2022()\\[\\]{}"
                   "「」『』【】〔〕.,;:'\"\u3001\u3002\\\\/_\u200b-\u200f\u2060\ufeff")
_DROP = re.compile(f"[\\s{_DROP_CLASS}]")
_DROP_IN_LINE = re.compile(f"[^\\S\\n]|[{_DROP_CLASS}]")
_HONORIFIC = re.compile("(さま|さん|様|殿|氏|君|くん|ちゃん)")
_ADDRESS_UNIT = re.compile(r"(?<=\d)(丁目|番地|番|号)")
# Prefecture, county, city/town/village and ward at the start of an address.
_ADDRESS_AREA = re.compile(r"^(?:.{2,3}?[都道府県])?(?:.{1,6}?郡)?(?:.{1,6}?[市町村])?(?:.{1,4}?区)?")
# Forms are matched up to this many folded characters: long enough to identify, short enough
# that a scan can compare text split over lines.
MAX_FORM = 60
_NAME_PARTS = re.compile(r"[\s\u3000\u30fb\uff65\u00b7,、]+")


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _ADDRESS_UNIT.sub("", text)
    text = _HONORIFIC.sub("様", text)
    return _DROP.sub("", text)


def fold_lines(text: str) -> list[str]:
    """fold() of each line of a text, done in one pass over the text."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _HONORIFIC.sub("様", _ADDRESS_UNIT.sub("", text))
    return _DROP_IN_LINE.sub("", text).split("\n")


def name_forms(name: str) -> tuple[list[str], str | None]:
    """Folded forms of a name that identify its bearer, and why it cannot be guarded (if so).

    The whole name with any separator, and each part (surname, given name) followed by an
    honorific. A surname alone is not matched: many are also place names (石狩, 中央).
    """
    parts = [fold(p) for p in _NAME_PARTS.split(unicodedata.normalize("NFKC", name).strip()) if fold(p)]
    whole = "".join(parts)
    if len(whole) < 2:
        return [], "1文字以下の氏名は、ほかの文字と区別できないため照合しません"
    forms = [whole] + [p + "様" for p in parts if len(parts) > 1 and len(p) >= 2]
    note = None if len(parts) > 1 else "姓と名の間に空白がないため、「姓＋様」の形は照合できません（氏名の全体は照合します）"
    return forms, note


def address_forms(address: str) -> tuple[list[str], str | None]:
    """The address as written and without its prefecture, city and ward; only with a house number."""
    folded = fold(address)
    local = _ADDRESS_AREA.sub("", fold(unicodedata.normalize("NFKC", address)))
    # The address without its area contains the whole one: matching it alone finds both.
    forms = [f for f in dict.fromkeys([local, folded]) if len(f) >= 4 and re.search(r"\d", f)][:1]
    if not forms:
        return [], "番地のない住所（市区町村名など）は、多くの人に当てはまるため照合しません"
    return forms, None


def phone_forms(phone: str) -> tuple[list[str], str | None]:
    digits = re.sub(r"\D", "", unicodedata.normalize("NFKC", phone))
    if len(digits) < 10:
        return [], "10桁未満の電話番号は、ほかの数字と区別できないため照合しません"
    forms = [digits]
    if digits.startswith("0"):  # +81 11 ... in international form
        forms.append(digits[1:])
    return forms, None


def email_forms(email: str) -> tuple[list[str], str | None]:
    folded = fold(email)
    if "@" not in folded or len(folded) < 6:
        return [], "メールアドレスとして読めないため照合しません"
    return [folded], None


def text_forms(text: str) -> tuple[list[str], str | None]:
    """An opinion's original text: its opening words, copied as written. A short phrase is not
    identifying; a summary in the staff's own words does not match."""
    folded = fold(text)
    return ([folded[:MAX_FORM]], None) if len(folded) >= 20 else ([], None)


FORMS = {"氏名": name_forms, "住所": address_forms, "電話番号": phone_forms, "メールアドレス": email_forms,
         "意見の原文": text_forms}
