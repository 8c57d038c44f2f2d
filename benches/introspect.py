#!/usr/bin/env python3
"""The requests of `odoo-codegen snapshot` (default settings, a password), made by Python.

Usage: introspect.py [--jsonrpc] [--transient] [--threads N] [--json]

Reads ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD. Makes the requests the snapshot makes:
the server's version, the login, `ir.model` (`search_read` of model, name, transient, modules
and order, ordered by model), then for each model that is not transient (every model with
--transient) a `fields_get` of the attributes the snapshot keeps and, when it answered, a
`search([], limit=1)`: the probe whose failure marks the model unreadable. The models go
through a ThreadPoolExecutor of --threads workers (8), each with its own kept-alive HTTP
connection; a worker makes a model's two requests one after the other.

By default over the web session, as the client does with a password:
`/web/webclient/version_info`, `/web/session/authenticate`, then
`/web/dataset/call_kw/<model>/<method>` with the `session_id` cookie. With --jsonrpc, the
usual Python way: `/jsonrpc` with `common.version`, `common.authenticate` and
`object.execute_kw`, the password on every call.

Prints the wall time (from the first request to the last answer), the process's CPU time,
the models, the requests, and the models whose probe failed with the reason the snapshot
gives; with --json, one JSON object on one line instead.
"""
import argparse
import concurrent.futures
import http.client
import json
import os
import sys
import threading
import time
import urllib.parse

FIELD_ATTRIBUTES = [
    "type", "string", "help", "required", "readonly", "store", "relation", "relation_field",
    "selection", "currency_field", "company_dependent", "groups", "translate", "searchable",
    "sortable", "related", "aggregator", "group_operator", "size", "depends", "exportable",
]
IR_MODEL_FIELDS = ["model", "name", "transient", "modules", "order"]


class OdooError(Exception):
    """An error the server answered: its `data` object."""

    def __init__(self, error, status=None):
        super().__init__(error.get("message", "error"))
        self.data = error.get("data") or {}
        self.status = status


class Session:
    """One server, one kept-alive connection per thread, the web session or JSON-RPC."""

    def __init__(self, url, db, user, password, jsonrpc):
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname, parsed.port or 80
        self.prefix = parsed.path.rstrip("/")
        self.db, self.user, self.password = db, user, password
        self.jsonrpc = jsonrpc
        self.uid = None
        self.cookie = None
        self.local = threading.local()
        self.ids = 0
        self.lock = threading.Lock()

    def post(self, path, params, with_session=True):
        """One JSON-RPC request; its `result`, or OdooError."""
        with self.lock:
            self.ids += 1
            body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params,
                               "id": self.ids})
        headers = {"Content-Type": "application/json"}
        if with_session and self.cookie:
            headers["Cookie"] = "session_id=" + self.cookie
        conn = getattr(self.local, "conn", None)
        if conn is None:
            conn = self.local.conn = http.client.HTTPConnection(self.host, self.port)
        conn.request("POST", self.prefix + path, body, headers)
        response = conn.getresponse()
        data = response.read()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie" and value.startswith("session_id="):
                if with_session or path.endswith("/authenticate"):
                    self.cookie = value.split(";", 1)[0][len("session_id="):]
        if response.status != 200:
            raise OdooError({"message": f"HTTP {response.status}"}, response.status)
        answer = json.loads(data)
        if "error" in answer:
            raise OdooError(answer["error"])
        return answer.get("result")

    def connect(self):
        if self.jsonrpc:
            self.post("/jsonrpc", {"service": "common", "method": "version", "args": []})
            self.uid = self.post("/jsonrpc", {
                "service": "common", "method": "authenticate",
                "args": [self.db, self.user, self.password, {}]})
        else:
            self.post("/web/webclient/version_info", {}, with_session=False)
            result = self.post("/web/session/authenticate", {
                "db": self.db, "login": self.user, "password": self.password},
                with_session=False)
            self.uid = result.get("uid")
        if not self.uid:
            raise SystemExit("login failed")

    def call(self, model, method, args, kwargs):
        if self.jsonrpc:
            return self.post("/jsonrpc", {
                "service": "object", "method": "execute_kw",
                "args": [self.db, self.uid, self.password, model, method, args, kwargs]})
        return self.post(f"/web/dataset/call_kw/{model}/{method}", {
            "args": args, "kwargs": kwargs, "method": method, "model": model})


def ir_models(session):
    try:
        return session.call("ir.model", "search_read", [[]],
                            {"fields": IR_MODEL_FIELDS, "order": "model"})
    except OdooError:
        # A server without one of the fields: the basic ones, as the snapshot does.
        return session.call("ir.model", "search_read", [[]],
                            {"fields": IR_MODEL_FIELDS[:4], "order": "model"})


def unreadable_reason(error):
    """The reason the snapshot gives for a failed probe."""
    data = error.data
    name = data.get("name") or ""
    short = name.rsplit(".", 1)[-1] if name else None
    text = f"{data.get('message', '')} {data.get('debug') or ''}"
    if error.status is not None:
        return f"search answers HTTP {error.status}"
    if short in ("AccessError", "Forbidden"):
        return "no read access for this user"
    if "UndefinedTable" in text or "does not exist" in text:
        return "no table (abstract model)"
    return f"search raises {short or 'an error'}"


def one_model(session, model):
    """(fields or None, unreadable reason or None, requests made)."""
    try:
        fields = session.call(model, "fields_get", [], {"attributes": FIELD_ATTRIBUTES})
    except OdooError:
        return None, None, 1
    try:
        session.call(model, "search", [[]], {"limit": 1})
        return fields, None, 2
    except OdooError as error:
        return fields, unreadable_reason(error), 2


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jsonrpc", action="store_true", help="over /jsonrpc")
    parser.add_argument("--transient", action="store_true", help="transient models too")
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--json", action="store_true", help="one JSON line")
    args = parser.parse_args(argv)
    env = {name: os.environ.get(name) for name in
           ("ODOO_URL", "ODOO_DB", "ODOO_USER", "ODOO_PASSWORD")}
    if not all(env.values()):
        print("set ODOO_URL, ODOO_DB, ODOO_USER and ODOO_PASSWORD", file=sys.stderr)
        return 2
    session = Session(env["ODOO_URL"], env["ODOO_DB"], env["ODOO_USER"],
                      env["ODOO_PASSWORD"], args.jsonrpc)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    session.connect()
    rows = ir_models(session)
    models = sorted(row["model"] for row in rows if args.transient or not row.get("transient"))
    requests = 1
    fields = 0
    failed = []
    unreadable = {}
    with concurrent.futures.ThreadPoolExecutor(args.threads) as pool:
        done = pool.map(lambda model: (model, one_model(session, model)), models)
        for model, (answer, reason, made) in done:
            requests += made
            if answer is None:
                failed.append(model)
                continue
            fields += len(answer)
            if reason is not None:
                unreadable[model] = reason
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    report = {
        "transport": "json-rpc" if args.jsonrpc else "web-session",
        "wall": wall, "cpu": cpu, "threads": args.threads, "models": len(models) - len(failed),
        "fields": fields, "requests": requests, "failed": failed, "unreadable": unreadable,
    }
    if args.json:
        print(json.dumps(report, sort_keys=True))
        return 0
    print(f"{report['transport']}, {args.threads} threads: {wall:.2f} s wall, {cpu:.2f} s CPU, "
          f"{report['models']} models, {fields} fields, {requests} requests "
          "(the login not counted)")
    print(f"fields_get failed: {', '.join(failed) or 'none'}")
    print(f"{len(unreadable)} unreadable (probe failed):")
    for model, reason in sorted(unreadable.items()):
        print(f"  {model}: {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
