"""Drives Annex through a Python client generated from openapi/openapi.json by
openapi-python-client: what an integrator's script does first. Run by scripts/contract-test as
`python3 client_smoke.py <base URL>` with the generated package on sys.path; exits non-zero on the
first thing that does not work as documented.
"""

import importlib
import io
import json
import pathlib
import sys

from annex_client import AuthenticatedClient, Client
from annex_client.api.auth import login, me
from annex_client.api.items import create_item, get_item, update_item
from annex_client.api.soa import get_soa
from annex_client.api.spaces import export_space, import_space, list_spaces
from annex_client.models import (
    CreateItem,
    ExchangeFormat,
    ImportReport,
    Item,
    LoginRequest,
    Me,
    PageSpace,
    Soa,
    TokenPair,
    UpdateItem,
)
from annex_client.types import File


def check(condition, what):
    if not condition:
        raise SystemExit(f"client smoke: {what}")


def every_operation_is_generated():
    """Each operation of the spec is a function of the generated client (none silently dropped)."""
    spec_path = pathlib.Path(__file__).resolve().parents[2] / "openapi" / "openapi.json"
    spec = json.loads(spec_path.read_text())
    missing = []
    count = 0
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method not in ("get", "put", "post", "delete", "patch", "head"):
                continue
            count += 1
            tag = operation["tags"][0].replace("-", "_")
            name = operation["operationId"]
            try:
                module = importlib.import_module(f"annex_client.api.{tag}.{name}")
            except ImportError:
                module = None
            if module is None or not hasattr(module, "sync_detailed"):
                missing.append(f"{method.upper()} {path} ({tag}.{name})")
    check(not missing, "operations the generated client lacks: " + ", ".join(missing))
    print(f"client smoke: all {count} operations of the spec are in the generated client")


def main(base):
    every_operation_is_generated()
    anonymous = Client(base_url=base, raise_on_unexpected_status=True)
    signed_in = login.sync_detailed(
        client=anonymous,
        body=LoginRequest(email="editor@demo.example", password="annex-demo"),
    )
    check(signed_in.status_code == 200 and isinstance(signed_in.parsed, TokenPair), "sign in")
    client = AuthenticatedClient(
        base_url=base, token=signed_in.parsed.access_token, raise_on_unexpected_status=True
    )
    who = me.sync(client=client)
    check(isinstance(who, Me) and who.user.email == "editor@demo.example", "who am I")

    spaces = list_spaces.sync(client=client, limit=200)
    check(isinstance(spaces, PageSpace) and spaces.data, "list spaces")
    tracker = next(s for s in spaces.data if s.name == "ISMS Corrective Actions & Improvements")

    created = create_item.sync_detailed(
        tracker.id, client=client, body=CreateItem(title="Raised by a generated client")
    )
    check(created.status_code == 201 and isinstance(created.parsed, Item), "create an item")
    etag = created.headers["etag"]
    changed = update_item.sync_detailed(
        created.parsed.id,
        client=client,
        body=UpdateItem(title="Renamed by a generated client"),
        if_match=etag,
    )
    check(changed.status_code == 200 and changed.parsed.title == "Renamed by a generated client",
          "change it with If-Match")
    stale = update_item.sync_detailed(
        created.parsed.id, client=client, body=UpdateItem(title="Lost update"), if_match=etag
    )
    check(stale.status_code == 412, f"a stale If-Match is 412, got {stale.status_code}")
    read = get_item.sync(created.parsed.id, client=client)
    check(isinstance(read, Item) and read.title == "Renamed by a generated client", "read it back")

    soa = get_soa.sync(client=client)
    check(isinstance(soa, Soa) and len(soa.data) >= 93, "the Statement of Applicability")

    exported = export_space.sync_detailed(tracker.id, client=client, format_=ExchangeFormat.CSV)
    check(exported.status_code == 200 and b"Renamed by a generated client" in exported.content,
          "export the tracker")
    checked = import_space.sync_detailed(
        tracker.id,
        client=client,
        body=File(payload=io.BytesIO(exported.content), mime_type="text/csv"),
        format_=ExchangeFormat.CSV,
        dry_run=True,
    )
    check(checked.status_code == 200 and isinstance(checked.parsed, ImportReport)
          and not checked.parsed.errors and checked.parsed.updated == 0,
          f"import the export back (dry run): {checked.status_code} {checked.content[:300]!r}")
    print("client smoke: sign in, list, create, change with If-Match, SoA, export, import: ok")


if __name__ == "__main__":
    main(sys.argv[1])
