"""The Chinese names of the HS subheadings as a bridge for Chinese words no dictionary knows.

Buyers name goods with compounds neither the glossary nor CC-CEDICT knows (导尿管,
标签纸, 路面砖, 木粉); ``resources/hs/hs2022_zh.csv`` names every HS subheading in the
wording of the Chinese customs tariff, and a compound shares its characters with the
names of its subheading: its head (the last character of a Chinese compound: 管, 纸, 砖)
with the goods a name lists, its modifiers with their character pairs (标签 in 纸或纸板
标签, 导管 in 导尿管 one character apart). Character pairs are weighted by their IDF over
the subheadings (a generic 其他 or 零件 weighs nothing), and a subheading counts only
where its names explain the compound's head.

Built on first use (about 0.1 s), never at import.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Mapping
from functools import lru_cache

from desktop_app.core.validation.hs_chinese import chinese_hs_names, chinese_trade_names

# The Chinese tariff names (``resources/hs/hs2022_zh.csv``) split into the goods they
# list: at punctuation, at the connectives "and", "or", "and its", and at the generic
# "other"; "的" ends a condition or a material ("额定容量超过650千伏安的液体介质变压器"),
# the good follows it. Latin letters, digits and signs are conditions too.
_TARIFF_SPLIT = re.compile(
    r"[、，；,;：:（）()\s“”\"]|及其|以及|及|或|和|与|其他|其它|[0-9A-Za-z.%≥≤><=~+\-]+"
)
# A compound reads as a good of the tariff when its best subheading gathers this much
# IDF weight (about one rare pair and the head, or two pairs).
MIN_NAME_SCORE = 8.0
# A word that is, or ends in, a name buyers write for a subheading's goods reads as that
# subheading as surely as a rare pair and the head do together, twice over.
TRADE_NAME_SCORE = 2 * MIN_NAME_SCORE
# A skipped-character pair of the request (导管 in 导尿管) is weaker evidence than a
# pair written as it is.
SKIP_WEIGHT = 0.5
# The good of a tariff name that is a part or an accessory of another ("…的零件"): a
# request names the part only by naming it.
_PART_HEADS = frozenset("件")
_PART_NAMES = ("零件", "配件")
_BRACKETS = re.compile(r"（[^）]*）|\([^)]*\)")


def _tariff_terms(name: str) -> list[str]:
    """The goods a Chinese tariff name lists (``其他针、导管、插管及类似品`` -> 针, 导管,
    插管, 类似品), each without the condition before its last 的."""
    terms = []
    for piece in _TARIFF_SPLIT.split(name):
        if "的" in piece:
            piece = piece.rsplit("的", 1)[1]
        if piece:
            terms.append(piece)
    return terms


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _request_pairs(text: str) -> dict[str, float]:
    """Character pairs of a Chinese word with their weights: neighbours in full, pairs
    one character apart (导管 in 导尿管, the tariff's short name) at ``SKIP_WEIGHT``."""
    found = {text[i] + text[i + 2]: SKIP_WEIGHT for i in range(len(text) - 2)}
    found.update(dict.fromkeys(_pairs(text), 1.0))
    return found


class ChineseNameIndex:
    """The Chinese names of the HS subheadings (each with its heading's name) by their
    character pairs and by the last characters of the goods they list (the head of a
    Chinese compound), with IDF weights over the subheadings."""

    def __init__(
        self, names: dict[str, str], trade: Mapping[str, tuple[str, ...]] | None = None
    ) -> None:
        """Index ``{code: Chinese name}`` (four-digit headings and six-digit subheadings),
        and the names buyers write for a code (``trade``, from ``resources/hs/trade_zh``:
        地牛 for 8427 90, 阳光板 for 3920 61) as whole words."""
        headings = {code: name for code, name in names.items() if len(code) == 4}
        pairs: dict[str, set[str]] = defaultdict(set)
        heads: dict[str, set[str]] = defaultdict(set)
        total = 0
        # Subheadings of parts ("变压器、静止式变流器及电感器的零件"): the goods listed
        # before 的 are what the parts are of.
        self.parts: frozenset[str] = frozenset(
            code
            for code, name in names.items()
            if len(code) == 6 and _BRACKETS.sub("", name).endswith(_PART_NAMES)
        )
        for code, name in names.items():
            if len(code) != 6:
                continue
            total += 1
            for term in _tariff_terms(name) + _tariff_terms(headings.get(code[:4], "")):
                for pair in _pairs(term):
                    pairs[pair].add(code)
                heads[term[-1]].add(code)
        # A trade name is read only as the whole word or its end (手动地牛 -> 地牛): its
        # characters are no evidence on their own (陶瓷煲's 瓷煲 is not 搪瓷煲, enamel).
        subheadings: dict[str, list[str]] = defaultdict(list)
        for code in names:
            if len(code) == 6:
                subheadings[code[:4]].append(code)
        by_name: dict[str, set[str]] = defaultdict(set)
        for code, written in (trade or {}).items():
            # A heading's name covers its goods, not the subheading of their parts.
            codes = (
                [c for c in subheadings.get(code, []) if c not in self.parts]
                if len(code) == 4
                else [code]
            )
            for name in written:
                by_name[name].update(codes)
        self.trade = {name: frozenset(codes) for name, codes in by_name.items() if codes}
        self.pairs = {pair: frozenset(codes) for pair, codes in pairs.items()}
        self.heads = {head: frozenset(codes) for head, codes in heads.items()}
        self.pair_idf = {p: math.log(max(total, 2) / len(c)) for p, c in self.pairs.items()}
        self.head_idf = {h: math.log(max(total, 2) / len(c)) for h, c in self.heads.items()}

    def word_scores(self, word: str, trade: bool = True) -> dict[str, float]:
        """Per subheading, the IDF weight of the character pairs of ``word`` its names
        carry, plus that of its last character where the names list a good ending in it;
        only subheadings whose pairs explain that last character (its head) are kept:
        保温瓶 does not name 毛绒公仔's 仔. A word that is, or ends in, a trade name
        (``trade``) reads as that name's subheadings alone."""
        for start in range(len(word) - 1 if trade else 0):
            traded = self.trade.get(word[start:])
            if traded:
                return dict.fromkeys(traded, TRADE_NAME_SCORE)
        found: dict[str, float] = defaultdict(float)
        explained: set[str] = set()
        head = word[-1:]
        parts = frozenset() if _PART_HEADS.intersection(word) else self.parts
        for pair, weight in _request_pairs(word).items():
            for code in self.pairs.get(pair, ()):
                if code in parts:
                    continue
                found[code] += weight * self.pair_idf[pair]
                if pair.endswith(head):
                    explained.add(code)
        for code in self.heads.get(head, ()) if head not in _PART_HEADS else ():
            if code in found:
                found[code] += self.head_idf[head]
                explained.add(code)
        return {code: score for code, score in found.items() if code in explained}


@lru_cache(maxsize=1)
def chinese_subheadings() -> ChineseNameIndex:
    """The Chinese tariff names of the HS subheadings, indexed once per process."""
    return ChineseNameIndex(dict(chinese_hs_names()), chinese_trade_names())


def tariff_good(word: str) -> bool:
    """Whether a Chinese compound of two characters or more names a good of the tariff:
    its pairs and head meet a subheading's names strongly enough (路面砖 in 铺面砖 ...
    砖; 保温 alone, a modifier, explains no head)."""
    if len(word) < 2:
        return False
    # By the tariff's own names only: a trade name as broad as 板材 (boards, 4407) would
    # make the end of 白松板材 the good and its species a mere modifier.
    scores = chinese_subheadings().word_scores(word, trade=False)
    return bool(scores) and max(scores.values()) >= MIN_NAME_SCORE
