"""Timing and result helpers shared by every benchmark module.

`bench/results.json` is a JSON list of objects, one per benchmark:
{"name", "app_ms", "sql_ms", "ratio", "goal_ratio", ...extra keys}. Each module writes its own
entries with `write_results()`, which replaces entries of the same name and keeps the others.
"""

import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

RESULTS_PATH = Path(__file__).resolve().parent / "results.json"
GOAL_RATIO = 1.2  # the app's query may cost at most 20 % more than the same query written by hand
GOAL_MS = 20.0  # and each side must stay under 20 ms (median)


def summarize(samples_ms: Sequence[float]) -> dict[str, float]:
    """Return the median, 95th percentile and minimum of `samples_ms`, rounded to the microsecond."""
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {
        "median": round(statistics.median(ordered), 3),
        "p95": round(p95, 3),
        "min": round(ordered[0], 3),
        "runs": len(ordered),
    }


def _time_ms(fn: Callable[[Any], Any], arg: Any) -> float:
    start = time.perf_counter_ns()
    fn(arg)
    return (time.perf_counter_ns() - start) / 1e6


def measure(fn: Callable[[Any], Any], args: Sequence[Any], warmup: int = 20) -> dict[str, float]:
    """Call `fn(arg)` for each of `args` after `warmup` untimed calls; return `summarize()` of the times."""
    for arg in args[:warmup]:
        fn(arg)
    gc.collect()
    return summarize([_time_ms(fn, arg) for arg in args])


def compare(
    functions: Mapping[str, Callable[[Any], Any]], args: Sequence[Any], warmup: int = 20
) -> dict[str, dict[str, float]]:
    """Time each of `functions` on every arg of `args`, interleaved; return a summary per name.

    All functions run on the same argument back to back, and the order reverses on every other
    iteration, so buffer-cache, CPU-cache and machine-load effects fall evenly on all of them.
    """
    for arg in args[:warmup]:
        for fn in functions.values():
            fn(arg)
    gc.collect()
    samples: dict[str, list[float]] = {name: [] for name in functions}
    forward = list(functions.items())
    backward = forward[::-1]
    for index, arg in enumerate(args):
        for name, fn in backward if index % 2 else forward:
            samples[name].append(_time_ms(fn, arg))
    return {name: summarize(values) for name, values in samples.items()}


def entry(name: str, app: dict[str, float], sql: dict[str, float], **extra: Any) -> dict[str, Any]:
    """Return a results.json entry comparing the app's timings with the hand-written SQL's."""
    ratio = round(app["median"] / sql["median"], 3)
    return {
        "name": name,
        "app_ms": app["median"],
        "sql_ms": sql["median"],
        "ratio": ratio,
        "goal_ratio": GOAL_RATIO,
        "goal_ms": GOAL_MS,
        "goal_met": ratio <= GOAL_RATIO and app["median"] < GOAL_MS and sql["median"] < GOAL_MS,
        "p95_app_ms": app["p95"],
        "p95_sql_ms": sql["p95"],
        "min_app_ms": app["min"],
        "min_sql_ms": sql["min"],
        "runs": app["runs"],
        **extra,
    }


def write_results(entries: Sequence[dict[str, Any]], path: Path = RESULTS_PATH) -> list[dict[str, Any]]:
    """Merge `entries` into the JSON list at `path` (same name: replaced in place; new: appended).

    The file is replaced atomically, so an interrupted run never leaves half a file behind.
    """
    try:
        current = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        current = []
    if not isinstance(current, list):
        raise ValueError(f"{path} must hold a JSON list")
    new_by_name = {item["name"]: item for item in entries}
    merged = [new_by_name.pop(item.get("name"), item) for item in current]
    merged.extend(item for item in entries if item["name"] in new_by_name)
    handle, temp_name = tempfile.mkstemp(dir=path.parent, prefix=".results-", suffix=".json")
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        json.dump(merged, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    os.chmod(temp_name, 0o644)  # mkstemp creates 0600; the file is for everyone to read
    os.replace(temp_name, path)
    return merged
