"""Exact and near-duplicate detection on the team's own wire-style texts."""

from __future__ import annotations

import random

from extract.dedup import NUM_PERM, NearDupIndex, estimated_jaccard, minhash_signature, shingles, text_hash

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
