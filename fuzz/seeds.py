#!/usr/bin/env python3
"""Writes the seed corpora of the fuzz targets from the recorded Odoo exchanges.

    python3 fuzz/seeds.py [FIXTURES]      # default: $ODOO_FIXTURES, else ../shared/fixtures

FIXTURES holds odoo16/ ... odoo19/, each with transcripts/*.json, fields_get.json and
ir_model.json (see their README.md). The seeds go to fuzz/corpus/<target>/ (not committed:
regenerate them with this script), one file per input, named by the SHA-1 of its content
as libFuzzer names its own; inputs longer than MAX_LEN (the -max_len of the runs) are left
out or cut into smaller pieces.
"""

import hashlib
import json
import os
import sys
from pathlib import Path

MAX_LEN = 64 * 1024
FUZZ = Path(__file__).resolve().parent
REPO = FUZZ.parent

# Mirrors odoo_fuzz::response (fuzz/src/lib.rs): the first byte of a JSON target's input.
STATUSES = [200, 200, 200, 400, 401, 403, 404, 500]


def header_byte(status, content_type):
    index = STATUSES.index(status) if status in STATUSES else 7
    ct = (content_type or "").lower()
    if not content_type:
        kind = 2
    elif "json" in ct:
        kind = 0
    elif "xml" in ct:
        kind = 3
    else:
        kind = 1
    return bytes([index | (kind << 3)])


class Corpus:
    def __init__(self):
        self.counts = {}

    def add(self, target, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        if not data or len(data) > MAX_LEN:
            return
        folder = FUZZ / "corpus" / target
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / hashlib.sha1(data).hexdigest()
        if not path.exists():
            path.write_bytes(data)
            self.counts[target] = self.counts.get(target, 0) + 1


def domains_in(value, out):
    """Collects the lists in `value` that look like domains (prefix notation)."""
    if isinstance(value, list):
        first = value[0] if value else None
        looks = first in ("&", "|", "!") or (
            isinstance(first, list) and len(first) == 3 and isinstance(first[1], str)
        )
        if looks:
            out.append(value)
        for item in value:
            domains_in(item, out)
    elif isinstance(value, dict):
        for item in value.values():
            domains_in(item, out)


def json_or_none(text):
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return None


def pieces(models, size=4096):
    """Splits {model: {field: attrs}} into objects of about `size` bytes of JSON: small
    inputs run fast, and the fuzzer joins pieces by itself."""
    for model, fields in models.items():
        chunk = {}
        for name, attrs in fields.items():
            chunk[name] = attrs
            if len(json.dumps({model: chunk})) > size:
                yield {model: chunk}
                chunk = {}
        if chunk:
            yield {model: chunk}


def main():
    fixtures = Path(
        sys.argv[1]
        if len(sys.argv) > 1
        else os.environ.get("ODOO_FIXTURES", REPO.parent / "shared" / "fixtures")
    )
    versions = sorted(fixtures.glob("odoo1*"))
    if not versions:
        sys.exit(f"no odoo1*/ folders in {fixtures} (pass the fixtures folder)")
    corpus = Corpus()
    for version in versions:
        for path in sorted((version / "transcripts").glob("*.json")):
            exchange = json.loads(path.read_text())
            name = exchange["name"]
            request, response = exchange["request"], exchange["response"]
            body = response.get("body") or ""
            status = response.get("status", 200)
            content_type = response.get("headers", {}).get("content-type")
            prefixed = header_byte(status, content_type) + body.encode("utf-8")
            if name.startswith("xmlrpc_"):
                corpus.add("xmlrpc_decode", body)
                if request.get("body"):
                    corpus.add("xmlrpc_decode", request["body"])
            elif name.startswith(("jsonrpc_", "web_", "http_")):
                corpus.add("json_rpc_typed", prefixed)
            elif name.startswith(("json2_", "doc_")):
                corpus.add("json2_typed", prefixed)
            # Domains sent in requests, and records answered (fields_get answers too).
            found = []
            domains_in(json_or_none(request.get("body")), found)
            for domain in found:
                corpus.add("domain_raw", json.dumps(domain))
            parsed = json_or_none(body)
            if isinstance(parsed, dict) and "fields_get" in name:
                result = parsed.get("result", parsed)
                if isinstance(result, dict):
                    corpus.add("schema_fields_get", json.dumps({"res.partner": result}))
        fields_get = json_or_none((version / "fields_get.json").read_text())
        ir_model = json_or_none((version / "ir_model.json").read_text()) or []
        for piece in pieces(fields_get or {}):
            corpus.add("schema_fields_get", json.dumps(piece))
            model = next(iter(piece))
            rows = [row for row in ir_model if row.get("model") == model]
            corpus.add("schema_fields_get", json.dumps([piece, rows]))
            for attrs in list(piece[model].values())[:3]:
                corpus.add("schema_fields_get", json.dumps(attrs))
    # Snapshots as odoo-rs writes them, one model per seed.
    for snapshot in sorted(REPO.glob("tests/**/*.json")):
        data = json_or_none(snapshot.read_text())
        if not (isinstance(data, dict) and "format" in data and "models" in data):
            continue
        for model, schema in data["models"].items():
            one = {"format": data["format"], "server_version": data.get("server_version"),
                   "models": {model: schema}}
            if one["server_version"] is None:
                del one["server_version"]
            corpus.add("schema_fields_get", json.dumps(one, indent=2, sort_keys=True))
    for target, count in sorted(corpus.counts.items()):
        print(f"{target}: {count} new seeds in fuzz/corpus/{target}/")


if __name__ == "__main__":
    main()
