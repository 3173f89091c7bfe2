"""``eval/results/report.md``: one report over every area's result JSON, with the figures.

Nothing here scores anything: each number is read from an area's own result file (written by that
area's evaluation) and each figure is drawn from the same files. The key table sits between
``<!-- key:start -->`` and ``<!-- key:end -->`` so ``python -m eval.readme_results`` can copy it into
the README.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from eval import plots
from eval.all_areas import AREAS, load_runs, result_sha256
from eval.splits import SPLITS
from eval.stamp import one_line

KEY_START, KEY_END = "<!-- key:start -->", "<!-- key:end -->"
LATEST = "Latest area measured: "
FIGURES = {
    "wer_per_clip": ("asr", plots.wer_per_clip, "ASR word error rate per clip"),
    "phi_recall_per_type": ("phi", plots.phi_recall_per_type, "PHI recall per type, ours vs plain Presidio"),
    "latency_per_stage": ("latency", plots.latency_per_stage, "Seconds per stage, stacked"),
    "validator_recall_per_rule": ("validator", plots.validator_recall_per_rule, "Validator recall per rule"),
    "e2e_vs_length": ("latency", plots.e2e_vs_length, "End-to-end time vs recording length"),
    "rouge_per_drafter": ("notes", plots.rouge_per_drafter, "ROUGE-L per drafter"),
}
# The two figures the README shows.
README_FIGURES = ("phi_recall_per_type", "e2e_vs_length")
Getter = Callable[[dict[str, Any]], Any]


def load_results(results: Path) -> dict[str, dict[str, Any]]:
    """Every area's result JSON that exists in ``results``."""
    out: dict[str, dict[str, Any]] = {}
    for name in AREAS:
        path = results / f"{name}.json"
        if path.is_file():
            out[name] = json.loads(path.read_text(encoding="utf-8"))
    return out


def _get(data: Any, *path: str | int) -> Any:
    for key in path:
        data = data[key]
    return data


def _fmt(value: Any, digits: int = 3) -> str:
    if isinstance(value, bool) or value is None:
        return "n/a" if value is None else ("yes" if value else "no")
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _cell(getter: Getter, data: dict[str, Any] | None, digits: int = 3) -> str:
    if data is None:
        return "n/a"
    try:
        return _fmt(getter(data), digits)
    except (KeyError, IndexError, TypeError, ZeroDivisionError):
        return "n/a"


def _row(*cells: object) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


# ------------------------------------------------------------------------------------------- key table

# (measure, area, ours(split data), baseline name, baseline(split data)); split data = the area's JSON.
CaseRow = tuple[
    str, str, Callable[[dict[str, Any], str], Any], str, Callable[[dict[str, Any], str], Any] | None
]


def _drafter_rows(results: dict[str, dict[str, Any]]) -> list[CaseRow]:
    rows: list[CaseRow] = []
    drafters = [d for d, v in results.get("notes", {}).get("drafters", {}).items() if "splits" in v]
    for d in drafters:

        def omissions(r: dict[str, Any], s: str, d: str = d) -> Any:
            return r["drafters"][d]["splits"][s]["omission_rate"]

        def rouge(r: dict[str, Any], s: str, d: str = d) -> Any:
            return r["drafters"][d]["splits"][s]["rouge_l_note"]

        def violations(r: dict[str, Any], s: str, d: str = d) -> Any:
            x = r["drafters"][d]["splits"][s]
            return f"{x['violations']} of {x['must_not_claim']}"

        def seconds(r: dict[str, Any], s: str, d: str = d) -> Any:
            x = r["drafters"][d]["splits"][s]
            return f"{x['seconds_mean']} / {x['seconds_max']}"

        def base(key: str) -> Callable[[dict[str, Any], str], Any]:
            return lambda r, s: r["drafters"]["template"]["splits"][s][key]

        rows += [
            (f"note omissions, {d} drafter", "notes", omissions, "template drafter", base("omission_rate")),
            (
                f"note ROUGE-L vs reference, {d} drafter",
                "notes",
                rouge,
                "template drafter",
                base("rouge_l_note"),
            ),
            (f"must_not_claim violations, {d} drafter", "notes", violations, "", None),
            (
                f"seconds per case, transcript to validated draft (mean / longest), {d} drafter",
                "notes",
                seconds,
                "",
                None,
            ),
        ]
    settings = [k for k in results.get("validator", {}).get("settings", {}) if k.startswith("pipeline/")]
    for k in settings:

        def recall(r: dict[str, Any], s: str, k: str = k) -> Any:
            x = r["settings"][k]["splits"][s]
            return f"{x['recall']:.2f} ({x['correct']}/{x['must_flag']})"

        def precision(r: dict[str, Any], s: str, k: str = k) -> Any:
            return r["settings"][k]["splits"][s]["precision"]

        def oracle(r: dict[str, Any], s: str) -> Any:
            x = r["settings"]["oracle/reference"]["splits"][s]
            return f"{x['recall']:.2f} ({x['correct']}/{x['must_flag']})"

        rows += [
            (
                f"validator must_flag recall, {k}",
                "validator",
                recall,
                "expected facts + reference note",
                oracle,
            ),
            (f"validator precision, {k}", "validator", precision, "", None),
        ]
    return rows


def case_rows(results: dict[str, dict[str, Any]]) -> list[CaseRow]:
    """The case-based rows of the key table (build and check split side by side)."""

    def phi(key: str, base: str = "cases") -> Callable[[dict[str, Any], str], Any]:
        return lambda r, s: r[base][s][key]

    def person(base: str) -> Callable[[dict[str, Any], str], Any]:
        return lambda r, s: r[base][s]["per_type"]["PERSON"]["recall"]

    def ext(*path: str) -> Callable[[dict[str, Any], str], Any]:
        return lambda r, s: _get(r["splits"][s], *path)

    plain = "cases_presidio_defaults"
    rows: list[CaseRow] = [
        ("PHI recall, all types", "phi", phi("recall"), "plain Presidio", phi("recall", plain)),
        ("PHI recall, PERSON", "phi", person("cases"), "plain Presidio", person(plain)),
        ("PHI precision", "phi", phi("precision"), "plain Presidio", phi("precision", plain)),
        ("PHI spans left readable", "phi", phi("left"), "plain Presidio", phi("left", plain)),
        ("interventions F1 (near-synonym rule)", "extraction", ext("interventions", "near", "f1"), "", None),
        ("measure scores exact", "extraction", ext("measures", "accuracy"), "", None),
        ("measure scores invented", "extraction", ext("measures", "invented"), "", None),
        ("risk present: recall", "extraction", ext("risk", "recall"), "", None),
        ("false risk (cases without risk)", "extraction", ext("risk", "false_risk"), "", None),
    ]
    return rows + _drafter_rows(results)


def _n_cases(results: dict[str, dict[str, Any]], split: str) -> str:
    for area, path in (("extraction", ("splits", split, "n_cases")), ("validator", ())):
        try:
            return str(_get(results[area], *path)) if path else "?"
        except (KeyError, TypeError):
            continue
    return "?"


def key_case_table(results: dict[str, dict[str, Any]]) -> list[str]:
    """measure | build | check | baseline | baseline build | baseline check."""
    head = ["measure"] + [f"{s} ({_n_cases(results, s)} cases)" for s in SPLITS]
    head += ["plain baseline (same run)"] + [f"baseline {s}" for s in SPLITS]
    lines = [_row(*head), _row(*(["---"] * len(head)))]
    for label, area, ours, base_name, base in case_rows(results):
        data = results.get(area)
        cells = [label, *_split_cells(ours, data)]
        cells += ["-"] * (1 + len(SPLITS)) if base is None else [base_name, *_split_cells(base, data)]
        lines.append(_row(*cells))
    return lines


def _split_cells(getter: Callable[[dict[str, Any], str], Any], data: dict[str, Any] | None) -> list[str]:
    return [_cell(lambda r, s=s: getter(r, s), data) for s in SPLITS]  # type: ignore[misc]


def _asr_row(results: dict[str, Any], config: str) -> dict[str, Any]:
    return next(r for r in results["asr"]["results"] if r["config"] == config)


def key_recording_table(results: dict[str, dict[str, Any]]) -> list[str]:
    """Figures on recordings (not on cases): ASR, diarization, time, memory, throughput."""
    lines = [
        _row("measure", "ours", "plain baseline (same run)", "baseline"),
        _row("---", "---", "---", "---"),
    ]
    ours, plain = "fw-tiny.en-beam5+diarization", "plain-fw-tiny.en-beam5"

    def asr(config: str, *path: str) -> Getter:
        return lambda r: _get(_asr_row(r, config), *path)

    for label, getter, base in (
        ("ASR WER, real read-speech clips", "real", "wer"),
        ("ASR WER, synthetic two-voice sessions", "synthetic two-voice", "wer"),
    ):
        lines.append(
            _row(
                label,
                _cell(asr(ours, getter, base), results),
                _cell(asr(plain, getter, base), results),
                "plain faster-whisper tiny.en",
            )
        )
    for label, config in (
        ("ASR speed, x real time incl. model load (ours with diarization)", ours),
        ("ASR speed, x real time incl. model load (ours without diarization)", "fw-tiny.en-beam5"),
    ):
        lines.append(
            _row(
                label,
                _cell(asr(config, "x_realtime_with_load"), results, 1),
                _cell(asr(plain, "x_realtime_with_load"), results, 1),
                "plain faster-whisper tiny.en (no diarization)",
            )
        )
    diar = results.get("diarization")
    for group in ("two-voice synthetic sessions", "3 real voices, equal, 45 s"):
        lines.append(
            _row(
                f"diarization DER (strict, count estimated), {group}",
                _cell(lambda r, g=group: r["overall"][g]["estimated"]["strict"], diar),  # type: ignore[misc]
                _cell(lambda r, g=group: r["overall"][g]["given"]["strict"], diar),  # type: ignore[misc]
                "speaker count given",
            )
        )
    lat = results.get("latency")
    for r in (lat or {}).get("sessions", []):
        if "total_s" in r:
            lines.append(
                _row(
                    f"{r['minutes']:g}-minute recording to validated draft (s; x real time)",
                    f"{r['total_s']} s ({r['x_realtime']}x), {r['drafter']} drafter",
                    "-",
                    "-",
                )
            )
    if lat and "memory" in lat:
        m = lat["memory"]
        lines.append(
            _row(
                f"peak RSS drafting a {m['minutes']:g}-minute session (target < 3 GB)",
                f"{m.get('peak_rss_mb')} MB ({'met' if m.get('met') else 'not met'})",
                "-",
                "-",
            )
        )
    for r in results.get("throughput", {}).get("settings", []):
        value = (
            f"{r['recordings_per_hour']}" if "recordings_per_hour" in r else f"not run: {r.get('not_run')}"
        )
        lines.append(_row(f"recordings drafted per hour, {r['setting']}", value, "-", "-"))
    return lines


# ------------------------------------------------------------------------------------------- sections


def _status(name: str, run: dict[str, Any], results_dir: Path, results: dict[str, Any]) -> str:
    status = str(run.get("status", "?"))
    recorded = run.get("result_sha256")
    if recorded and recorded != result_sha256(results_dir / f"{name}.json"):
        dated = results.get(name, {}).get("date", "no date")
        return f"{status}, but {name}.json was rewritten since by another command (its date: {dated})"
    return status


def _stamp_table(runs: dict[str, Any], results_dir: Path, results: dict[str, Any]) -> list[str]:
    lines = [
        _row("area", "status", "measured", "commit", "seconds", "load avg (start / end)", "options"),
        _row(*(["---"] * 7)),
    ]
    for name in AREAS:
        r = runs.get(name)
        if r is None:
            lines.append(_row(name, "not run", "-", "-", "-", "-", "-"))
            continue
        s = r["stamp"]
        opts = r.get("options", {})
        shown = {
            "phi": f"ablation={opts.get('phi_ablation')}",
            "notes": f"drafters={','.join(opts.get('drafters', []))}",
            "validator": f"drafters={','.join(opts.get('drafters', []))}",
            "latency": f"minutes={opts.get('minutes')}, drafter={opts.get('latency_drafter') or 'default'}",
            "throughput": f"drafter={opts.get('throughput_drafter') or 'default'}",
        }.get(name, "")
        lines.append(
            _row(
                name,
                _status(name, r, results_dir, results),
                s["date"],
                s["commit"],
                r.get("seconds", "?"),
                f"{s['machine']['load_average_1m']} / {r.get('load_average_after_1m', '?')}",
                shown,
            )
        )
    return lines


def _latest_stamp(runs: dict[str, Any]) -> dict[str, Any]:
    stamps = [r["stamp"] for r in runs.values() if "stamp" in r]
    return max(stamps, key=lambda s: str(s["date"])) if stamps else {}


def _environment(runs: dict[str, Any]) -> list[str]:
    latest = _latest_stamp(runs)
    if not latest:
        return ["No area has run yet."]
    m = latest["machine"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} logical cores, {m['ram_gb']} GB RAM, no GPU used. The machine is "
        "shared with other work; each area's load average (start / end) is listed in its row above.",
        "",
        "| package | version |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in latest["versions"].items()],
        "",
        "| model (models/manifest.yaml) | sha256 of its primary file |",
        "|---|---|",
        *[f"| {k} | `{v}` |" for k, v in latest["model_sha256"].items()],
    ]
    differing = sorted(
        name
        for name, r in runs.items()
        if "stamp" in r
        and (
            r["stamp"]["versions"] != latest["versions"]
            or r["stamp"]["model_sha256"] != latest["model_sha256"]
        )
    )
    if differing:
        lines += ["", f"Measured with other versions or models than above: {', '.join(differing)}."]
    return lines


def _figure(name: str, files: dict[str, Path | None]) -> list[str]:
    path = files.get(name)
    if path is None:
        return [f"(figure {name}: its area has no results yet)"]
    return [f"![{FIGURES[name][2]}]({path.name})"]


def _area_sections(results: dict[str, dict[str, Any]], files: dict[str, Path | None]) -> list[str]:
    out: list[str] = []
    out += ["## Transcription", "", "Every ASR configuration on the same clips, each in its own process:", ""]
    out += _asr_table(results.get("asr"))
    out += ["", *_figure("wer_per_clip", files), "", "Details: [asr.md](asr.md).", ""]
    out += ["## Diarization", "", *_diarization_table(results.get("diarization")), ""]
    out += ["Details: [diarization.md](diarization.md).", ""]
    out += [
        "## PHI",
        "",
        "Ours and plain Presidio (spaCy sm, no chart) score the same cases in the same run.",
        "",
    ]
    out += [*_figure("phi_recall_per_type", files), "", "Details: [phi.md](phi.md).", ""]
    out += ["## Extraction, notes and validator", "", "Details: [extraction.md](extraction.md), "]
    out[-1] += "[notes.md](notes.md), [validator.md](validator.md)."
    out += ["", *_figure("rouge_per_drafter", files), "", *_figure("validator_recall_per_rule", files), ""]
    out += ["## Time per stage and memory", "", *_figure("latency_per_stage", files), ""]
    out += [*_figure("e2e_vs_length", files), "", "Details: [latency.md](latency.md).", ""]
    out += ["## Throughput and adding worker machines", "", *_throughput_text(results.get("throughput")), ""]
    return out


def _asr_table(asr: dict[str, Any] | None) -> list[str]:
    if not asr:
        return ["(not run)"]
    lines = [
        "| configuration | WER real clips | WER synthetic sessions | x real time incl. load | peak RSS MB |",
        "|---|---|---|---|---|",
    ]
    for r in asr.get("results", []):
        real, synth = r.get("real", {}), r.get("synthetic two-voice", {})
        lines.append(
            f"| {r['config']} | {_fmt(real.get('wer'))} | {_fmt(synth.get('wer'))} | "
            f"{r.get('x_realtime_with_load')} | {r.get('peak_rss_mb')} |"
        )
    return lines


def _diarization_table(diar: dict[str, Any] | None) -> list[str]:
    if not diar:
        return ["(not run)"]
    lines = [
        "| set | files | DER strict, count given | DER strict, count estimated | count right (estimated) |",
        "|---|---|---|---|---|",
    ]
    for group, v in diar.get("overall", {}).items():
        g, e = v.get("given", {}), v.get("estimated", {})
        lines.append(
            f"| {group} | {e.get('files')} | {_fmt(g.get('strict'))} | {_fmt(e.get('strict'))} | "
            f"{e.get('speaker_count_correct')}/{e.get('files')} |"
        )
    return lines


def _throughput_text(tp: dict[str, Any] | None) -> list[str]:
    lines: list[str] = []
    if tp:
        lines += [
            f"Batch mode (`sessionnote batch --wait` with `sessionnote worker`), drafter {tp['drafter']}: "
            f"{len(tp['recordings'])} recordings per setting after two warm-up clips per worker; one run per "
            "setting, so timings on this shared machine carry its noise.",
            "",
            "| setting | audio min | wall s | drafted / failed | recordings per hour | "
            "workers' peak RSS MB |",
            "|---|---|---|---|---|---|",
        ]
        for r in tp.get("settings", []):
            if "not_run" in r:
                lines.append(f"| {r['setting']} | not run: {r['not_run']} | | | | |")
                continue
            lines.append(
                f"| {r['setting']} | {r['audio_min']} | {r['wall_s']} | {r['drafted']} / {r['failed']} | "
                f"{r['recordings_per_hour']} | {r['workers_peak_rss_mb']} |"
            )
        lines.append("")
    lines += [
        "**Adding worker machines.** Every worker host runs the same install (`make models` fills the model "
        "directory) and shares four things with the others: the PostgreSQL database "
        "(`SESSIONNOTE_DATABASE_URL=postgresql+psycopg://...`), the Redis queue (`SESSIONNOTE_QUEUE=redis`, "
        "`SESSIONNOTE_REDIS_URL`; a Redis on another host must be `rediss://`), the encryption key ring "
        "(`SESSIONNOTE_ENCRYPTION_KEY_FILE`, copied to each host, mode 0600) and the data directory's "
        "`audio/` folder, where uploads and batch imports store the recordings (a shared mount). The main "
        "host runs `sessionnote serve`; each added host runs `sessionnote worker --workers N` with the same "
        "settings. Jobs are claimed through the ledger in PostgreSQL, so a recording is drafted by one "
        "worker only, and a host that dies mid-job is re-queued by the reconciler. The "
        "PostgreSQL + Redis row above is that layout measured on one machine: two `sessionnote worker` "
        "processes, one worker each, standing for two hosts, on loopback servers. On this 2-core machine "
        "the second worker competes with the first for the same cores, so the 1- and 2-worker rows show "
        "what a second process adds here, not what a second machine would add.",
    ]
    return lines


def write_report(results_dir: Path) -> Path:
    """Draw the figures and write ``report.md`` from the area files in ``results_dir``."""
    results = load_results(results_dir)
    runs = load_runs(results_dir)
    files: dict[str, Path | None] = {}
    for name, (area, draw, _title) in FIGURES.items():
        data = results.get(area)
        stamp = runs.get(area, {}).get("stamp")
        files[name] = draw(data, results_dir / f"{name}.png", stamp) if data else None
    latest = _latest_stamp(runs)
    lines = [
        "# SessionNote evaluation report",
        "",
        "Written by `sessionnote eval all` from the area results in this folder. Case figures: build split "
        "(read and tuned on) beside check split (never read; the estimate for unseen sessions), with the "
        "plain baselines scored in the same run.",
        "",
        LATEST + (one_line(latest) if latest else "never"),
        "",
        "Each area's own stamp:",
        "",
        *_stamp_table(runs, results_dir, results),
        "",
        "## Key results",
        "",
        KEY_START,
        "Cases (`../shared/data/cases`):",
        "",
        *key_case_table(results),
        "",
        "Recordings, time, memory and throughput:",
        "",
        *key_recording_table(results),
        KEY_END,
        "",
        *_area_sections(results, files),
        "## Machine, versions and models",
        "",
        *_environment(runs),
        "",
    ]
    out = results_dir / "report.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out
