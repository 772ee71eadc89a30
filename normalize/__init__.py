"""Normalize stage: restore OCR-garbled and accent-stripped Vietnamese.

Public API: `restore(text) -> RestoredText` (same lines and page breaks; every edit with offsets,
confidence and a review flag). How it works, one module per job:

- `tokens`: tokenise with offsets; numbers, dates, symbols, URLs and e-mails are protected.
- `lm`: syllable 4-gram LM (Kneser-Ney) from `dictionaries/data/lm.npz`.
- `channel`: OCR noisy channel learned from generated pairs (`align`; built by `thidua.training`).
- `restorer`: detects the input kind per page (correct / accent-stripped / English-model OCR),
  builds candidates, fixes codes (`codes`) and known names (`names`), and decodes (`decoder`).
- `docprior`: on accent-stripped pages, twins restored confidently elsewhere in the document, more often
  than the training text writes them, raise their prior where the decoder was unsure (a second pass over
  those segments); on English-model OCR pages, the document's confident word pairs do (a bigram cache,
  which may also add candidates).
- A user lexicon (names and places reviewers confirmed): `Restorer(lexicon=...)` prefers their spellings.

Training pages, model building and evaluation live in `thidua.training`, outside the runtime stages.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from thidua.types import RestoredText, TextKind

if TYPE_CHECKING:
    from thidua.normalize.restorer import Restorer, Settings


@functools.lru_cache(maxsize=4)
def _restorer(settings: Settings | None = None, lexicon: tuple[str, ...] = ()) -> Restorer:
    from thidua.normalize.restorer import Restorer

    return Restorer(settings, lexicon)


def restore(
    text: str,
    settings: Settings | None = None,
    kinds: Sequence[TextKind | None] = (),
    lexicon: Sequence[str] = (),
) -> RestoredText:
    """Restore Vietnamese text; keeps every line and page break and records every edit.

    `settings`: the decoder's knobs (`restorer.Settings`; None: the tuned defaults). `kinds`: each page's
    kind as ingest judged it (`Provenance.text_kind`); pages without one are judged here the same way.
    `lexicon`: names and places reviewers confirmed (`corpus.Store.user_lexicon().entries()`)."""
    return _restorer(settings, tuple(lexicon)).restore(text, kinds)
