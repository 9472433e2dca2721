"""Exact and near-duplicate detection on the team's own wire-style texts."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from datasketch import MinHash, MinHashLSH
from datasketch.lsh import _optimal_param

from extract import dedup
from extract.dedup import (
    DEFAULT_THRESHOLD,
    NUM_PERM,
    NearDupIndex,
    estimated_jaccard,
    minhash_signature,
    shingles,
    text_hash,
)

VOCAB = ("president chancellor minister foreign talks trade security border summit telephone call agreed sanctions "
         "energy ceasefire officials said week capital delegation visit meeting leaders discussed bilateral "
         "relations cooperation statement spokesman region conflict negotiations").split()


def story(seed: int, n: int = 300) -> str:
    rng = random.Random(seed)
    sents = []
    for _ in range(n // 12):
        words = [rng.choice(VOCAB) for _ in range(12)]
        sents.append(" ".join(words).capitalize() + ".")
    return " ".join(sents)


def lightly_edited(text: str) -> str:
    """A wire copy as an outlet runs it: new dateline, a couple of words changed, a sign-off added."""
    words = text.split()
    words[20], words[120] = "Thursday", "reportedly"
    return "MOSCOW (Agency) - " + " ".join(words) + " Reporting by our correspondent; editing by the desk."


def test_text_hash_ignores_case_spacing_and_quote_style():
    a = "The “red line” — he said — is  clear.\n"
    b = 'the "red line" - he said - is clear.'
    assert text_hash(a) == text_hash(b)
    assert text_hash(a) != text_hash("The red line is blurred.")
    assert len(text_hash(a)) == 64


def test_signature_is_stable_bytes():
    s = story(1)
    sig = minhash_signature(s)
    assert isinstance(sig, bytes) and len(sig) == 4 * NUM_PERM and sig == minhash_signature(s)
    assert minhash_signature("  ... ") == b""


def test_estimated_jaccard_tracks_the_true_jaccard():
    a, b = story(1), lightly_edited(story(1))
    true = len(shingles(a) & shingles(b)) / len(shingles(a) | shingles(b))
    assert abs(estimated_jaccard(minhash_signature(a), minhash_signature(b)) - true) < 0.1
    assert estimated_jaccard(minhash_signature(a), minhash_signature(story(2))) < 0.2


def test_index_links_copies_to_the_original_and_keeps_distinct_stories():
    index = NearDupIndex(threshold=0.7)
    original, other = story(1), story(2)
    assert index.add("a1", original) is None
    assert index.add("a2", other) is None
    assert index.add("a3", lightly_edited(original)) == "a1"
    assert index.add("a4", original.upper()) == "a1"  # exact copy by hash
    assert index.add("a5", lightly_edited(other)) == "a2"
    assert index.add("a6", story(3)) is None
    assert len(index) == 3  # copies are not indexed: later copies still point at the original


def test_a_different_story_on_the_same_topic_is_not_a_duplicate():
    index = NearDupIndex(threshold=0.7)
    a = story(10)
    half = a.split()
    b = " ".join(half[: len(half) // 2]) + " " + story(11)  # shares the first half only
    index.add("a", a)
    assert index.add("b", b) is None


def test_index_rebuilt_from_stored_signatures():
    index = NearDupIndex()
    index.add_signature("old", minhash_signature(story(5)), text_hash(story(5)))
    assert index.add("new", lightly_edited(story(5))) == "old"
    assert index.add("same", story(5)) == "old"


# --- datasketch as the reference: the signatures stored in warehouses were made by datasketch 2.x ---------


def reference_signature(text: str) -> bytes:
    """The signature as extract.dedup made it before it computed MinHash itself (datasketch 2.x, affine32)."""
    grams = shingles(text)
    if not grams:
        return b""
    mh = MinHash(num_perm=NUM_PERM, seed=1, scheme="affine32")
    mh.update_batch([g.encode("utf-8") for g in grams])
    return mh.hashvalues.astype("<u4").tobytes()


def reference_minhash(sig: bytes) -> MinHash:
    return MinHash(hashvalues=np.frombuffer(sig, dtype="<u4"), seed=1, scheme="affine32")


class ReferenceIndex:
    """NearDupIndex's rules on datasketch's MinHashLSH: candidates from its LSH, the same tie rules."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self.mhs: dict[str, MinHash] = {}

    def add(self, key: str, sig: bytes) -> str | None:
        mh = reference_minhash(sig)
        scored = [(mh.jaccard(self.mhs[c]), c) for c in self.lsh.query(mh)]
        scored = [(j, c) for j, c in scored if j >= self.threshold]
        if scored:
            order = list(self.mhs)
            return max(scored, key=lambda jc: (jc[0], -order.index(jc[1])))[1]
        self.lsh.insert(key, mh)
        self.mhs[key] = mh
        return None


def varied_texts() -> list[str]:
    rng = random.Random(7)
    texts = ["", "   ", "... !!! ---", "Putin", "two words", "three words here", "Ünïcödé façade naïve café",
             "日本 の 首相 は 電話 で 会談 した", "Президент провёл телефонный разговор с канцлером",
             "الرئيس تحدث هاتفيا مع المستشار", "emoji 🙂 in 🙂 the 🙂 text", "The \u201cred line\u201d \u2014 again",
             "a a a a a a a a", "x" * 5000, " ".join(str(i) for i in range(5000))]
    texts += [story(seed, n) for seed, n in ((1, 12), (2, 60), (3, 300), (4, 3000))]
    texts += [lightly_edited(story(seed)) for seed in range(5, 15)]
    texts += [" ".join(rng.choice(VOCAB) for _ in range(rng.randint(1, 40))) for _ in range(40)]
    return texts


def test_signatures_are_byte_identical_to_datasketch():
    texts = varied_texts()
    assert sum(1 for t in texts if shingles(t)) > 60  # most texts have words: the comparison is not vacuous
    for text in texts:
        assert minhash_signature(text) == reference_signature(text), text[:60]


def test_estimated_jaccard_equals_datasketch_and_rejects_foreign_lengths():
    sigs = [minhash_signature(lightly_edited(story(s)) if s % 2 else story(s // 2)) for s in range(8)]
    for a in sigs:
        for b in sigs:
            assert estimated_jaccard(a, b) == reference_minhash(a).jaccard(reference_minhash(b))
    with pytest.raises(ValueError):
        estimated_jaccard(sigs[0], sigs[0][:-4])
    with pytest.raises(ValueError):
        NearDupIndex().add_signature("x", b"")


@pytest.mark.parametrize("threshold", [0.3, 0.4, 0.55, 0.7, 0.85])
def test_lsh_bands_and_rows_are_those_minhashlsh_picks(threshold):
    expected = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    assert dedup._optimal_bands_rows(threshold) == expected
    assert dedup._lsh_params(threshold) == expected
    if threshold == DEFAULT_THRESHOLD:
        assert dedup._BANDS_ROWS[DEFAULT_THRESHOLD] == expected


def edited(text: str, share: float, rng: random.Random) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), int(len(words) * share)):
        words[i] = rng.choice(VOCAB) + rng.choice(("", "s", "ed"))
    return " ".join(words)


def planted_collection(n_originals: int = 60) -> list[tuple[str, bytes]]:
    """Originals plus copies edited in 2-35 % of their words: estimated Jaccards straddle the thresholds."""
    rng = random.Random(3)
    items = []
    originals = [story(1000 + i, 240) for i in range(n_originals)]
    for i, text in enumerate(originals):
        items.append((f"o{i}", text))
        for c in range(rng.randint(0, 4)):
            items.append((f"o{i}c{c}", edited(text, rng.choice((0.02, 0.04, 0.06, 0.1, 0.15, 0.18, 0.2, 0.25, 0.35)), rng)))
        if i and rng.random() < 0.3:  # halves of two stories: near both, possibly equally near
            half = len(text) // 2
            items.append((f"m{i}", text[:half] + " " + originals[i - 1][half:]))
    rng.shuffle(items)
    return [(key, minhash_signature(text)) for key, text in items]


@pytest.mark.parametrize("threshold", [DEFAULT_THRESHOLD, 0.7])
def test_index_finds_what_a_minhashlsh_index_finds(threshold):
    items = planted_collection()
    ours, ref = NearDupIndex(threshold=threshold), ReferenceIndex(threshold)
    got = [ours.add_signature(key, sig) for key, sig in items]
    want = [ref.add(key, sig) for key, sig in items]
    assert got == want
    assert len(ours) == len(ref.mhs)
    linked = sum(1 for g in got if g is not None)
    assert 20 < linked < len(items) - 40  # both outcomes are common
    # Some pairs score above the threshold yet share no LSH band: candidate sets matter, and match.
    indexed = {key: sig for (key, sig), g in zip(items, got) if g is None}
    missed = sum(1 for (key, sig), g in zip(items, got) if g is None
                 for other, osig in indexed.items() if other != key and estimated_jaccard(sig, osig) >= threshold)
    assert missed > 0


def test_highest_similarity_wins_and_a_tie_goes_to_the_earliest():
    rng = np.random.default_rng(5)
    a, b, c = (rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32) for _ in range(3))
    half = np.concatenate([a[:64], b[64:]])  # 0.5 to a and to b
    sig = lambda values: values.astype("<u4").tobytes()
    index = NearDupIndex()
    assert index.add_signature("b", sig(b)) is None
    assert index.add_signature("a", sig(a)) is None
    assert index.add_signature("c", sig(c)) is None
    assert index.add_signature("q1", sig(half)) == "b"  # a tie: b was indexed first
    assert index.add_signature("q2", sig(np.concatenate([b[:56], a[56:]]))) == "a"  # 0.5625 to a, 0.4375 to b
    assert index.add_signature("q3", sig(np.concatenate([a[:56], c[56:]]))) == "c"  # 0.5625 to c, 0.4375 to a
    assert len(index) == 3


def test_a_similarity_equal_to_the_threshold_is_a_duplicate():
    rng = np.random.default_rng(6)
    a, b = (rng.integers(0, 2**32, NUM_PERM, dtype=np.uint32) for _ in range(2))
    index = NearDupIndex(threshold=0.5)  # 64 of 128 positions: exactly 0.5
    assert index.add_signature("a", a.astype("<u4").tobytes()) is None
    assert index.add_signature("q", np.concatenate([a[:64], b[64:]]).astype("<u4").tobytes()) == "a"
    assert index.add_signature("r", np.concatenate([a[:63], b[63:]]).astype("<u4").tobytes()) is None

def test_extract_dedup_runs_without_datasketch_or_scipy():
    code = ("import sys; import extract.dedup as d; d.NearDupIndex(0.7).add('a', 'one two three four'); "
            "print(sorted(m for m in ('datasketch', 'scipy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.stdout.strip() == "[]"
