"""Valid company codes computed independently of the validators, and generated input files."""

from __future__ import annotations

import csv
from pathlib import Path

INN10_WEIGHTS = (2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_11 = (7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
INN12_WEIGHTS_12 = (3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def _weighted(digits: str, weights: tuple[int, ...]) -> str:
    return str(sum(int(d) * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def inn10(body: str) -> str:
    """A legal entity's INN: nine digits and their check digit (Federal Tax Service rule)."""
    return body + _weighted(body, INN10_WEIGHTS)


def inn12(body: str) -> str:
    """A person's INN: ten digits and two check digits."""
    first = body + _weighted(body, INN12_WEIGHTS_11)
    return first + _weighted(first, INN12_WEIGHTS_12)


def ogrn13(body: str) -> str:
    """A company's OGRN: twelve digits, then the body mod 11 (its last digit)."""
    return body + str(int(body) % 11 % 10)


def ogrnip15(body: str) -> str:
    """A sole trader's OGRNIP: fourteen digits, then the body mod 13 (its last digit)."""
    return body + str(int(body) % 13 % 10)


def uscc(body: str) -> str:
    """A Chinese unified social credit code: seventeen characters and a check character."""
    total = sum(USCC_ALPHABET.index(ch) * w for ch, w in zip(body, USCC_WEIGHTS, strict=True))
    return body + USCC_ALPHABET[(31 - total % 31) % 31]


def write_products_csv(path: Path, rows: int, companies: int = 5) -> Path:
    """A product list of ``rows`` rows from ``companies`` exporters, all of them valid."""
    names = [
        ("Масло подсолнечное рафинированное {n}", "Refined sunflower oil {n}", "151219"),
        ("Мёд гречишный {n}", "Buckwheat honey {n}", "040900"),
        ("Пшеница мягкая {n}", "Soft wheat {n}", "100199"),
        ("Краб камчатский {n}", "Red king crab {n}", "030633"),
    ]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["product_ref", "company_name", "company_inn", "product_name_ru",
             "product_name_en", "hs_code", "unit", "moq", "price_min", "price_max",
             "currency", "incoterms"]
        )  # fmt: skip
        for number in range(rows):
            company = number % companies
            ru, en, hs = names[number % len(names)]
            writer.writerow(
                [f"KILL-{number:06d}", f"ООО «Экспорт {company}»", inn10(f"77{company:07d}"),
                 ru.format(n=number), en.format(n=number), hs, "t", "1", "100.50", "120",
                 "USD", "FCA"]
            )  # fmt: skip
    return path
