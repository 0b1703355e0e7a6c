"""Benchmark: the day's report (DOCX, PDF) and the map's pictures, next to the JSON export in the same run."""

from __future__ import annotations

import json
import statistics
import sys
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.store import make_session  # noqa: E402
from werkatelier import document, exporting, picture, report  # noqa: E402
from werkatelier.model import Action  # noqa: E402

EXAMPLE = Path(__file__).resolve().parent.parent / "sessions" / "examples" / "team6-werkatelier-4.json"
PREVIOUS = EXAMPLE.with_name("team6-werkatelier-2.json")
#: Seconds, per report (build and write), for the demo and for a map of 1,000 post-its.
TARGETS = {"demo": 2.0, "1000": 10.0}
RUNS = {"demo": 5, "1000": 3}


def big_session():
    """bench/store.py's 1,000-post-it map, with a day's worth of actions on top."""
    doc = make_session(1_000)
    actions = [Action(action=f"Actie {i}: bel de wijkagent over het portiek", who=f"Persoon {i % 9}",
                      when="eind juni", status=("open", "doing", "done")[i % 3]) for i in range(200)]
    return doc.model_copy(update={"actions": actions})


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_time(fn, runs: int) -> float:
    return statistics.median(timed(fn) for _ in range(runs))


def main() -> int:
    cases = {"demo": (document.loads(EXAMPLE.read_bytes()), document.loads(PREVIOUS.read_bytes())),
             "1000": (big_session(), None)}
    figures: dict[str, object] = {}
    ok = True
    print(f"{'session':>8}  {'json export':>11}  {'docx':>8}  {'pdf':>8}  {'svg':>8}  {'png':>8}  target")
    for name, (doc, previous) in cases.items():
        runs = RUNS[name]
        baseline = median_time(partial(exporting.export, doc, "json"), runs)
        docx = median_time(partial(report.report_bytes, doc, "docx", previous=previous), runs)
        pdf = median_time(partial(report.report_bytes, doc, "pdf", previous=previous), runs)
        svg = median_time(partial(picture.to_svg, doc), runs)
        png = median_time(partial(picture.to_png, doc), runs)
        met = max(docx, pdf) < TARGETS[name]
        ok &= met
        figures[name] = {"stakeholders": len(doc.stakeholders), "actions": len(doc.actions),
                         "json_export_s": round(baseline, 3), "docx_s": round(docx, 3),
                         "pdf_s": round(pdf, 3),
                         "docx_vs_json": round(docx / baseline, 1), "pdf_vs_json": round(pdf / baseline, 1),
                         "svg_s": round(svg, 3), "png_s": round(png, 3), "target_s": TARGETS[name]}
        print(f"{name:>8}  {baseline:>10.3f}s  {docx:>7.2f}s  {pdf:>7.2f}s  {svg:>7.2f}s  {png:>7.2f}s  "
              f"< {TARGETS[name]:g}s {'ok' if met else 'MISSED'}")
    figures["targets_met"] = ok
    print(json.dumps(figures, sort_keys=True))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
