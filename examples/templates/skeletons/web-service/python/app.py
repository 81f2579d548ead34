"""A tiny HTTP service with the endpoints Paved's probes call.

GET /healthz says the process is alive, GET /ready that it can take traffic. It listens on PORT, which
Paved sets from the app spec.
"""

import json
import os
import signal
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SERVICE = "${{ values.name }}"


class Handler(BaseHTTPRequestHandler):
    ready = True

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/healthz":
            self.send(200, {"status": "ok"})
        elif path == "/ready":
            self.send(200 if Handler.ready else 503, {"ready": Handler.ready})
        elif path == "/":
            self.send(200, {"service": SERVICE, "hello": "world"})
        else:
            self.send(404, {"error": "no route for " + path})

    def send(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        sys.stdout.write("%s %s\n" % (self.address_string(), format % args))


def serve(port):
    return ThreadingHTTPServer(("0.0.0.0", port), Handler)


if __name__ == "__main__":
    server = serve(int(os.environ.get("PORT", "8080")))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(SERVICE + " listening on " + str(server.server_port), flush=True)
    server.serve_forever()
