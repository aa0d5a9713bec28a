"""Shared fixtures. The dev gold set lives outside the repository, in
../shared/eval: tests that need it skip when it is absent, except on CI
(CI=true), where its absence is an error."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipeline.lexicons import Lexicons, load

ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = ROOT.parent / "shared" / "eval"
DEV_DIR = EVAL_DIR / "dev"
CORPUS_DIR = ROOT / "corpus"


def require_eval() -> Path:
    if DEV_DIR.is_dir():
        return EVAL_DIR
    if os.environ.get("CI") == "true":
        pytest.fail(f"{EVAL_DIR} is missing; on CI the dev gold set must be present")
    pytest.skip(f"{EVAL_DIR} is absent: the dev gold set is not checked out beside the repository")


@pytest.fixture(scope="session")
def lex() -> Lexicons:
    return load()


@pytest.fixture(scope="session")
def eval_dir() -> Path:
    return require_eval()
