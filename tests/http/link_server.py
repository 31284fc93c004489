"""A local web server for the link-check tests: a page, a missing page, a
redirect, a redirect loop, a big image and a page posing as an image.

    link_server.py PORT     (prints `ready` once listening)
"""

import http.server
import sys

PAGES = {
    "/ok": (200, "text/html", b"<p>fine</p>"),
    "/small.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 2000),
    "/big.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + b"0" * 2_000_000),
    "/fake.png": (200, "text/html", b"<p>not an image</p>"),
}
REDIRECTS = {"/moved": "/ok", "/loop-a": "/loop-b", "/loop-b": "/loop-a"}


class Handler(http.server.BaseHTTPRequestHandler):
    def answer(self, body: bool) -> None:
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
