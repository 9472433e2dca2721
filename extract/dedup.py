"""Duplicate text: exact copies by a normalised hash, lightly edited wire copies by MinHash over word shingles.

Trend queries count a story once: an article whose text is a near-copy of an earlier one is linked
to that original (the first seen), never to another copy.
"""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata

import numpy as np

NUM_PERM = 128
SHINGLE_WORDS = 3
# Jaccard of 3-word shingles. Measured: the demo's wire copy edited in every sentence scores 0.45, and a
# real EFE story run by two Chilean outlets 0.44; among 187 real pages of unrelated stories the highest
# pair scores 0.10 (ten pages on one topic included). 0.4 sits between the two.
DEFAULT_THRESHOLD = 0.4
_SEED = 1  # fixed, like the scheme: signatures stored in the warehouse must stay comparable across nights
# The scheme is datasketch 2.x MinHash "affine32" (what made the warehouses' first signatures), computed
# here with numpy: the same bytes, without datasketch and the scipy it imports (~0.5 s in every process).
_SIG_BYTES = 4 * NUM_PERM  # one little-endian uint32 per permutation
# LSH (bands, rows) for the default threshold: the pair datasketch's MinHashLSH picks for threshold 0.4,
# num_perm 128 and weights (0.5, 0.5) (its _optimal_param, run once); _lsh_params() derives the same pair.
_BANDS_ROWS = {DEFAULT_THRESHOLD: (32, 4)}
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-",
                         "\u00a0": " "})
_WORD = re.compile(r"\w+", re.UNICODE)


def normalize_text(text: str) -> str:
    """NFKC, case-folded, typographic quotes/dashes made plain, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES).casefold()
    return " ".join(folded.split())


def text_hash(text: str) -> str:
    """sha256 hex of the normalised text: equal for copies that differ only in case, spacing or quote style."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_WORDS) -> set[str]:
    """The set of k-word shingles of the normalised text (one shingle for texts shorter than k words)."""
    words = _WORD.findall(normalize_text(text))
    if not words:
        return set()
    if len(words) < k:
        return {" ".join(words)}
    return set(map(" ".join, zip(*(words[i:] for i in range(k)))))  # k shifted views: no slice per shingle


@functools.lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """The affine maps h -> a*h + b (mod 2^32), drawn as datasketch 2.x draws them for seed 1."""
    rng = np.random.RandomState(_SEED)
    # Odd multipliers make each map a bijection on uint32. The draw order (all a, then all b) and the
    # dtype are datasketch's: any other draw gives other signatures.
    a = rng.randint(0, 1 << 31, NUM_PERM, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.randint(0, 1 << 32, NUM_PERM, dtype=np.uint32)
    return a, b


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser (the scheme's pre-mix), element-wise; uint32 products wrap on purpose."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def minhash_signature(text: str) -> bytes:
    """The text's MinHash signature as 4*NUM_PERM bytes (little-endian uint32), b"" for text with no words."""
    grams = shingles(text)
    if not grams:
        return b""
    sha1 = hashlib.sha1
    # A shingle's hash is the first 4 bytes of its SHA-1 read little-endian (datasketch's sha1_hash32):
    # whole 20-byte digests joined, then every fifth uint32, is cheaper than slicing each digest.
    digests = b"".join([sha1(g.encode("utf-8")).digest() for g in grams])
    hashed = np.frombuffer(digests, dtype="<u4")[::5].astype(np.uint32)
    a, b = _permutations()
    permuted = _fmix32(hashed)[:, None] * a + b  # shingles x permutations, mod 2^32
    return permuted.min(axis=0).astype("<u4").tobytes()


def _values(sig: bytes) -> np.ndarray:
    if len(sig) != _SIG_BYTES:
        raise ValueError(f"a signature has {_SIG_BYTES} bytes, got {len(sig)}")
    return np.frombuffer(sig, dtype="<u4")


def estimated_jaccard(sig_a: bytes, sig_b: bytes) -> float:
    """Jaccard similarity of two texts' shingle sets, estimated from their signatures."""
    return np.count_nonzero(_values(sig_a) == _values(sig_b)) / NUM_PERM


def _lsh_params(threshold: float) -> tuple[int, int]:
    """(bands, rows) for an index at `threshold`: hard-coded for the default, else derived."""
    return _BANDS_ROWS.get(threshold) or _optimal_bands_rows(threshold)


@functools.lru_cache(maxsize=16)
def _optimal_bands_rows(threshold: float) -> tuple[int, int]:
    """(bands, rows) minimising false-positive + false-negative areas around `threshold`, as MinHashLSH does."""
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be in [0.0, 1.0]")
    # The collision curves are polynomials of degree <= NUM_PERM, so NUM_PERM Gauss-Legendre nodes
    # integrate them exactly; datasketch's adaptive quadrature picks the same pairs (checked in the tests).
    nodes, weights = np.polynomial.legendre.leggauss(NUM_PERM)
    below = threshold / 2 * (nodes + 1)  # nodes mapped onto [0, threshold] ...
    above = threshold + (1 - threshold) / 2 * (nodes + 1)  # ... and onto [threshold, 1]
    best, pair = float("inf"), (0, 0)
    for bands in range(1, NUM_PERM + 1):
        rows = np.arange(1, NUM_PERM // bands + 1)[:, None]
        false_pos = threshold / 2 * ((1 - (1 - below ** rows) ** bands) @ weights)
        false_neg = (1 - threshold) / 2 * (((1 - above ** rows) ** bands) @ weights)
        errors = 0.5 * false_pos + 0.5 * false_neg
        i = int(np.argmin(errors))  # the first minimum, like datasketch's scan with a strict '<'
        if errors[i] < best:
            best, pair = float(errors[i]), (bands, i + 1)
    if pair[0] < 2:
        raise ValueError(f"threshold {threshold} would need fewer than 2 LSH bands")
    return pair


class NearDupIndex:
    """Finds, for each new text, the earlier article it copies (exactly or nearly), else indexes it."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        bands, rows = _lsh_params(threshold)
        # Band i is the byte slice of rows [i*rows, (i+1)*rows) of a signature: two articles are candidates
        # when any band is equal (MinHash LSH), then the estimated Jaccard decides.
        self._bands = [slice(4 * rows * i, 4 * rows * (i + 1)) for i in range(bands)]
        self._buckets: list[dict[bytes, list[str]]] = [{} for _ in range(bands)]
        self._by_hash: dict[str, str] = {}
        self._sigs: dict[str, np.ndarray] = {}  # article_id -> signature values
        self._order: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, article_id: str, text: str) -> str | None:
        """The original's article_id when `text` duplicates an indexed article, else None (and it is indexed)."""
        h = text_hash(text)
        if h in self._by_hash:
            return self._by_hash[h]
        sig = minhash_signature(text)
        return self.add_signature(article_id, sig, h) if sig else None

    def add_signature(self, article_id: str, signature: bytes, hash_: str | None = None) -> str | None:
        """Like add(), from a stored signature (to rebuild the index from the warehouse)."""
        if hash_ and hash_ in self._by_hash:
            return self._by_hash[hash_]
        sig = bytes(signature)
        values = _values(sig)
        keys = [sig[band] for band in self._bands]
        candidates: set[str] = set()
        for key, bucket in zip(keys, self._buckets):
            found = bucket.get(key)
            if found:
                candidates.update(found)
        best, best_j = None, -1.0
        for cand in candidates:
            j = np.count_nonzero(values == self._sigs[cand]) / NUM_PERM
            # Highest similarity wins; on a tie, the earliest article (the likelier original).
            if j >= self.threshold and (j > best_j or (j == best_j and self._order[cand] < self._order[best])):
                best, best_j = cand, j
        if best is not None:
            return best
        if article_id in self._order:
            return None
        for key, bucket in zip(keys, self._buckets):
            bucket.setdefault(key, []).append(article_id)
        self._sigs[article_id] = values
        self._order[article_id] = len(self._order)
        if hash_:
            self._by_hash[hash_] = article_id
        return None
