"""``sessionnote batch DIR --client-map map.csv`` imports a folder of recordings as queued sessions;
``sessionnote summary`` prints the morning summary.

map.csv has a header and one row per client of a recording: ``file,client_id,session_date[,speaker]``
(a couples or group recording has one row per client, with their speaker labels). Each recording is
checked and encrypted like an upload; its session belongs to the clients' clinician. Drafting runs in
the workers, inside SESSIONNOTE_BATCH_WINDOW; ``--wait`` follows it with a progress bar and ETA.
"""

from __future__ import annotations

import csv
import json
import time
from collections import OrderedDict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from service import audit
from service.cli.options import container
from service.errors import InputError, SessionNoteError
from service.jobs.submit import SPEAKER_LABELS, check_and_store, create_session, dispatch
from service.jobs.summary import morning_summary
from service.storage.clients import ClientRepository
from service.storage.db import upgrade
from service.storage.jobs import JobRepository
from service.storage.users import UserRepository, aware, now

console = Console(stderr=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        console=console,
    )


def read_map(path: Path, folder: Path) -> OrderedDict[Path, list[tuple[str, str, date]]]:
    """Recording -> [(client_id, speaker, session_date)]; errors name the row."""
    try:
        rows = list(csv.DictReader(path.read_text(encoding="utf-8-sig").splitlines()))
    except OSError as exc:
        raise InputError(f"Cannot read the client map {path}: {exc.strerror or exc}.") from None
    out: OrderedDict[Path, list[tuple[str, str, date]]] = OrderedDict()
    for n, row in enumerate(rows, start=2):
        if not row.get("file") or not row.get("client_id") or not row.get("session_date"):
            raise InputError(f"{path}, row {n}: columns file, client_id and session_date are required.")
        audio = (folder / row["file"].strip()).resolve()
        if folder.resolve() not in audio.parents or not audio.is_file():
            raise InputError(f"{path}, row {n}: {row['file'].strip()} is not a file in {folder}.")
        try:
            day = date.fromisoformat(row["session_date"].strip())
        except ValueError:
            raise InputError(f"{path}, row {n}: session_date must be YYYY-MM-DD.") from None
        people = out.setdefault(audio, [])
        speaker = (row.get("speaker") or "").strip() or SPEAKER_LABELS[len(people)]
        if speaker not in SPEAKER_LABELS:
            raise InputError(f"{path}, row {n}: speaker must be client, client_2, ... client_12.")
        people.append((row["client_id"].strip(), speaker, day))
    if not out:
        raise InputError(f"The client map {path} lists no recordings.")
    return out


def batch(
    folder: Annotated[Path, typer.Argument(help="Folder of recordings.")],
    client_map: Annotated[
        Path, typer.Option("--client-map", help="CSV: file,client_id,session_date[,speaker].")
    ],
    wait: Annotated[bool, typer.Option(help="Follow drafting until every session is done.")] = False,
    timeout_minutes: Annotated[float, typer.Option(help="Stop following after this long.")] = 600.0,
) -> None:
    """Queue every recording of the map for drafting (in the batch window)."""
    c = container()
    upgrade(c.settings.resolved_database_url)
    plan = read_map(client_map, folder)
    job_ids: list[str] = []
    failures: list[str] = []
    with _progress() as bar:
        task = bar.add_task("Importing recordings", total=len(plan))
        for audio, people in plan.items():
            try:
                job_ids.append(_import(c, audio, people))
            except SessionNoteError as exc:
                failures.append(f"{audio.name}: {exc.message}")
            bar.advance(task)
    for line in failures:
        console.print(f"[red]Not imported[/] {line}", highlight=False)
    console.print(f"Queued {len(job_ids)} session(s); window {c.settings.batch_window}.", highlight=False)
    if wait and job_ids:
        _follow(c, job_ids, timeout_minutes)
    if failures:
        raise typer.Exit(2)


def _import(c: object, audio: Path, people: list[tuple[str, str, date]]) -> str:
    from service.container import Container

    assert isinstance(c, Container)
    days = {d for _c, _s, d in people}
    if len(days) != 1:
        raise InputError("the rows of one recording give different session dates.")
    with c.database.session() as db:
        owners = {ClientRepository(db, c.cipher).require(cid, None).owner_id for cid, _s, _d in people}
        if len(owners) != 1:
            raise InputError("the clients of one recording have different clinicians.")
        owner = UserRepository(db).get(owners.pop())
        assert owner is not None
        principal = UserRepository(db).principal(owner)
    with audio.open("rb") as fh:
        head = fh.read(64)
    recording = check_and_store(c, audio, head)
    try:
        with c.database.session() as db:
            submitted = create_session(
                c, db, principal, days.pop(), [(cid, s) for cid, s, _d in people], recording
            )
            audit.record(db, None, "batch.import", "session", submitted.session_id)
    except Exception:
        c.audio_store.delete(recording.stored_name)
        raise
    dispatch(c, submitted.job_id)
    return submitted.job_id


def _follow(c: object, job_ids: list[str], timeout_minutes: float) -> None:
    from service.container import Container

    assert isinstance(c, Container)
    deadline = time.monotonic() + timeout_minutes * 60
    with _progress() as bar:
        task = bar.add_task("Drafting", total=100.0 * len(job_ids))
        while time.monotonic() < deadline:
            with c.database.session() as db:
                jobs = [JobRepository(db, c.cipher).get(j) for j in job_ids]
            done = sum(1 for j in jobs if j is not None and j.state in ("done", "failed"))
            bar.update(
                task,
                completed=sum(
                    100.0 if j and j.state in ("done", "failed") else (j.progress if j else 0) for j in jobs
                ),
            )
            if done == len(job_ids):
                return
            time.sleep(1.0)
    console.print("Stopped following; the workers carry on.", highlight=False)


def summary(
    since: Annotated[str | None, typer.Option(help="ISO time (default: 24 hours ago).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What was drafted, what failed (and why), and what needs attention."""
    c = container()
    start = now() - timedelta(hours=24)
    if since is not None:
        try:
            start = aware(datetime.fromisoformat(since))
        except ValueError:
            raise InputError("--since must be an ISO date or time.") from None
    with c.database.session() as db:
        report = morning_summary(c, db, start, None)
    if as_json:
        typer.echo(json.dumps(report, indent=2))
        return
    out = Console()
    out.print(
        f"Since {report['since']}: {len(report['drafted'])} drafted, {len(report['failed'])} failed, "
        f"{len(report['needs_attention'])} need attention, {report['queued']} queued, "
        f"{report['running']} running.",
        highlight=False,
    )
    for f in report["failed"]:
        out.print(f"  FAILED {f['session_id']} ({f['session_date']}): {f['reason']}", highlight=False)
    for a in report["needs_attention"]:
        out.print(
            f"  ATTENTION {a['session_id']} ({a['session_date']}): {', '.join(a['reasons'])}", highlight=False
        )


def register(app: typer.Typer) -> None:
    """Add the ``batch`` and ``summary`` commands."""
    app.command("batch")(batch)
    app.command("summary")(summary)
