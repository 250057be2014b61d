#!/usr/bin/env python3
"""A loopback tile server for Cordon's basemap tests (issue 18). Standard library only.

    tile_server.py --port-file FILE [--mbtiles FILE] [--any TILE.png [--any-odd TILE.png]] [--key KEY]
                   [--delay SECONDS] [--limit-every N]

Listens on 127.0.0.1 only, on a free port written to --port-file once it listens. Paths:

    /xyz/{z}/{x}/{y}.png      the tile from --mbtiles (XYZ rows), else --any's bytes (--any-odd's
                              where x + y is odd: a checkerboard), else 404
    /wmts?...TILEMATRIX=z&TILEROW=y&TILECOL=x&tk=KEY   the same, WMTS KVP style (天地图)
    /keyed/{z}/{x}/{y}.png?tk=KEY   403 unless tk equals --key
    /missing/{z}/{x}/{y}.png  always 404
    /corrupt/{z}/{x}/{y}.png  200 with garbage bytes (image/png)
    /busy/{z}/{x}/{y}.png     429 (Retry-After: 1) for every --limit-every'th request, else the tile
    /stats                    JSON: requests served so far per kind, and the peak of concurrent ones

--log FILE appends every request's path. --delay makes every tile answer that many seconds late (the app's responsiveness test).
"""

import argparse
import json
import os
import re
import sqlite3
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TILE = re.compile(r"^/(xyz|keyed|missing|corrupt|busy)/(\d+)/(\d+)/(\d+)\.(png|jpg|jpeg|webp)$")


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.counts = {}
        self.active = 0
        self.peak = 0
        self.busy_count = 0
        self.any_tile = open(args.any, "rb").read() if args.any else None
        self.odd_tile = open(args.any_odd, "rb").read() if args.any_odd else self.any_tile
        self.local = threading.local()

    def db(self):
        if not self.args.mbtiles:
            return None
        if getattr(self.local, "db", None) is None:
            self.local.db = sqlite3.connect("file:" + self.args.mbtiles + "?mode=ro", uri=True)
        return self.local.db

    def tile(self, z, x, y):
        db = self.db()
        if db is not None:
            row = db.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, (1 << z) - 1 - y)).fetchone()
            if row:
                return bytes(row[0])
        return self.odd_tile if (x + y) % 2 else self.any_tile


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # Headers and body go out as separate writes: without this, Nagle's algorithm and the
    # client's delayed ACK hold every answer about 40 ms (a server's artefact, not Cordon's).
    disable_nagle_algorithm = True

    def log_message(self, fmt, *args):  # quiet: the tests read /stats
        pass

    def send(self, status, body, ctype="text/plain", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def count(self, kind):
        st = self.server.state
        with st.lock:
            st.counts[kind] = st.counts.get(kind, 0) + 1

    def do_GET(self):
        st = self.server.state
        with st.lock:
            st.active += 1
            st.peak = max(st.peak, st.active)
        try:
            self.answer()
        finally:
            with st.lock:
                st.active -= 1

    def answer(self):
        st = self.server.state
        if st.args.log:
            with st.lock, open(st.args.log, "a") as log:
                log.write(self.path + "\n")
        url = urllib.parse.urlsplit(self.path)
        query = {k.lower(): v for k, v in urllib.parse.parse_qsl(url.query)}
        if url.path == "/stats":
            with st.lock:
                body = json.dumps({"counts": st.counts, "peak": st.peak}).encode()
            return self.send(200, body, "application/json")
        if url.path == "/wmts":
            kind = "wmts"
            try:
                z, y, x = int(query["tilematrix"]), int(query["tilerow"]), int(query["tilecol"])
            except (KeyError, ValueError):
                return self.send(400, b"bad WMTS request")
            if st.args.key and query.get("tk") != st.args.key:
                self.count("refused")
                return self.send(403, b"invalid key")
        else:
            m = TILE.match(url.path)
            if not m:
                self.count("unknown")
                return self.send(404, b"not found")
            kind = m.group(1)
            z, x, y = int(m.group(2)), int(m.group(3)), int(m.group(4))
        self.count(kind)
        if st.args.delay:
            time.sleep(st.args.delay)
        if kind == "missing":
            return self.send(404, b"no such tile")
        if kind == "corrupt":
            return self.send(200, b"\x89PNG garbage, not an image" * 8, "image/png")
        if kind == "keyed" and query.get("tk") != st.args.key:
            self.count("refused")
            return self.send(403, b"invalid key")
        if kind == "busy" and st.args.limit_every:
            with st.lock:
                st.busy_count += 1
                limited = st.busy_count % st.args.limit_every == 0
            if limited:
                self.count("limited")
                return self.send(429, b"slow down", headers=[("Retry-After", "1")])
        data = st.tile(z, x, y)
        if data is None:
            return self.send(404, b"no such tile")
        ctype = "image/jpeg" if data[:3] == b"\xff\xd8\xff" else "image/png"
        return self.send(200, data, ctype)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--mbtiles")
    p.add_argument("--any")
    p.add_argument("--any-odd")
    p.add_argument("--key")
    p.add_argument("--delay", type=float, default=0.0)
    p.add_argument("--limit-every", type=int, default=0)
    p.add_argument("--log", help="append every request's path to this file")
    args = p.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.state = State(args)
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(tmp, args.port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
