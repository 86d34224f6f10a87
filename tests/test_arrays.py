"""The array versions of the model's attribute ruler and lemmatizer annotate
exactly as spaCy's own components do."""
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.tokens import Doc

from claimledger.extract import load_model
from claimledger.extract.arrays import ArrayAttributeRuler, NotCompiled, compile_ruler, use_array_rules

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
ATTRS = [POS, TAG, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
ODD = ["", " ", "\n\n", "I ain't gonna do nothin' about it, y'know.", "Y'all don't know; we can't, won't.",
       "Sales   rose  \n  12%  in\tQ3.", "👍 é ñ 東京 — “quoted” ‘single’", "n't n't y y' nothin nuthin'",
       "It's the company's 2nd-best quarter: $5.2bn (up 7%)."]
WORDS = ["Kia", "sold", "90,000", "units", "by", "2030", "ain't", "y'", "nothin'", "don't", "will", "may", "is",
         "was", "been", "the", "a", "that", "which", "her", "his", "its", "there", "\n\n", " ", ".", ",", "'s",
         "n't", "'d", "'ll", "to", "TO", "whether", "better", "best", "running", "ran", "I", "me", "my"]


@pytest.fixture(scope="module")
def pipelines(nlp):  # nlp: the suite's pipeline is loaded (and the model known to be installed) first
    return load_model(), use_array_rules(load_model())


def annotations(doc):
    return doc.to_array(ATTRS).tolist(), [str(t.morph) for t in doc], [t.lemma_ for t in doc]


def test_the_model_rules_compile():
    """If a new model's rules could not be compiled, this would say so
    (the original components would quietly run instead)."""
    ruler = load_model().get_pipe("attribute_ruler")
    single, longer = compile_ruler(ruler)
    assert len(single) > 100 and longer


def test_the_array_components_take_the_rule_components_place(pipelines):
    plain, arrays = pipelines
    assert arrays.pipe_names == [{"attribute_ruler": "claim_array_attribute_ruler",
                                  "lemmatizer": "claim_array_lemmatizer"}.get(n, n) for n in plain.pipe_names]
    assert {"attribute_ruler", "lemmatizer"} <= set(arrays.disabled)


def test_articles_are_annotated_as_spacy_annotates_them(pipelines):
    plain, arrays = pipelines
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.iterdir())] + ODD
    for text, ours in zip(texts, arrays.pipe(texts)):
        assert annotations(ours) == annotations(plain(text)), text[:60]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS), max_size=40))
def test_any_words_are_annotated_as_spacy_annotates_them(pipelines, words):
    plain, arrays = pipelines
    text = " ".join(words)
    assert annotations(arrays(text)) == annotations(plain(text))


def _ruled(patterns):
    """A blank pipeline whose attribute ruler has ``patterns``, and docs with
    tags and dependencies set, to run it on."""
    nlp = spacy.blank("en")
    nlp.add_pipe("attribute_ruler").add_patterns(patterns)
    words = ["They", "do", "n't", "know", " ", "y'", "all", "nothin'", "else", "."]
    tags = ["PRP", "VBP", "RB", "VB", "_SP", "PRP", "DT", "NN", "RB", "."]
    deps = ["nsubj", "aux", "neg", "ROOT", "", "nsubj", "det", "dobj", "advmod", "punct"]
    heads = [3, 3, 3, 3, 3, 7, 5, 3, 7, 3]

    def doc():
        return Doc(nlp.vocab, words=words, tags=tags, deps=deps, heads=heads)

    return nlp, doc


RULES = [
    {"patterns": [[{"TAG": "RB"}]], "attrs": {"POS": "ADV", "MORPH": "Degree=Pos"}},
    {"patterns": [[{"LOWER": "n't", "TAG": "RB"}]], "attrs": {"POS": "PART", "LEMMA": "not"}},  # later wins
    {"patterns": [[{"LOWER": "do"}, {"LOWER": {"REGEX": "^n'?t$"}}]], "attrs": {"LEMMA": "do", "POS": "AUX"}},
    {"patterns": [[{"LOWER": "y'"}, {"LOWER": "all"}]], "attrs": {"LEMMA": "all"}, "index": -1},
    {"patterns": [[{"TAG": {"NOT_IN": ["PRP", ""]}, "DEP": {"IN": ["nsubj", "aux"]}}]], "attrs": {"POS": "AUX"}},
    {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing", "TAG": "NN"}},
    {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
    {"patterns": [[{"TAG": "RB"}, {"TAG": "."}]], "attrs": {"POS": "X"}},  # a later longer rule wins
]


def test_precedence_sequences_and_tests_follow_the_attribute_ruler():
    """Later rules win over earlier ones, single tokens or several; REGEX,
    IN, NOT_IN, IS_SPACE and a negative index mean what they mean to spaCy."""
    nlp, doc = _ruled(RULES)
    expected = nlp.get_pipe("attribute_ruler")(doc())
    ours = ArrayAttributeRuler(nlp, "arrays")(doc())
    assert annotations(ours) == annotations(expected)
    assert [t.lemma_ for t in ours][1:3] == ["do", "not"] and ours[6].lemma_ == "all" and ours[7].tag_ == "NN"
    assert ours[8].pos_ == "X"


def test_a_rule_it_cannot_compile_leaves_the_original_in_charge():
    patterns = RULES + [{"patterns": [[{"LOWER": "know", "OP": "+"}]], "attrs": {"LEMMA": "ken"}}]
    nlp, doc = _ruled(patterns)
    with pytest.raises(NotCompiled):
        compile_ruler(nlp.get_pipe("attribute_ruler"))
    ours = ArrayAttributeRuler(nlp, "arrays")
    assert annotations(ours(doc())) == annotations(nlp.get_pipe("attribute_ruler")(doc()))
    assert not ours.compiled and ours(doc())[3].lemma_ == "ken"
