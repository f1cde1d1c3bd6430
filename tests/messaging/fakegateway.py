"""A fake SMS gateway: a local HTTP server in a thread that records every request and answers from a script
(status, JSON body, or a delay longer than the client's read timeout). No network: it listens on 127.0.0.1."""

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body)

    def form(self) -> dict:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


@dataclass
class Answer:
    status: int = 200
    body: dict | list | None = None
    delay: float = 0.0  # seconds before answering (beyond the read timeout: the client gives up)


@dataclass
class FakeGateway:
    """Requests received, answers to give (the last one repeats), and the references a deduplicating gateway
    has delivered (`delivered`: each reference once, however often it is posted)."""

    answers: list[Answer] = field(default_factory=lambda: [Answer(201, {"id": "gw-1", "sid": "SM1"})])
    requests: list[Request] = field(default_factory=list)
    delivered: list[str] = field(default_factory=list)
    url: str = ""

    def answer(self, request: Request) -> Answer:
        if request.method == "POST" and request.headers.get("Idempotency-Key"):
            key = request.headers["Idempotency-Key"]
            if key not in self.delivered:
                self.delivered.append(key)
        index = min(len(self.requests) - 1, len(self.answers) - 1)
        return self.answers[index]


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGateway

    def _handle(self):
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        request = Request(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()),
                          self.rfile.read(length))
        self.server.fake.requests.append(request)
        answer = self.server.fake.answer(request)
        if answer.delay:
            time.sleep(answer.delay)
        payload = json.dumps(answer.body if answer.body is not None else {}).encode()
        try:
            self.send_response(answer.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass

    do_GET = do_POST = _handle

    def log_message(self, *args):
        pass


def serve(fake: FakeGateway):
    """Start the server; returns (fake with its url, stop function)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.fake = fake
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"

    def stop():
        server.shutdown()
        server.server_close()

    return fake, stop
