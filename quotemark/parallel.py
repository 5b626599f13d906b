"""Per-article work spread over the machine's cores, when the archive is large enough to pay.

Workers are forked processes; what every task needs (the entity table, the template
folder) is handed to each worker once, when it starts, and the results come back in the
order of the inputs, so a parallel build gives the same bytes as a serial one.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import jinja2

from quotemark.annotate import AnnotatedArticle, annotate
from quotemark.cache import collector_off
from quotemark.model import ArticleSource, Entity, Problem, Sidecar
from quotemark.units import Done, Job, Renderer, run_job

PARALLEL_FROM = 300  # articles: below this, starting workers costs more than it saves
CHUNKS = 8  # per worker: tasks are handed out in this many batches each
T = TypeVar("T")
R = TypeVar("R")


class Progress(Protocol):
    """Wraps the results of a stage as they arrive (a progress bar, or nothing)."""

    def __call__(self, items: Iterable[T], total: int, what: str) -> Iterable[T]: ...


def quietly(items: Iterable[T], total: int, what: str) -> Iterable[T]:
    return items


def workers_for(count: int) -> int:
    """How many processes a stage over ``count`` articles should use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    cores = cores or 1
    return min(cores, 8) if count >= PARALLEL_FROM and cores > 1 else 1


def spread(
    function: Callable[[int], R],
    count: int,
    setup: Callable[[], None],
    workers: int,
    meanwhile: Callable[[], None] = lambda: None,
) -> Iterator[R]:
    """``function(0) … function(count - 1)`` in order, over ``workers`` forked processes.

    ``setup`` runs first in every process; tasks are indices into what it set up, so only
    results cross between processes. This process runs ``meanwhile`` while the workers
    start, then gathers results, which the stage keeps: the garbage collector is off here
    until they are all in.
    """
    setup()  # before forking: the workers inherit what it set up
    if workers <= 1:
        meanwhile()
        yield from map(function, range(count))
        return
    chunk = max(1, count // (workers * CHUNKS))
    fork = multiprocessing.get_context("fork")
    with collector_off(), fork.Pool(workers, initializer=start_worker) as pool:
        results = pool.imap(function, range(count), chunk)
        meanwhile()
        yield from results


def start_worker() -> None:
    """Set a worker's collector going, on its own objects only: what it inherited is frozen
    (``gc.freeze``), so collections do not walk, and so copy, the parent's memory again."""
    gc.freeze()
    gc.enable()


def each(
    function: Callable[[T], R],
    items: Sequence[T],
    progress: Progress,
    what: str,
    size: int | None = None,
    before_fork: Callable[[], None] | None = None,
    meanwhile: Callable[[], None] = lambda: None,
) -> list[R]:
    """``function`` of every item, in order (over the cores when there are many items).

    The function and the items are inherited by the forked workers: only results travel.
    ``size``: the number of articles the work amounts to, when it is not one per item.
    ``before_fork``: work the workers would each repeat (compiling templates), done once
    in this process when there are workers. ``meanwhile``: other work of this process,
    done while the workers work (and first when there are none).
    """
    workers = min(workers_for(len(items) if size is None else size), len(items))

    def setup() -> None:
        global _function, _items
        _function, _items = function, items
        if before_fork is not None and workers > 1:
            before_fork()

    results: Iterator[R] = spread(apply_one, len(items), setup, workers, meanwhile)
    return list(progress(results, len(items), what))


def apply_one(index: int) -> Any:
    assert _function is not None, "apply_one runs after each() set it up"
    return _function(_items[index])


# The stage's inputs, set before the workers fork (they inherit them; nothing is pickled).
_function: Callable[[Any], Any] | None = None
_items: Sequence[Any] = ()


def annotate_each(
    pairs: Sequence[tuple[ArticleSource, Sidecar | None]],
    entities: Mapping[str, Entity],
    progress: Progress = quietly,
) -> list[tuple[AnnotatedArticle, list[Problem]]]:
    """Anchor and highlight every article, in order."""
    anchor = functools.partial(annotate_pair, entities=entities)
    return each(anchor, pairs, progress, "anchoring")


def annotate_pair(
    pair: tuple[ArticleSource, Sidecar | None], entities: Mapping[str, Entity]
) -> tuple[AnnotatedArticle, list[Problem]]:
    return annotate(pair[0], pair[1], entities)


def run_jobs(
    jobs: Sequence[Job], renderer: Renderer | None, progress: Progress = quietly
) -> list[Done]:
    """Do every article's own work (``units.run_job``), in order."""
    warm = functools.partial(compile_templates, renderer.env) if renderer else None
    work = functools.partial(run_job, renderer=renderer)
    return each(work, jobs, progress, "articles", before_fork=warm)


def compile_templates(env: jinja2.Environment) -> None:
    """Compile every page template once (before forking, so that workers inherit them)."""
    for name in env.list_templates(extensions=["html"]):
        env.get_template(name)
