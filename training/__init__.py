"""Offline tooling, kept out of the runtime stages: training pages, model and dictionary building, evaluation.

- `synth`: page rendering and scan degradation; `pages`: rendered (gold, OCR) training pairs.
- `build_dictionaries`, `train_channel`, `precompute`: build the shipped LM, OCR channel and candidate table.
- `metrics`, `restore_eval`, `restore_realeval`: restoration scores (as ../shared/tools/score.py).
- `extract_eval`, `extract_realeval`: extraction scores on fixtures and on real documents.
- `law_split`, `realdocs_split`: the fixed train / held-out splits of the legal corpus and the real documents.
"""
