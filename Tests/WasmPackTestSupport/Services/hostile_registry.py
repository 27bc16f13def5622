#!/usr/bin/python3
"""A small in-memory OCI distribution registry that misbehaves on purpose, for tests of what a
client must refuse, bound and retry.

It serves enough of the /v2/ API for push and pull: GET /v2/, HEAD/GET blobs, upload sessions
(POST, PATCH, GET status, PUT ?digest= which checks the sha256 like a real registry), HEAD/GET/PUT
manifests. Every repository also holds a tiny seed image under the tag `seed`: a 2-byte config
`{}` and a 2-byte wasm layer `hi` (title `module.wasm`), so pulls need no push first.

Authentication (--auth):
  none      no challenge
  basic     401 + `WWW-Authenticate: Basic realm="hostile"` unless --username/--password are sent
  bearer    401 + `Bearer realm="http://HOST/token",service="hostile"`; GET /token (Basic
            credentials, checked when --username is given) answers {"token","access_token","expires_in"}

Behaviours (--behaviour; --count N limits it to the first N requests it applies to, default
all; --retry-after gives the Retry-After value where one is sent):
  none                      behave
  foreign-upload-location   upload Locations (POST and PATCH answers) point at a second listener on
                            127.0.0.2 (another origin), which serves the same uploads and records in
                            foreign.log whether each request carried Authorization
  endless-blob              blob GET: 200, chunked, bytes until the client goes (bounded: 1 GiB, 60 s)
  oversized-blob            blob GET: 200 with Content-Length = size + 1 MiB, and that many bytes
  short-body                blob GET: Content-Length = size - 1 and only those bytes
  stall                     blob GET: accept, read the request, never answer (closed after --stall-seconds)
  stall-body                blob GET: headers and the first byte, then nothing (closed after --stall-seconds)
  huge-header               every response carries a 1 MiB header line
  many-headers              every response carries 512 header lines of 1 KiB each
  unavailable-ping          GET /v2/: 503 {"errors":[{"code":"UNAVAILABLE","message":"maintenance ..."}]}
  wrong-digest-header       manifest GET: a Docker-Content-Digest that is not the body's sha256
  huge-manifest             manifest GET: a 5 MiB body with a matching Content-Length
  huge-token                GET /token: a 2 MiB JSON answer
  throttle-head             HEAD (blobs and manifests): 429 with an errors body and Retry-After
  throttle-upload           POST of a new upload session: 429 with an errors body and Retry-After
  html-errors               every request: 502 with an nginx-like HTML page

Every request to the main listener is appended to --log-file as "METHOD target" (never headers:
they carry credentials); the foreign listener appends "METHOD target authorization=yes|no" to
foreign.log beside it. Nothing is kept on disk but those logs; the service exits with the test
process (service_common.bind_to_test_process) and every endless or stalled answer is bounded.
"""

import base64
import hashlib
import json
import os
import re
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import service_common

BEHAVIOURS = [
    "none", "foreign-upload-location", "endless-blob", "oversized-blob", "short-body", "stall",
    "stall-body", "huge-header", "many-headers", "unavailable-ping", "wrong-digest-header",
    "huge-manifest", "huge-token", "throttle-head", "throttle-upload", "html-errors",
]
BLOB_PATH = re.compile(r"^/v2/(?P<name>.+)/blobs/(?P<digest>sha256:[a-f0-9]{64})$")
UPLOADS_PATH = re.compile(r"^/v2/(?P<name>.+)/blobs/uploads/?$")
UPLOAD_PATH = re.compile(r"^/v2/(?P<name>.+)/blobs/uploads/(?P<id>[A-Za-z0-9_-]+)$")
MANIFEST_PATH = re.compile(r"^/v2/(?P<name>.+)/manifests/(?P<reference>[^/]+)$")
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MAX_UPLOAD = 64 << 20
ENDLESS_LIMIT = 1 << 30
ENDLESS_SECONDS = 60
TOKEN = "hostile-token-" + secrets.token_hex(8)


def sha256(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


class Registry:
    """The shared state of both listeners: blobs, manifests, upload sessions and the behaviour."""

    def __init__(self, arguments):
        self.behaviour = arguments.behaviour
        self.remaining = arguments.count
        self.retry_after = arguments.retry_after
        self.stall_seconds = arguments.stall_seconds
        self.auth = arguments.auth
        self.username = arguments.username
        self.password = arguments.password
        directory = os.path.dirname(os.path.abspath(arguments.log_file))
        self.log = open(arguments.log_file, "a", buffering=1)
        self.foreign_log = open(os.path.join(directory, "foreign.log"), "a", buffering=1)
        self.lock = threading.Lock()
        self.blobs = {}
        self.manifests = {}  # (name, tag or digest) -> (media type, bytes)
        self.uploads = {}  # id -> bytearray
        self.host = None  # "127.0.0.1:PORT"
        self.foreign_host = None  # "127.0.0.2:PORT"
        config, layer = b"{}", b"hi"
        self.blobs[sha256(config)] = config
        self.blobs[sha256(layer)] = layer
        self.seed = json.dumps({
            "schemaVersion": 2, "mediaType": OCI_MANIFEST,
            "config": {"mediaType": "application/vnd.wasm.config.v1+json", "digest": sha256(config), "size": 2},
            "layers": [{"mediaType": "application/vnd.wasm.content.layer.v1+wasm", "digest": sha256(layer),
                        "size": 2, "annotations": {"org.opencontainers.image.title": "module.wasm"}}],
        }, separators=(",", ":")).encode()

    def applies(self, behaviour):
        """True if `behaviour` is the configured one and its --count is not used up (consumes one)."""
        if self.behaviour != behaviour:
            return False
        with self.lock:
            if self.remaining is None:
                return True
            if self.remaining <= 0:
                return False
            self.remaining -= 1
            return True

    def manifest(self, name, reference):
        with self.lock:
            found = self.manifests.get((name, reference))
        if found is not None:
            return found
        if reference in ("seed", sha256(self.seed)):
            return OCI_MANIFEST, self.seed
        return None


def make_handler(registry, foreign):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        timeout = 120

        def log_request(self, code="-", size="-"):
            pass  # requests go to the request log; headers are never logged

        # MARK: - Plumbing

        def request_body(self):
            """The whole request body (uploads here are test-sized); at most MAX_UPLOAD bytes."""
            data = bytearray()
            for piece in service_common.request_body_pieces(self):
                data += piece
                if len(data) > MAX_UPLOAD:
                    raise ValueError("upload too large")
            return bytes(data)

        def padding_headers(self):
            if registry.applies("huge-header"):
                return [("X-Hostile-Padding", "a" * (1 << 20))]
            if registry.applies("many-headers"):
                return [("X-Hostile-Padding-%d" % index, "b" * 1024) for index in range(512)]
            return []

        def reply(self, status, body=b"", content_type="application/json", headers=(), length=None):
            self.send_response(status)
            if body or status not in (204, 304):
                self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body) if length is None else length))
            for name, value in list(headers) + self.padding_headers():
                self.send_header(name, value)
            self.end_headers()
            if self.command != "HEAD" and body:
                self.wfile.write(body)

        def error(self, status, code, message, headers=()):
            body = json.dumps({"errors": [{"code": code, "message": message, "detail": None}]}).encode()
            self.reply(status, body, headers=headers)

        def retry_after_headers(self):
            return [("Retry-After", str(registry.retry_after))] if registry.retry_after is not None else []

        def stall(self):
            """Holds the connection without a word until the client gives up or the time is over."""
            deadline = time.monotonic() + registry.stall_seconds
            self.connection.settimeout(0.2)
            while time.monotonic() < deadline:
                try:
                    if self.connection.recv(1, 0x02) == b"":  # MSG_PEEK: b"" once the client closed
                        break
                except (TimeoutError, OSError) as error:
                    if not isinstance(error, TimeoutError):
                        break
            self.close_connection = True

        def location(self, path):
            """Where an upload session lives: on the other origin when that is the behaviour."""
            if not foreign and registry.applies("foreign-upload-location"):
                return "http://%s%s" % (registry.foreign_host, path)
            if foreign:
                return "http://%s%s" % (registry.foreign_host, path)
            return path

        def authorized(self, path):
            if foreign or registry.auth == "none" or path == "/token":
                return True
            given = self.headers.get("Authorization") or ""
            if registry.auth == "basic":
                expected = base64.b64encode(("%s:%s" % (registry.username, registry.password)).encode()).decode()
                if given == "Basic " + expected:
                    return True
                challenge = 'Basic realm="hostile"'
            else:
                if given == "Bearer " + TOKEN:
                    return True
                challenge = 'Bearer realm="http://%s/token",service="hostile"' % registry.host
                match = MANIFEST_PATH.match(path) or BLOB_PATH.match(path) or UPLOADS_PATH.match(path) or UPLOAD_PATH.match(path)
                if match:
                    challenge += ',scope="repository:%s:pull,push"' % match.group("name")
            self.error(401, "UNAUTHORIZED", "authentication required", [("WWW-Authenticate", challenge)])
            return False

        # MARK: - Dispatch

        def handle_request(self):
            path = self.path.split("?", 1)[0]
            query = urllib.parse.parse_qs(self.path.split("?", 1)[1] if "?" in self.path else "")
            if foreign:
                seen = "yes" if "Authorization" in self.headers else "no"
                registry.foreign_log.write("%s %s authorization=%s\n" % (self.command, path, seen))
            else:
                registry.log.write("%s %s\n" % (self.command, self.path))
            try:
                if self.command in ("POST", "PUT", "PATCH"):
                    body = self.request_body()
                else:
                    body = b""
            except (ValueError, ConnectionError) as problem:
                self.close_connection = True
                self.error(400, "SIZE_INVALID", str(problem))
                return
            if registry.applies("html-errors"):
                page = b"<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>\n"
                self.reply(502, page, "text/html")
                return
            if path == "/token":
                self.token()
                return
            if not self.authorized(path):
                return
            if path in ("/v2", "/v2/"):
                if registry.applies("unavailable-ping"):
                    self.error(503, "UNAVAILABLE", "maintenance until 14:00 UTC", self.retry_after_headers())
                else:
                    self.reply(200, b"{}")
                return
            match = UPLOADS_PATH.match(path)
            if match and self.command == "POST":
                self.start_upload(match.group("name"), query, body)
                return
            match = UPLOAD_PATH.match(path)
            if match:
                self.continue_upload(match.group("name"), match.group("id"), query, body)
                return
            match = BLOB_PATH.match(path)
            if match and self.command in ("GET", "HEAD"):
                self.blob(match.group("digest"))
                return
            match = MANIFEST_PATH.match(path)
            if match:
                self.manifest(match.group("name"), match.group("reference"), body)
                return
            self.error(404, "NAME_UNKNOWN", "no such route")

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = handle_request

        # MARK: - Token service

        def token(self):
            if registry.username is not None:
                expected = base64.b64encode(("%s:%s" % (registry.username, registry.password)).encode()).decode()
                if (self.headers.get("Authorization") or "") != "Basic " + expected:
                    self.reply(401, b'{"details":"bad credentials"}')
                    return
            if registry.applies("huge-token"):
                body = b'{"token":"' + b"t" * (2 << 20) + b'"}'
            else:
                body = json.dumps({"token": TOKEN, "access_token": TOKEN, "expires_in": 300}).encode()
            self.reply(200, body)

        # MARK: - Blobs

        def blob(self, digest):
            if self.command == "HEAD" and registry.applies("throttle-head"):
                self.error(429, "TOOMANYREQUESTS", "slow down", self.retry_after_headers())
                return
            with registry.lock:
                data = registry.blobs.get(digest)
            if data is None:
                self.error(404, "BLOB_UNKNOWN", "blob unknown to registry")
                return
            headers = [("Docker-Content-Digest", digest)]
            if self.command == "GET":
                if registry.applies("endless-blob"):
                    self.endless(headers)
                    return
                if registry.applies("oversized-blob"):
                    self.oversized(data, headers)
                    return
                if registry.applies("short-body"):
                    self.reply(200, data[:-1], "application/octet-stream", headers)
                    return
                if registry.applies("stall"):
                    self.stall()
                    return
                if registry.applies("stall-body"):
                    self.send_response(200)
                    self.send_header("Content-Type", "application/octet-stream")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data[:1])
                    self.wfile.flush()
                    self.stall()
                    return
            self.reply(200, data, "application/octet-stream", headers)

        def endless(self, headers):
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Transfer-Encoding", "chunked")
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            chunk = b"x" * (64 << 10)
            sent, deadline = 0, time.monotonic() + ENDLESS_SECONDS
            try:
                while sent < ENDLESS_LIMIT and time.monotonic() < deadline:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                    sent += len(chunk)
                self.wfile.write(b"0\r\n\r\n")
            except OSError:
                pass  # the client hung up, as it should
            self.close_connection = True

        def oversized(self, data, headers):
            length = len(data) + (1 << 20)
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(length))
            for name, value in headers:
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(data + b"y" * (length - len(data)))
            except OSError:
                pass
            self.close_connection = True

        # MARK: - Uploads

        def start_upload(self, name, query, body):
            if registry.applies("throttle-upload"):
                self.error(429, "TOOMANYREQUESTS", "slow down", self.retry_after_headers())
                return
            upload = secrets.token_hex(12)
            with registry.lock:
                registry.uploads[upload] = bytearray()
            path = "/v2/%s/blobs/uploads/%s" % (name, upload)
            self.reply(202, headers=[("Location", self.location(path + "?_state=" + secrets.token_hex(8))),
                                     ("Range", "0-0"), ("Docker-Upload-UUID", upload)])

        def continue_upload(self, name, upload, query, body):
            with registry.lock:
                session = registry.uploads.get(upload)
            if session is None:
                self.error(404, "BLOB_UPLOAD_UNKNOWN", "upload session unknown")
                return
            path = "/v2/%s/blobs/uploads/%s" % (name, upload)
            if self.command == "GET":
                self.reply(204, headers=[("Location", self.location(path)), ("Range", "0-%d" % max(len(session) - 1, 0))])
                return
            if self.command == "PATCH":
                session += body
                self.reply(202, headers=[("Location", self.location(path)), ("Range", "0-%d" % (len(session) - 1))])
                return
            if self.command == "PUT":
                session += body
                digest = (query.get("digest") or [""])[0]
                if sha256(bytes(session)) != digest:
                    self.error(400, "DIGEST_INVALID", "provided digest did not match uploaded content")
                    return
                with registry.lock:
                    registry.blobs[digest] = bytes(session)
                    registry.uploads.pop(upload, None)
                self.reply(201, headers=[("Location", "/v2/%s/blobs/%s" % (name, digest)), ("Docker-Content-Digest", digest)])
                return
            if self.command == "DELETE":
                with registry.lock:
                    registry.uploads.pop(upload, None)
                self.reply(204)
                return
            self.error(405, "UNSUPPORTED", "method not allowed")

        # MARK: - Manifests

        def manifest(self, name, reference, body):
            if self.command == "PUT":
                media_type = (self.headers.get("Content-Type") or OCI_MANIFEST).split(";")[0].strip()
                digest = sha256(body)
                with registry.lock:
                    registry.manifests[(name, reference)] = (media_type, body)
                    registry.manifests[(name, digest)] = (media_type, body)
                self.reply(201, headers=[("Location", "/v2/%s/manifests/%s" % (name, digest)), ("Docker-Content-Digest", digest)])
                return
            if self.command == "HEAD" and registry.applies("throttle-head"):
                self.error(429, "TOOMANYREQUESTS", "slow down", self.retry_after_headers())
                return
            found = registry.manifest(name, reference)
            if found is None:
                self.error(404, "MANIFEST_UNKNOWN", "manifest unknown")
                return
            media_type, data = found
            digest = sha256(data)
            if self.command == "GET" and registry.applies("wrong-digest-header"):
                digest = sha256(digest.encode())
            if self.command == "GET" and registry.applies("huge-manifest"):
                data = data[:-1] + b"," + b'"p":"' + b"p" * (5 << 20) + b'"}'
            self.reply(200, data, media_type, [("Docker-Content-Digest", digest)])

    return Handler


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--log-file", required=True)
    parser.add_argument("--behaviour", default="none", choices=BEHAVIOURS)
    parser.add_argument("--count", type=int, help="apply the behaviour to the first N requests it fits only")
    parser.add_argument("--retry-after", help="the Retry-After value (seconds or an HTTP date)")
    parser.add_argument("--stall-seconds", type=float, default=120)
    parser.add_argument("--auth", default="none", choices=["none", "basic", "bearer"])
    parser.add_argument("--username")
    parser.add_argument("--password-file", help="a file holding the password (kept off the command line)")
    arguments = parser.parse_args()
    service_common.bind_to_test_process(arguments)
    arguments.password = None
    if arguments.password_file:
        with open(arguments.password_file) as file:
            arguments.password = file.read().strip()

    registry = Registry(arguments)
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(registry, foreign=False))
    server.daemon_threads = True
    foreign_server = ThreadingHTTPServer(("127.0.0.2", 0), make_handler(registry, foreign=True))
    foreign_server.daemon_threads = True
    registry.host = "127.0.0.1:%d" % server.server_address[1]
    registry.foreign_host = "127.0.0.2:%d" % foreign_server.server_address[1]
    threading.Thread(target=foreign_server.serve_forever, name="foreign", daemon=True).start()
    service_common.write_ready(arguments.ready_file, {"port": server.server_address[1],
                                                      "foreignPort": foreign_server.server_address[1]})
    sys.stderr.write("hostile registry: %s (foreign %s), behaviour %s\n"
                     % (registry.host, registry.foreign_host, registry.behaviour))
    server.serve_forever()


if __name__ == "__main__":
    main()
