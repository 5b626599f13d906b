"""The W3C Web Annotation test suite's MUST assertions, run offline with jsonschema.

The suite (``shared/w3c-annotation``, see its README) is a set of draft-04 schemas, one
per model requirement, that ``$ref`` shared definitions by bare ids such as
``"annotations.json"``. Every schema is registered under its ``id`` and each assertion
listed in a ``*.test`` file is checked with the format checker on (``uri``, ``date-time``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.conftest import SHARED

SUITE = SHARED / "w3c-annotation"
ANNOTATION_MUSTS = "annotations/annotationMusts.test"
COLLECTION_MUSTS = "collections/collectionMusts.test"
PAGE_MUSTS = "collections/pages/pageMusts.test"


def schema_files() -> Iterator[Path]:
    """Every schema of the suite: the definitions and the assertions."""
    for folder in ("definitions", "annotations", "collections"):
        yield from sorted((SUITE / folder).rglob("*.json"))


@cache
def registry() -> Registry[Any]:
    """Every schema of the suite under its draft-04 ``id``."""
    resources = []
    for path in schema_files():
        schema = json.loads(path.read_text(encoding="utf-8"))
        resources.append(
            (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        )
    return Registry().with_resources(resources)


@cache
def assertions(test_file: str) -> tuple[tuple[str, str, Draft4Validator], ...]:
    """Each assertion a ``*.test`` file lists: its name, error message and validator."""
    listed = json.loads((SUITE / test_file).read_text(encoding="utf-8"))["assertions"]
    found = []
    for name in listed:
        schema = json.loads((SUITE / name).read_text(encoding="utf-8"))
        checker = Draft4Validator.FORMAT_CHECKER
        check = Draft4Validator(schema, registry=registry(), format_checker=checker)
        found.append((name, str(schema.get("errorMessage", "")), check))
    return tuple(found)


def failures(document: Any, test_file: str) -> list[str]:
    """The assertions of ``test_file`` that the document does not meet, with the first error."""
    failed = []
    for name, message, check in assertions(test_file):
        error = next(iter(check.iter_errors(document)), None)
        if error is not None:
            failed.append(f"{name}: {message} ({error.message[:200]})")
    return failed
