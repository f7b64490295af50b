"""Chinese names of goods through the nomenclature, for product names the glossary
reads no good in and for glossary goods filed broader than the tariff names the code.

A product that carries a code (a heading, a subheading or a ten-digit TN VED code) is
named from the Chinese HS nomenclature (``resources/hs/hs2022_zh.csv``,
:func:`tariff_name`): the subheading's name in the tariff's wording, else the heading's,
as a buyer reads a product name (qualifiers, 其他, lists, kinds and parts refused or
stripped, see :func:`_buyer_form`).

Failing that, a product with a six-digit subheading that is not "other" is named from
the subheading's English text (:func:`nomenclature_name`): its head noun ("Linoleum,
whether or not cut to shape"; "Pumps; vacuum" read as "vacuum pump") looked up among
CC-CEDICT's senses, a Chinese word kept only when its own senses lead back to the same
subheading (the HS text picks the sense).

Without a code no name is given: guessing the code from the Russian words
(:func:`product_subheadings` without a code, or the matcher's HS inference) was
measured and named too few goods rightly (README, buyer-facing exports).

Read-only use of :mod:`desktop_app.core.matching`, loaded on first use.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from desktop_app.core.matching.glossary_reader import per_glossary
from desktop_app.core.validation.hs_chinese import chinese_hs_names
from desktop_app.core.validation.hs_texts import hs2022_texts

if TYPE_CHECKING:
    from desktop_app.core.matching.glossary import Glossary

# HS subheadings ending so are "other": such a code names no particular good.
_RESIDUAL = ("9", "90")
_WORD = re.compile(r"[a-z][a-z-]+")


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@cache
def _subheading_texts() -> dict[str, str]:
    """``{six-digit subheading: its HS 2022 English text}``."""
    return {code: text for code, text in hs2022_texts().items() if len(code) == 6}


@cache
def _words_by_sense() -> dict[str, tuple[str, ...]]:
    """CC-CEDICT reversed: ``{English sense, folded and singular: Chinese words}``, the
    words of two or more characters whose sense it is."""
    from desktop_app.core.matching.bridge import chinese_dictionary  # the matcher, on first use

    found: dict[str, list[str]] = defaultdict(list)
    for word, senses in chinese_dictionary().senses.items():
        if len(word) < 2:
            continue
        for sense in senses:
            words = _WORD.findall(sense.casefold())
            if words and len(words) <= 3 and " ".join(words) == sense.casefold().strip():
                found[" ".join(_singular(w) for w in words)].append(word)
    return {sense: tuple(words) for sense, words in found.items()}


def product_subheadings(glossary: Glossary, name_ru: str, hs_code: str | None) -> tuple[str, ...]:
    """The HS subheadings a product is about: its own code's (when it has six digits or
    more), else those its Russian name's head noun reaches in the TN VED; empty when
    neither says."""
    from desktop_app.core.matching.hs_bridge import russian_hs_bridge
    from desktop_app.core.matching.hs_inference import hs_digits
    from desktop_app.core.matching.normalize import normalize_text

    digits = hs_digits(hs_code)
    if len(digits) >= 6:
        return (digits[:6],)
    bridged = russian_hs_bridge(normalize_text(name_ru).words, glossary)
    codes = bridged.codes if bridged is not None else ()
    if len(digits) >= 4:
        # A heading alone: the name's words pick its subheading, never another heading.
        return tuple(code for code in codes if code.startswith(digits[:4]))
    return codes


@per_glossary(maxsize=4096, at=0)
def _codes_of_chinese(glossary: Glossary, word: str) -> frozenset[str]:
    from desktop_app.core.matching.hs_bridge import chinese_hs_bridge

    bridged = chinese_hs_bridge((word,), glossary)
    return frozenset(bridged.codes) if bridged is not None else frozenset()


def nomenclature_name(glossary: Glossary, codes: tuple[str, ...]) -> str:
    """A Chinese name for the good of the best subheading in ``codes`` from its English
    text's head noun, kept only when the Chinese word reads back to that subheading;
    empty for an "other" subheading or when no word does."""
    if not codes or codes[0].endswith(_RESIDUAL):
        return ""
    code = codes[0]
    text = _subheading_texts().get(code, "")
    if not text:
        return ""
    parts = [part.strip() for part in re.split(r"[;,(]", text.casefold())]
    head = _WORD.findall(parts[0]) if parts else []
    if not head:
        return ""
    phrases: list[str] = []
    qualifier = _WORD.findall(parts[1]) if len(parts) > 1 else []
    if qualifier and len(qualifier) <= 2 and len(head) == 1:
        # "Pumps; vacuum": the qualifier goes before the head noun.
        phrases.append(" ".join([*qualifier, _singular(head[-1])]))
    phrases.append(" ".join(_singular(word) for word in head))
    by_sense = _words_by_sense()
    for phrase in phrases:
        for word in by_sense.get(phrase, ()):
            if code in _codes_of_chinese(glossary, word):
                return word
    return ""


# A tariff name ending so names a kind of goods, not a good a buyer could order:
# 其他木制品 (other articles of wood), 机器零件 (parts of machines).
_GENERIC_ENDS = (
    "制品",
    "物品",
    "用品",
    "产品",
    "货品",
    "零件",
    "附件",
    "部件",
    "机器",
    "机械",
    "装置",
    "设备",
    "器具",
    "仪器",
    "材料",
    "化合物",
    "商品",
    "品",  # 护发品, 化妆品: hair preparations, cosmetics
)
# Listing marks: a name naming several goods (锹、铲、镐) names none of them.
_LISTING = re.compile(r"[、；;，,及或和]")
_BRACKETS = re.compile(r"（[^）]*）|\([^)]*\)")
# A bracket that qualifies rather than names: （例如…）, （光伏发电机除外）, （未装有…）,
# （无功功率不低于0.5千乏）; a Latin designation in brackets (（LED）) is no name either.
_NOT_A_NAME_START = ("例如", "包括", "不论", "按", "未", "已", "不", "非", "无", "含", "供")
_NOT_A_NAME_END = ("除外", "在内", "包装")  # 药品（零售包装）: the form it is sold in
_DIGIT = re.compile(r"[0-9０-９]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
# A subheading of parts (真空吸尘器的零件) names no good, and its heading's name (真空吸尘器)
# would name the machine the parts are for.
_PARTS_ENDS = ("零件", "零件、附件", "附件", "部件", "零附件")


# After a comma, a phrase saying the form or state the good comes in: 成卷或成张 (in rolls
# or sheets), 不论是否…, 已…, 未….
_FORM_AFTER_COMMA = ("成卷", "成张", "不论", "已", "未", "不", "非", "无", "但")


def _bounds(qualifier: str) -> bool:
    """True when a qualifying phrase before 的 only bounds a quantity or says what the
    good lacks (电压不超过1000伏的, 不带记录装置的): the head after it is the good
    itself, not a word cut off a longer name (针叶木制的…木材)."""
    return bool(_DIGIT.search(qualifier)) or qualifier.startswith(("不", "未", "非", "无"))


def _names_the_good(name: str, inner: str) -> bool:
    """True when a bracket of a tariff name is the common name of the good the name ends
    in: it closes the name (榨油机 of …油脂的机器, 青铜 of …铜锡合金, 盐酸 of 氯化氢), not a
    material named on the way (…铜锌合金（黄铜）板、片、带)."""
    before, bracket, after = name.rpartition(f"（{inner}）")
    if not bracket:
        before, bracket, after = name.rpartition(f"({inner})")
    return bool(before.strip()) and not after.strip()


def _buyer_form(name: str, whole: bool = False) -> str:
    """The tariff name as a buyer reads a product name, or empty when it names no one
    good: a common name in brackets taken (榨油机), never a qualifier (（光伏发电机除外）,
    （已浸渍）, （无功功率不低于0.5千乏）) or a Latin designation (（LED）); other brackets
    dropped; a qualifying phrase ending in 的 (针织或钩编的男衬衫 -> 男衬衫) dropped, or
    with ``whole`` the name refused unless the phrase only bounds a quantity
    (电压超过60伏的继电器 -> 继电器, :func:`_bounds`); 其他 (other) and 各种 dropped;
    a list of goods (锹、铲、镐; …；…的木制家具), a list ending in 类似的… or a kind of
    goods refused."""
    common = [
        inner[1:-1]
        for inner in _BRACKETS.findall(name)
        if not inner[1:].startswith(_NOT_A_NAME_START)
        and not inner[:-1].endswith(_NOT_A_NAME_END)
        and not _DIGIT.search(inner)
    ]
    if (
        len(common) == 1
        and not _LISTING.search(common[0])
        and len(_HAN.findall(common[0])) >= 2
        and _names_the_good(name, common[0])
    ):
        # The tariff's common name of the good: …油脂的机器（榨油机）.
        return common[0]
    text = _BRACKETS.sub("", name).strip()
    if "；" in text or ";" in text:
        return ""  # goods of several kinds: the last one's name is not the product's
    if "，" in text:
        # 描图纸，成卷或成张; 火柴，但品目3604的…除外: the form it comes in, or an exception,
        # after a comma qualifies the good.
        head, rest = text.split("，", 1)
        if rest.startswith(_FORM_AFTER_COMMA):
            text = head
    if "的" in text:
        qualifier, head = text.rsplit("的", 1)
        if qualifier.endswith(("类似", "其他")) or (whole and not _bounds(qualifier)):
            return ""  # 胶合板、单板饰面板及类似的多层板: a list, not a qualifier
        if len(head) >= 2:
            text = head
    if "制" in text[1:]:
        # 纸或纸板制信封: the materials before 制 (made of) qualify the good after it.
        material, head = text.rsplit("制", 1)
        if len(head) >= 2 and not (whole and _LISTING.search(material)):
            text = head
    for prefix in ("其他", "各种"):
        text = text.removeprefix(prefix)
    if len(text) < 2 or _LISTING.search(text) or text.endswith(_GENERIC_ENDS):
        return ""
    return text


def tariff_name(hs_code: str | None, whole: bool = False) -> tuple[str, str]:
    """A Chinese name for a product with ``hs_code`` from the Chinese HS nomenclature and
    the code it names (the subheading's, else the heading's): 8413 70 -> (离心泵,
    "841370"); empty when the table names no one good at either level (an "other"
    subheading with a heading that lists several goods, a kind such as 其他木制品, a
    subheading of parts, whose heading names the machine rather than the part). With
    ``whole``, only names the tariff gives whole (no qualifying phrase cut off before
    的): those that may stand in for a glossary's broader good."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    digits = hs_digits(hs_code)
    names = chinese_hs_names()
    for length in (6, 4):
        if len(digits) < length:
            continue
        own = names.get(digits[:length], "")
        if length == 6 and _BRACKETS.sub("", own).strip().endswith(_PARTS_ENDS):
            return "", ""
        name = _buyer_form(own, whole)
        if name:
            return name, digits[:length]
    return "", ""


@dataclass(frozen=True)
class TariffCheck:
    """What the Chinese tariff says of a glossary good read in a product's name, given the
    product's code. ``tariff_name``: the tariff names the code more narrowly than the
    glossary files its good, use the tariff's name; ``member``: the glossary's good groups
    several goods, and this one of its Chinese terms is the one the tariff names at the
    code; ``refused``: the good groups several and the tariff's texts of the code name
    none of them, so the glossary's first term may name another member. All empty: the
    glossary's good stands."""

    tariff_name: str = ""
    member: str = ""
    refused: bool = False


def _filing(glossary: Glossary, concept_id: str, digits: str) -> tuple[int, int, int]:
    """How closely the glossary files a good at ``digits``: the longest common length of
    one of its codes with them, how many of its codes lie in their heading and in how
    many headings its codes lie."""
    filed = 0
    in_heading = 0
    codes = glossary.hs_of(concept_id)
    for own in codes:
        size = min(len(own), len(digits))
        if own[:size] == digits[:size]:
            filed = max(filed, size)
        in_heading += own[:4] == digits[:4]
    return filed, in_heading, len({own[:4] for own in codes})


def _same_good(name: str, terms: tuple[str, ...]) -> bool:
    """True when the tariff's name and the glossary's first term are written with the
    same characters, one within the other's (葵花油 and 葵花籽油): one good, named two ways."""
    if not terms:
        return False
    own, first = set(_HAN.findall(name)), set(_HAN.findall(terms[0]))
    return bool(own) and (own <= first or first <= own)


def tariff_agrees(glossary: Glossary, concept_id: str, digits: str) -> bool:
    """True when the Chinese tariff names the glossary's good at the subheading
    ``digits``: its name there is the good's first term written another way (硅铁, 离心泵
    of 其他离心泵), or one of the good's Chinese terms is written in the subheading's text
    (浴盐 in 香浴盐及其他沐浴用制剂), and the subheading is not one of a good and its parts
    (机动车辆用离合器及其零件: a clutch cable is no clutch)."""
    own = chinese_hs_names().get(digits[:6], "")
    if not own or "零件" in own or "部件" in own:
        return False
    terms = glossary.concepts[concept_id].terms.get("zh", ())
    if _same_good(tariff_name(digits[:6])[0], terms):
        return True
    if any(len(term) >= 2 and term in own for term in terms):
        return True
    # A word of two characters the good's terms and the tariff's text share, other than
    # a kind's (制品, 材料): 沥青 of 改性沥青防水卷材 and 成卷的沥青…制品.
    words = {
        run[i : i + 2]
        for term in terms
        for run in _HAN_RUN.findall(term)
        for i in range(len(run) - 1)
    }
    return any(
        word in own and not word.endswith(_GENERIC_ENDS) and word != "其他" for word in words
    )


def check_against_tariff(glossary: Glossary, concept_id: str, hs_code: str | None) -> TariffCheck:
    """The glossary's good for a product checked against the tariff's name of its code.

    Only a good filed broader than the code (at its heading or chapter, 断路器 filed at
    8536 for a fuse of 8536 10) or grouping several subheadings of its heading (铜合金:
    brass 7403 21, bronze 7403 22) is checked. Then the tariff's whole name of the code
    (:func:`tariff_name`) replaces the glossary's good when it names the code more narrowly
    than the glossary files it (熔断器); else the one Chinese term of the good written in
    the tariff's texts of the code and its heading is taken (青铜 in 未锻轧的铜锡合金（青铜）);
    else, when the good's first term is not in those texts either, no name is given (滑雪板,
    skis, for a sledge of 9506 99, other outdoor games)."""
    from desktop_app.core.matching.hs_inference import hs_digits  # the matcher, on first use

    digits = hs_digits(hs_code)
    if len(digits) < 4:
        return TariffCheck()
    level = min(6, len(digits))
    filed, in_heading, headings = _filing(glossary, concept_id, digits)
    if filed >= level and in_heading <= 1 and headings <= 1:
        return TariffCheck()
    terms = glossary.concepts[concept_id].terms.get("zh", ())
    name, code = tariff_name(digits, whole=True)
    if name and filed < len(code):
        return TariffCheck(tariff_name=name)
    if name and in_heading > 1 and len(code) == 6 and not _same_good(name, terms):
        return TariffCheck(tariff_name=name)
    if not terms:
        return TariffCheck()
    names = chinese_hs_names()
    own = names.get(digits[:6], "")
    if _BRACKETS.sub("", own).strip().endswith(_PARTS_ENDS):
        return TariffCheck()  # a part: the machine's terms in the text are not its name
    for whole_text in (own, names.get(digits[:4], "")):
        if terms[0] in whole_text:
            return TariffCheck()
        # The name outside brackets first: 溜冰鞋及旱冰鞋（包括装有冰刀的溜冰靴） names
        # skates, the bracket what they may carry.
        for text in (_BRACKETS.sub("", whole_text), whole_text):
            found = [term for term in terms if term in text]
            specific = [t for t in found if not any(t != o and t in o for o in found)]
            if len(specific) == 1 and not _same_good(specific[0], terms):
                return TariffCheck(member=specific[0])
            if specific:
                break
    return TariffCheck()


# A cation named in a Russian chemical's name, and its Chinese character: натрия
# гипохлорит -> 次氯酸钠 where the tariff says 次氯酸盐 (hypochlorites).
_CATIONS = (
    (re.compile(r"\bнатри(?:й|я|ю|ем|ев\w*)\b"), "钠"),
    (re.compile(r"\bкали(?:й|я|ю|ем|ев\w*)\b"), "钾"),
    (re.compile(r"\bкальци(?:й|я|ю|ем|ев\w*)\b"), "钙"),
    (re.compile(r"\bмагни(?:й|я|ю|ем|ев\w*)\b"), "镁"),
    (re.compile(r"\bаммони(?:й|я|ю|ем|ев\w*|йн\w*)\b"), "铵"),
    (re.compile(r"\bалюмини(?:й|я|ю|ем|ев\w*)\b"), "铝"),
    (re.compile(r"\bцинк(?:а|у|ом|ов\w*)?\b"), "锌"),
    (re.compile(r"\bбари(?:й|я|ю|ем|ев\w*)\b"), "钡"),
    (re.compile(r"\bлити(?:й|я|ю|ем|ев\w*)\b"), "锂"),
)
# A tariff name of a class of salts: 次氯酸盐 (hypochlorites), 硫代硫酸盐, 氯化物.
_SALT_CLASS = re.compile(r"^[\u4e00-\u9fff]{1,6}(?:酸盐|化物)$")


def with_cation(name: str, name_ru: str) -> str:
    """A tariff name of a class of salts made the salt of the one cation the Russian name
    names: 次氯酸盐 + «натрия гипохлорит» -> 次氯酸钠, 硫代硫酸盐 + «натрий тиосульфат» ->
    硫代硫酸钠, 氯化物 + «калий хлористый» -> 氯化钾. Unchanged otherwise."""
    if not _SALT_CLASS.match(name) or "金属" in name:
        return name
    folded = name_ru.casefold().replace("ё", "е")
    found = {han for pattern, han in _CATIONS if pattern.search(folded)}
    if len(found) != 1:
        return name
    return name[:-1] + found.pop()


# Chapters of chemicals: a longer name is another compound, not a kind of the shorter.
_CHEMICALS = ("28", "29")


@cache
def _tariff_names_index() -> dict[str, str]:
    """``{the tariff's name of a good, as a buyer writes it: its code}``: the subheadings'
    and headings' names (:func:`_buyer_form`) of two Chinese characters or more. A name
    the tariff gives two codes keeps their common heading, or is left out when they lie
    in different headings."""
    found: dict[str, set[str]] = defaultdict(set)
    for code, own in chinese_hs_names().items():
        if len(code) not in (4, 6):
            continue
        if len(code) == 6 and _BRACKETS.sub("", own).strip().endswith(_PARTS_ENDS):
            continue
        name = _buyer_form(own)
        if "的" in _BRACKETS.sub("", own) and f"（{name}）" not in own:
            code = code[:4]  # a head cut off a qualified name (…瓦的电动机): the heading's
        if len(_HAN.findall(name)) >= 2 and not _DIGIT.search(name):
            found[name].add(code)
    index: dict[str, str] = {}
    for name, codes in found.items():
        if len(codes) == 1:
            index[name] = next(iter(codes))
        elif len({code[:4] for code in codes}) == 1:
            index[name] = next(iter(codes))[:4]
    return index


def read_tariff_code(text: str) -> str:
    """The code whose Chinese tariff name a Chinese text ends a run of characters with,
    for a buyer's line the glossary cannot read: the longest such name (XJ-200型离心泵 ->
    离心泵, 8413 70); a chemical's only when it is the whole run. Empty when none is
    written or two codes' names of that length are."""
    index = _tariff_names_index()
    best: list[tuple[int, str]] = []
    for run in _HAN_RUN.findall(text or ""):
        # A Chinese name ends in its good (数字助听器); a chemical's whole name is one
        # compound (硫代硫酸钠 is not 硫酸钠).
        for start in range(len(run) - 1):
            code = index.get(run[start:])
            if code and (start == 0 or code[:2] not in _CHEMICALS):
                best.append((len(run) - start, code))
                break
    if not best:
        return ""
    longest = max(size for size, _code in best)
    codes = {code for size, code in best if size == longest}
    return codes.pop() if len(codes) == 1 else ""


_RUSSIAN_WORD = re.compile(r"[а-яё]+(?:-[а-яё]+)*")
_RUSSIAN_ADJECTIVE = (
    "ый", "ий", "ой", "ая", "яя", "ое", "ее", "ые", "ие", "ого", "его", "ых", "их", "ую", "юю",
)  # fmt: skip
# A preposition ends the good's phrase: what follows is what it is for or made of.
_PREPOSITIONS = frozenset(["для", "с", "со", "из", "на", "в", "по", "и", "от", "под", "без"])


def head_noun(name_ru: str) -> str:
    """The good a Russian product name names: its first word that is not an adjective,
    before any preposition («Лебёдка ручная рычажная» -> лебедка; «Мицеллярная вода для
    снятия макияжа» -> вода; «Бумага для выпечки» -> бумага, never выпечка); the first
    part of a hyphenated word (унитаз-компакт -> унитаз). Empty when none comes first."""
    for word in _RUSSIAN_WORD.findall(name_ru.casefold().replace("ё", "е")):
        if word in _PREPOSITIONS:
            return ""
        first = word.split("-")[0]
        if len(first) >= 3 and not first.endswith(_RUSSIAN_ADJECTIVE):
            return first
    return ""


_BRACKETED = re.compile(r"\(([^)]*)\)")
# Head nouns that name no good but a use or a form: the good is the material after them.
_NO_GOOD = frozenset(["утеплитель", "материал", "изделие", "изделия", "продукция", "средство"])


def head_nouns(name_ru: str) -> frozenset[str]:
    """The head nouns of a Russian product name (:func:`head_noun`): the name's own and
    that of each phrase in brackets, which names the good again («Спирт н-бутиловый
    (бутанол-1)», «Станок точильно-шлифовальный (точило)»). Empty when the name has none."""
    nouns: set[str] = set()
    for text in (name_ru, *_BRACKETED.findall(name_ru)):
        noun = head_noun(text)
        if noun in _NO_GOOD:
            return frozenset()  # «Утеплитель из базальтовой ваты»: the material is the good
        if noun:
            # Each part of a hyphenated head: «Крем-краска» is a краска too.
            folded = text.casefold().replace("ё", "е")
            words = _RUSSIAN_WORD.findall(folded)
            whole = next((word for word in words if word.split("-")[0] == noun), noun)
            nouns.update(part for part in whole.split("-") if len(part) >= 3)
    return frozenset(nouns)


def head_phrase(name_ru: str) -> frozenset[str]:
    """The words of a Russian product name before its first preposition or comma, the
    head noun's own phrase: «Лемех плуга ПЛН-5-35, сталь» -> лемех, плуга (the plough a
    share is part of), never what follows для, из or с."""
    first = re.split(r"[,(;]", name_ru.casefold().replace("ё", "е"), maxsplit=1)[0]
    words: set[str] = set()
    for word in _RUSSIAN_WORD.findall(first):
        if word in _PREPOSITIONS:
            break
        words.update(part for part in word.split("-") if len(part) >= 3)
    return frozenset(words)


# A Chinese term ending so names a kind of goods: the tariff's kinds (制品, 用品, 设备, …)
# and a glossary group's (紧固件 fasteners, 卫生洁具 sanitary ware, 手术器械, 乐器, 家电).
_KIND_ENDS = (*_GENERIC_ENDS, "件", "具", "器械", "乐器", "家电", "机床")


def names_a_member(
    glossary: Glossary, concept_id: str, name_ru: str, several_codes: bool = True
) -> bool:
    """True when the glossary's good is a kind of goods (its first Chinese term ends as a
    kind does, :data:`_KIND_ENDS`; with ``several_codes``, filed at two codes or more too:
    乐器 at 9201 to 9207, 手工具 at 8201 to 8206, 机床) and the Russian name's head noun
    is not the kind's own noun (its first Russian term's head): «Балалайка» is one member
    of 乐器 (музыкальные инструменты), «Топор» one of 手工具; the kind's name is not the
    product's."""
    from desktop_app.core.validation.hs_catalog import stem

    concept = glossary.concepts[concept_id]
    zh = concept.terms.get("zh", ())
    ru = concept.terms.get("ru", ())
    if not zh or not ru or not zh[0].endswith(_KIND_ENDS):
        return False
    if several_codes and len(concept.hs) < 2:
        return False
    heads = head_nouns(name_ru)
    own = head_noun(ru[0])
    return bool(heads and own) and stem(own) not in {stem(head) for head in heads}


@cache
def _tnved_words() -> dict[str, frozenset[str]]:
    """``{stemmed Russian word: TN VED codes whose own text holds it}``: a heading's
    whole text, below it the last segment of the chain (its own words)."""
    from desktop_app.core.paths import resource
    from desktop_app.core.validation.hs_catalog import SEPARATOR, read_tnved_rows, stem

    found: dict[str, set[str]] = defaultdict(set)
    for code, text in read_tnved_rows(resource("tnved", "tnved.csv")):
        if len(code) < 4:
            continue
        own = text if len(code) == 4 else text.split(SEPARATOR)[-1]
        for word in _RUSSIAN_WORD.findall(own.casefold().replace("ё", "е")):
            for part in word.split("-"):
                found[stem(part)].add(code)
    return {word: frozenset(codes) for word, codes in found.items()}


def head_noun_code(name_ru: str) -> str:
    """The code a product without one is about, by its head noun (:func:`head_noun`) in
    the TN VED texts: only when every text holding the noun lies in one heading; then the
    subheading most of them lie in when one does, else the heading. Empty otherwise."""
    from desktop_app.core.validation.hs_catalog import stem

    noun = head_noun(name_ru)
    codes = _tnved_words().get(stem(noun), frozenset()) if noun else frozenset()
    if not codes or len({code[:4] for code in codes}) != 1:
        return ""
    counts: dict[str, int] = defaultdict(int)
    for code in codes:
        if len(code) >= 6:
            counts[code[:6]] += 1
    ranked = sorted(counts.values(), reverse=True)
    if ranked and (len(ranked) == 1 or ranked[0] > ranked[1]):
        return max(counts, key=lambda code: counts[code])
    return next(iter(codes))[:4]
