"""The user lexicon: issuers, signers and places that reviewers confirmed, the latest revision winning."""

from __future__ import annotations

from thidua.corpus.lexicon import UserLexicon


def test_confirmed_names_and_places_form_the_user_lexicon(store, plans):
    assert store.user_lexicon() == UserLexicon()
    one, two = plans.document(1), plans.document(2)
    for doc in (one, two):
        store.save(doc, plans.restored(doc), plans.extraction())
    store.revise(one.sha256, [{"field": "/issuer", "after": "Ủy ban nhân dân tỉnh Đồng Thap"}], author="an")
    store.revise(one.sha256, [{"field": "/issuer", "after": "Ủy ban nhân dân  tỉnh Đồng Tháp"}], author="an")
    store.revise(
        one.sha256,
        [{"field": "/signer/name", "after": "Trần Thị Bình"}, {"field": "/place", "after": "Sa Đéc"}],
        author="an",
    )
    store.revise(two.sha256, [{"field": "/place", "action": "accept"}], author="lan")  # "Đồng Tháp" shown
    store.revise(two.sha256, [{"field": "/number", "after": "7/KH"}], author="lan")  # not a name
    lexicon = store.user_lexicon()
    assert lexicon.organisations == ("Ủy ban nhân dân tỉnh Đồng Tháp",)  # the later correction, spaced once
    assert lexicon.people == ("Trần Thị Bình",)
    assert lexicon.places == ("Sa Đéc", "Đồng Tháp")
    assert "7/KH" not in lexicon.entries() and len(lexicon.entries()) == 4
