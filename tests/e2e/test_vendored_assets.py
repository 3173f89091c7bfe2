"""The screens load only files from this repository: vendored files match their manifest, and no
template or script points at another host."""

from __future__ import annotations

import hashlib
import json
import re

from tests.conftest import REPO_ROOT

WEB = REPO_ROOT / "service" / "web"
VENDOR = WEB / "static" / "vendor"


def test_vendored_files_match_the_manifest_and_carry_their_licences() -> None:
    manifest = json.loads((VENDOR / "manifest.json").read_text(encoding="utf-8"))
    assert {e["package"] for e in manifest["files"]} == {"htmx.org", "axe-core"}
    for entry in manifest["files"]:
        data = (VENDOR / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
        assert (VENDOR / entry["license_file"]).stat().st_size > 0


def test_when_a_page_loads_a_script_or_style_then_it_comes_from_this_site() -> None:
    remote = re.compile(r"""(src|href)=["'](https?:)?//""")
    for path in [*WEB.glob("templates/*.html"), WEB / "static" / "app.js", WEB / "static" / "app.css"]:
        assert not remote.search(path.read_text(encoding="utf-8")), f"{path.name} loads from another host"
