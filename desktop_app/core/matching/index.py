"""Candidate generation: an inverted index over concepts, words, n-grams and HS headings.

Each record becomes a sparse TF-IDF vector over its *keys* (``k:`` concept and broader
concepts, ``h:`` HS heading, ``w:`` word stem, ``z:`` Chinese bigram, ``m:`` model code).
Multiplying a chunk of demand vectors by the transposed product matrix walks exactly the
posting lists the demand keys share with products, which is an inverted-index look-up done
in compiled code: the full cross product is never formed. The best ``pool`` products per
line by that cosine are then scored in full.

Concept keys weigh more than words: a Russian offer and a Chinese request often share
nothing but their concepts and HS heading, and must still reach the pool.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from scipy import sparse

from desktop_app.core.matching.features import RecordFeatures

KEY_BOOST = {"k": 3.0, "h": 1.5, "m": 2.0, "w": 1.0, "z": 1.0}
TEXT_KINDS = ("w", "z", "m")
# Demand rows looked up at once.
LOOKUP_BLOCK = 250


def _matrix(
    records: Sequence[RecordFeatures],
    vocabulary: dict[str, int],
    idf: np.ndarray,
    kinds: tuple[str, ...] | None,
) -> sparse.csr_matrix:
    rows: list[int] = []
    cols: list[int] = []
    for row, features in enumerate(records):
        for key in features.keys:
            if kinds is not None and key[0] not in kinds:
                continue
            column = vocabulary.get(key)
            if column is not None:
                rows.append(row)
                cols.append(column)
    data = idf[np.asarray(cols, dtype=np.int64)] if cols else np.zeros(0)
    matrix = sparse.csr_matrix(
        (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(records), len(vocabulary)),
        dtype=np.float32,
    )
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix, dtype=np.float32)


class CandidateIndex:
    """Sparse key vectors of products and demand lines, with IDF over both sides."""

    def __init__(
        self,
        products: Sequence[RecordFeatures],
        demand: Sequence[RecordFeatures],
        demand_counts: Sequence[int] | None = None,
    ) -> None:
        """Index ``products`` for look-ups by ``demand`` (both lists keep their order).

        ``demand_counts`` says how many lines each demand record stands for when lines
        that read alike were merged, so the document frequencies stay those of the lines.
        """
        counts = demand_counts if demand_counts is not None else [1] * len(demand)
        frequency: dict[str, int] = {}
        for features, count in (*((p, 1) for p in products), *zip(demand, counts, strict=True)):
            for key in features.keys:
                frequency[key] = frequency.get(key, 0) + count
        vocabulary = {key: index for index, key in enumerate(frequency)}
        total = len(products) + sum(counts)
        idf = np.asarray(
            [
                KEY_BOOST.get(key[0], 1.0) * math.log(1.0 + total / count)
                for key, count in frequency.items()
            ],
            dtype=np.float32,
        )
        self.products = _matrix(products, vocabulary, idf, None)
        self.demand = _matrix(demand, vocabulary, idf, None)
        self.product_text = _matrix(products, vocabulary, idf, TEXT_KINDS)
        self.demand_text = _matrix(demand, vocabulary, idf, TEXT_KINDS)
        self.products_t = sparse.csc_matrix(self.products.T)

    def candidates(
        self, demand_rows: np.ndarray, pool: int, allowed: np.ndarray | None = None
    ) -> list[np.ndarray]:
        """For each demand row, product rows sharing a key with it, best ``pool`` first.

        ``allowed`` (a boolean mask over products) restricts the look-up, e.g. to the
        products that changed since the last run.
        """
        result: list[np.ndarray] = []
        # In blocks: a block's similarities to every product sharing a key can be nearly
        # dense (common words, HS headings), so the block bounds that memory.
        for start in range(0, len(demand_rows), LOOKUP_BLOCK):
            block = demand_rows[start : start + LOOKUP_BLOCK]
            similarity = sparse.csr_matrix(self.demand[block] @ self.products_t)
            result.extend(self._best(similarity, pool, allowed))
        return result

    @staticmethod
    def _best(
        similarity: sparse.csr_matrix, pool: int, allowed: np.ndarray | None
    ) -> list[np.ndarray]:
        result: list[np.ndarray] = []
        for row in range(similarity.shape[0]):
            start, end = similarity.indptr[row], similarity.indptr[row + 1]
            columns = similarity.indices[start:end]
            values = similarity.data[start:end]
            if allowed is not None:
                keep = allowed[columns]
                columns, values = columns[keep], values[keep]
            if len(columns) > pool:
                best = np.argpartition(-values, pool)[:pool]
                columns, values = columns[best], values[best]
            result.append(columns[np.argsort(-values, kind="stable")])
        return result

    def text_cosine(self, demand_rows: np.ndarray, product_rows: np.ndarray) -> np.ndarray:
        """TF-IDF cosine of the words, n-grams and codes of each (demand, product) pair."""
        if len(demand_rows) == 0:
            return np.zeros(0, dtype=np.float32)
        left = self.demand_text[demand_rows]
        right = self.product_text[product_rows]
        return np.asarray(left.multiply(right).sum(axis=1)).ravel()
