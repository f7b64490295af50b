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
# The text keys of each script (model codes belong to every script): the cosine of a pair
# is taken per script, so a product also named in other languages is not diluted.
TEXT_SCRIPTS = ("ru", "en", "zh")
# Demand rows looked up at once.
LOOKUP_BLOCK = 250


def text_script(key: str) -> str | None:
    """The script a text key belongs to; ``""`` for model codes (all), None for non-text."""
    kind = key[0]
    if kind == "z":
        return "zh"
    if kind == "w":
        return "ru" if any("\u0400" <= ch <= "\u04ff" for ch in key) else "en"
    return "" if kind == "m" else None


def _weights(
    records: Sequence[RecordFeatures], vocabulary: dict[str, int], idf: np.ndarray
) -> sparse.csr_matrix:
    """The IDF weight of each record's keys, rows not yet normalised."""
    rows: list[int] = []
    cols: list[int] = []
    for row, features in enumerate(records):
        for key in features.keys:
            column = vocabulary.get(key)
            if column is not None:
                rows.append(row)
                cols.append(column)
    data = idf[np.asarray(cols, dtype=np.int64)] if cols else np.zeros(0)
    return sparse.csr_matrix(
        (data, (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
        shape=(len(records), len(vocabulary)),
        dtype=np.float32,
    )


def _masked(weights: sparse.csr_matrix, columns: np.ndarray | None) -> sparse.csr_matrix:
    """The weights of the keys where ``columns`` is true (all keys when None)."""
    if columns is None:
        return weights
    matrix = sparse.csr_matrix(weights @ sparse.diags(columns.astype(np.float32)))
    matrix.eliminate_zeros()
    return matrix


def _norms(weights: sparse.csr_matrix) -> np.ndarray:
    """Euclidean norm of each row, 1 for empty rows (their products are 0 anyway)."""
    norms = np.sqrt(np.asarray(weights.multiply(weights).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return np.asarray(norms, dtype=np.float32)


def _normalised(weights: sparse.csr_matrix) -> sparse.csr_matrix:
    """Unit rows."""
    return sparse.csr_matrix(sparse.diags(1.0 / _norms(weights)) @ weights, dtype=np.float32)


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
        product_weights = _weights(products, vocabulary, idf)
        demand_weights = _weights(demand, vocabulary, idf)
        self.products = _normalised(product_weights)
        self.demand = _normalised(demand_weights)
        # Text keys: all of them ("*", the cosine scored) and per script (model codes in
        # each). The demand side keeps one matrix of raw weights and a norm per script;
        # the product side, far smaller, one matrix per script.
        scripts = np.asarray([text_script(key) for key in vocabulary], dtype=object)
        masks = {"*": scripts != None}  # noqa: E711 (element-wise comparison)
        for script in TEXT_SCRIPTS:
            masks[script] = (scripts == script) | (scripts == "")
        self.demand_text = _masked(demand_weights, masks["*"])
        del demand_weights
        self.demand_norms = {s: _norms(_masked(self.demand_text, m)) for s, m in masks.items()}
        self.product_text = {s: _normalised(_masked(product_weights, m)) for s, m in masks.items()}
        del product_weights
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
        """TF-IDF cosine of the words, n-grams and codes of each (demand, product) pair.

        Over all of a product's names: one also named in other languages is a little
        further from a request in one language (see :meth:`script_cosine`).
        """
        return self._cosine("*", demand_rows, product_rows)

    def script_cosine(self, demand_rows: np.ndarray, product_rows: np.ndarray) -> np.ndarray:
        """The same cosine per script, the best one: a product also named in other
        languages is as close to a Chinese request as one named in Chinese only."""
        best = np.zeros(len(demand_rows), dtype=np.float32)
        for script in TEXT_SCRIPTS:
            best = np.maximum(best, self._cosine(script, demand_rows, product_rows))
        return best

    def _cosine(self, script: str, demand_rows: np.ndarray, product_rows: np.ndarray) -> np.ndarray:
        if len(demand_rows) == 0:
            return np.zeros(0, dtype=np.float32)
        left = self.demand_text[demand_rows]
        right = self.product_text[script][product_rows]
        dots = np.asarray(left.multiply(right).sum(axis=1)).ravel()
        return np.asarray(dots / self.demand_norms[script][demand_rows], dtype=np.float32)
