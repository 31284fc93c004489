"""A local web server for the link-check tests: a page, a missing page, a
server error, a page that refuses HEAD but answers GET, a redirect, a
redirect loop, a page that stalls for 20 s, a small real PNG, a 6 MB image,
a page posing as an image, and /slow/<anything>: a page answered after
50 ms (the link-check benchmark's latency).

    link_server.py PORT     (prints `ready` once listening)
"""

import http.server
import sys
import time

PAGES = {
    "/ok": (200, "text/html", b"<p>fine</p>"),
    "/small.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000),
    "/big.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 6_000_000),
    "/error": (500, "text/html", b"<p>broken</p>"),
    "/no-head": (200, "text/html", b"<p>only GET</p>"),
    "/stall": (200, "text/html", b"<p>late</p>"),
    "/fake.png": (200, "text/html", b"<p>not an image</p>"),
}
REDIRECTS = {"/moved": "/ok", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, body: bool) -> None:
        if self.path == "/no-head" and not body:
            self.send_response(405)
            self.send_header("Allow", "GET")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if self.path == "/stall":
            time.sleep(20)
        if self.path.startswith("/slow/"):
            time.sleep(0.05)
            PAGES.setdefault(self.path, (200, "text/html", b"<p>slow</p>"))
        if self.path in REDIRECTS:
            self.send_response(302)
            self.send_header("Location", REDIRECTS[self.path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status, kind, data = PAGES.get(self.path, (404, "text/html", b"missing"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def do_HEAD(self) -> None:  # noqa: N802 (http.server's naming)
        self.answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(True)

    def log_message(self, *args) -> None:
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler)
print("ready", flush=True)
server.serve_forever()
