#!/usr/bin/python3
"""An HTTP/1.1 proxy in front of a plain-HTTP registry that injects one kind of fault.

Faults (--fault):
  none                          forward everything unchanged
  corrupt-blob-bodies           flip the first byte of GET /v2/*/blobs/<digest> bodies (length and
                                headers kept)
  wrong-manifest-digest-header  replace Docker-Content-Digest on manifest GET/PUT responses with
                                another sha256
  fail-first                    the first --count requests get --status, an errors JSON body and,
                                with --retry-after, a Retry-After header
  drop-upload-fresh             the same, with every response closing its connection
  drop-upload                   the first PUT/PATCH to a blob upload URL: read --after-bytes body
                                bytes, then close the connection without answering
  html-error                    every request gets --status and an HTML page (a broken gateway)
  no-head-digest                HEAD answers lose their Docker-Content-Digest (the header is optional)
  paginate-tags                 GET /v2/<name>/tags/list pages as distribution 3 does (2.8 has no
                                pages): tags sorted, ?last= skips up to it, ?n= cuts the page and
                                adds Link: </v2/<name>/tags/list?n=N&last=T>; rel="next"
  random                        each request, with probability --rate, gets one fault drawn from
                                --kinds (default: all of RANDOM_KINDS) by a generator seeded with
                                --seed; the others pass unchanged. Kinds that cut or stall a
                                response body apply to GET only. Requests run concurrently, so which
                                request gets which draw follows arrival order; the draws themselves
                                are fixed by the seed. Every injected fault is appended to
                                --fault-log as "KIND METHOD target".

Bodies stream through in both directions. Location headers that point at the upstream are
rewritten to point at the proxy, so clients keep talking through it. Every request is appended to
--log-file as "METHOD target" (never headers: they carry credentials).
"""

import hashlib
import http.client
import json
import random
import re
import socket
import struct
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import service_common

CHUNK = 64 * 1024
# Connection-level headers (RFC 9110 section 7.6.1) are not forwarded; framing is redone here.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te",
              "trailer", "transfer-encoding", "upgrade", "expect", "host", "content-length"}
BLOB_PATH = re.compile(r"^/v2/.+/blobs/[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$")
MANIFEST_PATH = re.compile(r"^/v2/.+/manifests/[^/]+$")
UPLOAD_PATH = re.compile(r"^/v2/.+/blobs/uploads/[^/]+$")
TAGS_PATH = re.compile(r"^/v2/(?P<name>.+)/tags/list$")


# What `--fault random` draws from:
#   reset                  reset the connection before anything reaches the registry
#   reset-after-forward    the registry handles the request, the client gets a reset instead of
#                          the answer (a commit that happened but was never confirmed)
#   500 502 503 504        that status with a distribution errors body
#   429                    TOOMANYREQUESTS with Retry-After: --retry-after (default 1)
#   delay                  sleep 0.2-1.0 s before forwarding
#   truncate               GET only: the real headers and Content-Length, half the body, a reset
#   truncate-short-length  GET only: Content-Length says half, and half the body is sent: the
#                          response looks complete and only the content is wrong
#   delay-body             GET only: half the body, 0.5-1.5 s of silence, then the rest
RANDOM_KINDS = ["reset", "reset-after-forward", "500", "502", "503", "504", "429", "delay",
                "truncate", "truncate-short-length", "delay-body"]
GET_ONLY_KINDS = {"truncate", "truncate-short-length", "delay-body"}
STATUS_CODES = {"429": "TOOMANYREQUESTS", "500": "UNKNOWN", "502": "UNKNOWN", "503": "UNAVAILABLE",
                "504": "UNKNOWN"}


class Injection:
    """One random fault for one request, with the amounts drawn alongside it."""

    def __init__(self, kind, delay, fraction):
        self.kind = kind
        self.delay = delay
        self.fraction = fraction


class Proxy:
    def __init__(self, arguments):
        self.upstream = arguments.upstream
        self.upstream_host, _, port = arguments.upstream.rpartition(":")
        self.upstream_port = int(port)
        self.fault = arguments.fault
        self.count = arguments.count
        self.status = arguments.status
        self.retry_after = arguments.retry_after
        self.after_bytes = arguments.after_bytes
        self.log = open(arguments.log_file, "a", buffering=1)
        self.lock = threading.Lock()
        self.requests_seen = 0
        self.upload_dropped = False
        self.host = None  # "127.0.0.1:PORT" once bound
        # acr_service.py builds a Proxy from its own Namespace without the random mode's settings.
        self.rate = getattr(arguments, "rate", 0.0)
        kinds = getattr(arguments, "kinds", None)
        self.kinds = kinds.split(",") if kinds else RANDOM_KINDS
        self.random = random.Random(getattr(arguments, "seed", 0))
        fault_log = getattr(arguments, "fault_log", None)
        self.fault_log = open(fault_log, "a", buffering=1) if fault_log else None

    def record(self, method, target):
        """Logs the request and returns its 1-based number."""
        with self.lock:
            self.requests_seen += 1
            self.log.write("%s %s\n" % (method, target))
            return self.requests_seen

    def draw(self, method, target):
        """The random fault for this request, or None. Always draws the same number of values, so
        the sequence of decisions depends on the seed and the request count only."""
        with self.lock:
            hit = self.random.random() < self.rate
            choice = self.random.random()
            delay = self.random.uniform(0.2, 1.0)
            fraction = self.random.uniform(0.1, 0.9)
            if not hit:
                return None
            eligible = [kind for kind in self.kinds if method == "GET" or kind not in GET_ONLY_KINDS]
            if not eligible:
                return None
            kind = eligible[int(choice * len(eligible))]
            if self.fault_log is not None:
                self.fault_log.write("%s %s %s\n" % (kind, method, target))
            return Injection(kind, delay, fraction)

    def should_drop_upload(self, method, path):
        if self.fault not in ("drop-upload", "drop-upload-fresh") or method not in ("PUT", "PATCH") or not UPLOAD_PATH.match(path):
            return False
        with self.lock:
            if self.upload_dropped:
                return False
            self.upload_dropped = True
            return True


def make_handler(proxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 120

        def log_request(self, code="-", size="-"):
            pass  # requests go to the request log; headers are never logged

        def request_body(self):
            return service_common.request_body_pieces(self, CHUNK)

        def has_body(self):
            return "Transfer-Encoding" in self.headers or "Content-Length" in self.headers

        def answer(self, status, content_type, body, extra_headers=(), drain=True):
            if drain:
                for _ in self.request_body():
                    pass  # read what the client sent, so the connection stays usable
            service_common.send_response_body(self, status, content_type, body, extra_headers)

        def reset(self):
            # Linger 0: the close resets the connection instead of ending it politely.
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True

        def drop_after_body_bytes(self, limit):
            received = 0
            for data in self.request_body():
                received += len(data)
                if received >= limit:
                    break
            self.reset()

        def proxy_request(self):
            number = proxy.record(self.command, self.path)
            path = self.path.split("?", 1)[0]
            if proxy.fault == "html-error":
                page = ("<html><head><title>%d</title></head><body><h1>%d Gateway Error</h1>"
                        "<hr><center>nginx</center></body></html>\n" % (proxy.status, proxy.status))
                self.answer(proxy.status, "text/html", page.encode())
                return
            if proxy.fault == "fail-first" and number <= proxy.count:
                code = {429: "TOOMANYREQUESTS", 503: "UNAVAILABLE"}.get(proxy.status, "UNKNOWN")
                body = json.dumps({"errors": [{"code": code, "message": "injected failure %d of %d"
                                               % (number, proxy.count), "detail": None}]}).encode()
                headers = [("Retry-After", str(proxy.retry_after))] if proxy.retry_after is not None else []
                self.answer(proxy.status, "application/json", body, headers)
                return
            tags = TAGS_PATH.match(path)
            if proxy.fault == "paginate-tags" and self.command == "GET" and tags:
                self.paginate_tags(tags.group("name"))
                return
            if proxy.should_drop_upload(self.command, path):
                self.drop_after_body_bytes(proxy.after_bytes)
                return
            injection = proxy.draw(self.command, self.path) if proxy.fault == "random" else None
            if injection is not None and not self.inject_before_forwarding(injection):
                return
            self.forward(path, injection)

        def paginate_tags(self, name):
            """Asks the registry for the whole list (with the client's credentials) and answers
            one page of it; any other answer (a 401 challenge) goes back as it came."""
            query = urllib.parse.parse_qs(self.path.split("?", 1)[1] if "?" in self.path else "")
            upstream = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=120)
            try:
                upstream.putrequest("GET", "/v2/%s/tags/list" % name, skip_host=True, skip_accept_encoding=True)
                upstream.putheader("Host", proxy.upstream)
                for header, value in self.headers.items():
                    if header.lower() not in HOP_BY_HOP:
                        upstream.putheader(header, value)
                upstream.endheaders()
                response = upstream.getresponse()
                body = response.read()
            finally:
                upstream.close()
            if response.status != 200:
                challenges = [(k, v) for k, v in response.getheaders() if k.lower() == "www-authenticate"]
                self.answer(response.status, response.getheader("Content-Type") or "application/json", body, challenges)
                return
            tags = sorted(json.loads(body).get("tags") or [])
            last = (query.get("last") or [None])[0]
            if last is not None:
                tags = [tag for tag in tags if tag > last]
            headers = []
            if query.get("n"):
                size = int(query["n"][0])
                if len(tags) > size:
                    tags = tags[:size]
                    headers.append(("Link", '</v2/%s/tags/list?n=%d&last=%s>; rel="next"'
                                    % (name, size, urllib.parse.quote(tags[-1]))))
            self.answer(200, "application/json", json.dumps({"name": name, "tags": tags}).encode(), headers)

        def inject_before_forwarding(self, injection):
            """Acts on faults that stop or hold a request before it is forwarded; False when the
            request is finished with."""
            kind = injection.kind
            if kind == "reset":
                self.reset()
                return False
            if kind in STATUS_CODES:
                body = json.dumps({"errors": [{"code": STATUS_CODES[kind], "message": "injected %s" % kind,
                                               "detail": None}]}).encode()
                headers = [("Retry-After", str(proxy.retry_after if proxy.retry_after is not None else 1))] if kind == "429" else []
                try:
                    self.answer(int(kind), "application/json", body, headers)
                except ConnectionError:
                    self.close_connection = True
                return False
            if kind == "delay":
                time.sleep(injection.delay)
            return True

        def forward(self, path, injection=None):
            upstream = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=120)
            try:
                upstream.putrequest(self.command, self.path, skip_host=True, skip_accept_encoding=True)
                upstream.putheader("Host", proxy.upstream)
                for name, value in self.headers.items():
                    if name.lower() not in HOP_BY_HOP:
                        upstream.putheader(name, value)
                chunked = "chunked" in (self.headers.get("Transfer-Encoding") or "").lower()
                if chunked:
                    upstream.putheader("Transfer-Encoding", "chunked")
                elif "Content-Length" in self.headers:
                    upstream.putheader("Content-Length", self.headers["Content-Length"])
                upstream.endheaders()
                if self.has_body() and not self.send_body(upstream, chunked):
                    # The registry stopped reading (an early 401, say): relay its answer, and
                    # close afterwards because the rest of the client's body is still unread.
                    self.close_connection = True
                response = upstream.getresponse()
            except (OSError, http.client.HTTPException) as error:
                self.close_connection = True
                self.answer(502, "text/plain", ("upstream: %s\n" % error).encode(), drain=False)
                return
            try:
                if injection is not None and injection.kind == "reset-after-forward":
                    response.read()  # the registry finished its work; the client never hears of it
                    self.reset()
                    return
                self.relay(path, response, injection)
            finally:
                upstream.close()

        def send_body(self, upstream, chunked):
            """Streams the request body upstream; False if the upstream stopped taking it. A client
            that breaks off mid-body raises, which ends this connection."""
            for data in self.request_body():
                if not self.send_upstream(upstream, b"%x\r\n%s\r\n" % (len(data), data) if chunked else data):
                    return False
            return not chunked or self.send_upstream(upstream, b"0\r\n\r\n")

        @staticmethod
        def send_upstream(upstream, data):
            try:
                upstream.send(data)
                return True
            except OSError:
                return False

        def relay(self, path, response, injection=None):
            kind = injection.kind if injection is not None and response.status in (200, 206) else None
            self.send_response_only(response.status, response.reason)
            length = None
            for name, value in response.getheaders():
                lower = name.lower()
                if lower == "content-length":
                    length = value
                if lower in HOP_BY_HOP:
                    continue
                if lower == "location" and value.startswith("http://" + proxy.upstream + "/"):
                    value = "http://" + proxy.host + value[len("http://" + proxy.upstream):]
                if lower == "docker-content-digest" and proxy.fault == "no-head-digest" and self.command == "HEAD":
                    continue
                if (lower == "docker-content-digest" and proxy.fault == "wrong-manifest-digest-header"
                        and self.command in ("GET", "PUT") and MANIFEST_PATH.match(path)):
                    value = "sha256:" + hashlib.sha256(value.encode()).hexdigest()
                self.send_header(name, value)
            no_body = self.command == "HEAD" or response.status in (204, 304) or response.status < 200
            # Where a random fault cuts or pauses the body: a share of its length, or of one chunk.
            cut = None
            if kind in ("truncate", "truncate-short-length", "delay-body") and not no_body:
                cut = int(int(length) * injection.fraction) if length is not None else CHUNK // 2
            if kind == "truncate-short-length" and length is not None:
                length = str(cut)
            if length is not None:
                self.send_header("Content-Length", length)
            elif not no_body:
                self.send_header("Transfer-Encoding", "chunked")
            if response.will_close:
                self.close_connection = True
            if proxy.fault == "drop-upload-fresh":
                # Every request on a new connection, so the dropped upload was not on a reused one
                # (curl silently resends those) and the client's own resume logic must act.
                self.send_header("Connection", "close")
                self.close_connection = True
            self.end_headers()
            if no_body:
                return
            corrupt = (proxy.fault == "corrupt-blob-bodies" and self.command == "GET"
                       and response.status in (200, 206) and BLOB_PATH.match(path))
            sent = 0
            while True:
                # Checked before each read: a cut at 0 (a 2-byte body) must not let the body
                # through after a Content-Length of 0, or it would prefix the next response.
                if cut is not None and sent >= cut:
                    if kind == "delay-body":
                        self.wfile.flush()
                        time.sleep(injection.delay + 0.5)
                        cut = None
                        continue
                    if kind == "truncate" or length is None:
                        self.wfile.flush()
                        self.reset()
                    # truncate-short-length: the response is complete as framed; the rest of the
                    # registry's body is dropped with the upstream connection.
                    return
                data = response.read(CHUNK if cut is None else min(CHUNK, cut - sent))
                if not data:
                    break
                if corrupt:
                    data = bytes([data[0] ^ 0xFF]) + data[1:]
                    corrupt = False
                self.wfile.write(data if length is not None else b"%x\r\n%s\r\n" % (len(data), data))
                sent += len(data)
            if length is None:
                self.wfile.write(b"0\r\n\r\n")

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = proxy_request

    return Handler


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--upstream", required=True, help="host:port of a plain-HTTP registry")
    parser.add_argument("--log-file", required=True)
    parser.add_argument("--fault", required=True, choices=[
        "none", "corrupt-blob-bodies", "wrong-manifest-digest-header", "fail-first", "drop-upload",
        "drop-upload-fresh", "html-error", "random", "paginate-tags", "no-head-digest"])
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--status", type=int, default=503)
    parser.add_argument("--retry-after", type=int)
    parser.add_argument("--after-bytes", type=int, default=0)
    parser.add_argument("--seed", type=int, default=0, help="random: the generator's seed")
    parser.add_argument("--rate", type=float, default=0.1, help="random: the share of requests that get a fault")
    parser.add_argument("--kinds", help="random: comma-separated kinds to draw from (default: all)")
    parser.add_argument("--fault-log", help="random: where each injected fault is recorded")
    arguments = parser.parse_args()
    unknown = set((arguments.kinds or "").split(",")) - set(RANDOM_KINDS) - {""}
    if unknown:
        parser.error("unknown --kinds %s; choose from %s" % (",".join(sorted(unknown)), ",".join(RANDOM_KINDS)))
    service_common.bind_to_test_process(arguments)

    proxy = Proxy(arguments)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(proxy))
    server.daemon_threads = True
    proxy.host = "127.0.0.1:%d" % server.server_address[1]
    service_common.write_ready(arguments.ready_file, {"port": server.server_address[1]})
    sys.stderr.write("fault proxy: %s -> %s, fault %s\n" % (proxy.host, proxy.upstream, proxy.fault))
    server.serve_forever()


if __name__ == "__main__":
    main()
