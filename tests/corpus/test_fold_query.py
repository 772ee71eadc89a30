"""Folding, query parsing and snippets (no database)."""

from __future__ import annotations

from thidua.corpus.fold import fold, key, nfc, pattern, tokens
from thidua.corpus.query import parse
from thidua.corpus.snippet import snippet


def test_fold_strips_every_vietnamese_diacritic_and_keeps_length():
    text = nfc("Độc lập - Tự do - Hạnh phúc; ĐỒNG THÁP; Quyết định; ưu tiên; Kỹ thuật; Ỷ lại")
    folded = fold(text)
    assert folded == "doc lap - tu do - hanh phuc; dong thap; quyet dinh; uu tien; ky thuat; y lai"
    assert len(folded) == len(text)


def test_decomposed_input_folds_like_precomposed():
    decomposed = "Tô\u0309 quô\u0301c"  # NFD-style combining marks
    assert tokens(decomposed) == tokens("Tổ quốc") == ["to", "quoc"]


def test_tokens_split_on_punctuation():
    assert tokens("Số: 169/KH-UBND") == ["so", "169", "kh", "ubnd"]
    assert key("  Ủy ban   nhân dân ") == "uy ban nhan dan"
    assert key("---") is None


def test_parse_renders_both_backends():
    query = parse('quốc phòng "an ninh tổ quốc" -"quân sự" dân OR nhân 169/KH-UBND')
    assert query.fts5() == (
        '"quoc" AND "phong" AND "an ninh to quoc" AND ("dan" OR "nhan") AND "169 kh ubnd" NOT "quan su"'
    )
    assert query.tsquery() == (
        "'quoc' & 'phong' & ('an' <-> 'ninh' <-> 'to' <-> 'quoc') & ('dan' | 'nhan') "
        "& ('169' <-> 'kh' <-> 'ubnd') & !('quan' <-> 'su')"
    )
    assert query.terms == {"quoc", "phong", "an", "ninh", "to", "dan", "nhan", "169", "kh", "ubnd"}
    assert query.adjacency


def test_loose_tsquery_is_a_superset_without_adjacency():
    query = parse('"an ninh" OR lich -"quan su" -hop')
    assert query.tsquery(adjacent=False) == "(('an' & 'ninh') | 'lich') & !'hop'"
    assert not parse("an ninh -hop").adjacency
    assert parse("an ninh -hop").tsquery(adjacent=False) == parse("an ninh -hop").tsquery()


def test_parse_ignores_operators_without_operands():
    assert parse("OR quoc").fts5() == '"quoc"'
    assert parse("'\"; DROP TABLE documents; --").fts5() == '"drop" AND "table" AND "documents"'
    assert parse("- ! ,").empty


def test_pattern_matches_whole_words_with_any_accents():
    found = [m.group() for m in pattern(["dong"]).finditer("Đồng, đông, động, dòng; đồngxu; Cao Đồng")]
    assert found == ["Đồng", "đông", "động", "dòng", "Đồng"]


def test_snippet_marks_the_best_window_in_the_accented_text():
    text = "Mở đầu. " * 60 + "Bảo vệ an ninh Tổ quốc và xây dựng lực lượng. " + "Kết thúc. " * 60
    cut = snippet(text, {"an", "ninh", "to", "quoc"}, width=80)
    assert "«an» «ninh» «Tổ» «quốc»" in cut
    assert cut.startswith("…") and cut.endswith("…")
    assert len(cut) < 140


def test_snippet_without_matches_shows_the_start():
    assert snippet("Kế hoạch\nsố 12", {"zzz"}) == "Kế hoạch số 12"


def test_repeated_words_make_one_clause():
    assert parse("phòng cháy chữa cháy").fts5() == '"phong" AND "chay" AND "chua"'
