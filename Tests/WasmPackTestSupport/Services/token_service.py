#!/usr/bin/python3
"""A Docker/OAuth2 token service for a distribution registry configured with `auth.token`.

  GET  /oauth2/token?service=S&scope=…&scope=…   Authorization: Basic (or none: anonymous)
  POST /oauth2/token   application/x-www-form-urlencoded: grant_type=password (username,
       password) or grant_type=refresh_token (refresh_token), service, scope (space-separated),
       client_id, access_type=offline for a refresh token
  GET  /stats          {"requests": N}

Answers like Azure Container Registry: only `access_token` (no `token` field), `expires_in` 300,
and `refresh_token` when one was asked for. A known user gets exactly the repository actions it
asked for; no credentials get a token with no access at all; a wrong password gets 401.

Tokens are RS256 JWTs whose header carries the signing certificate in `x5c`, which distribution
2.8 and 3.x both accept when that certificate is in the registry's rootcertbundle. The key and the
self-signed certificate are made fresh for every run. Passwords, tokens and query strings are never
logged.
"""

import base64
import binascii
import datetime
import hmac
import json
import os
import secrets
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID

import service_common

TOKEN_PATH = "/oauth2/token"
EXPIRES_IN = 300


class BadRequest(Exception):
    pass


class Unauthorized(Exception):
    pass


class Signer:
    """An RSA key and a self-signed certificate for it, made for this run only."""

    def __init__(self, issuer):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, issuer)])
        now = datetime.datetime.now(datetime.timezone.utc)
        self.certificate = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self.key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=2))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(self.key, hashes.SHA256())
        )
        der = self.certificate.public_bytes(serialization.Encoding.DER)
        self.x5c = base64.b64encode(der).decode("ascii")

    def certificate_pem(self):
        return self.certificate.public_bytes(serialization.Encoding.PEM)

    def sign(self, claims):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self.x5c]}
        signing_input = base64url(json_bytes(header)) + "." + base64url(json_bytes(claims))
        signature = self.key.sign(signing_input.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
        return signing_input + "." + base64url(signature)


def base64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def json_bytes(value):
    return json.dumps(value, separators=(",", ":")).encode("utf-8")


def parse_scopes(values):
    """Turns scope strings ("repository:team/app:pull,push", several per string when separated by
    spaces) into access entries, merging repeats. Repository names hold no ':' but the actions
    come after the last one, as in docker/distribution's own parser."""
    entries = []
    by_resource = {}
    for value in values:
        for scope in value.split():
            resource_type, colon, rest = scope.partition(":")
            name, colon2, actions = rest.rpartition(":")
            if not (colon and colon2 and resource_type and name):
                raise BadRequest("malformed scope %r" % scope)
            key = (resource_type, name)
            if key not in by_resource:
                by_resource[key] = {"type": resource_type, "name": name, "actions": []}
                entries.append(by_resource[key])
            entry = by_resource[key]
            for action in actions.split(","):
                if action and action not in entry["actions"]:
                    entry["actions"].append(action)
    return entries


class TokenService:
    def __init__(self, service, issuer, users, counter_file):
        self.service = service
        self.issuer = issuer
        self.users = users
        self.counter_file = counter_file
        self.signer = Signer(issuer)
        self.lock = threading.Lock()
        self.requests = 0
        self.refresh_tokens = {}
        service_common.write_counter(counter_file, 0)

    def count_request(self):
        # Counted before the answer goes out, so a client that has its answer sees it counted.
        with self.lock:
            self.requests += 1
            service_common.write_counter(self.counter_file, self.requests)

    def check_password(self, username, password):
        expected = self.users.get(username)
        if expected is None or not hmac.compare_digest(expected.encode(), password.encode()):
            raise Unauthorized("invalid username or password")
        return username

    def check_service(self, service):
        if service != self.service:
            raise BadRequest("service must be %r" % self.service)

    def new_refresh_token(self, username):
        token = secrets.token_urlsafe(32)
        with self.lock:
            self.refresh_tokens[token] = username
        return token

    def user_for_refresh_token(self, token):
        with self.lock:
            username = self.refresh_tokens.get(token)
        if username is None:
            raise Unauthorized("unknown refresh token")
        return username

    def issue(self, subject, access, offline):
        """The response body: an access token granting `access` to `subject` ("" = anonymous)."""
        now = int(time.time())
        claims = {
            "iss": self.issuer,
            "sub": subject,
            "aud": self.service,
            "exp": now + EXPIRES_IN,
            "nbf": now - 10,
            "iat": now,
            "jti": secrets.token_hex(16),
            "access": access,
        }
        body = {"access_token": self.signer.sign(claims), "expires_in": EXPIRES_IN}
        if offline and subject:
            body["refresh_token"] = self.new_refresh_token(subject)
        return body

    def answer_get(self, query, authorization):
        """Docker token spec: GET realm?service=…&scope=… with optional Basic credentials."""
        self.check_service(query.get("service", [None])[0])
        access = parse_scopes(query.get("scope", []))
        if authorization is None:
            return self.issue("", [], offline=False)
        scheme, _, encoded = authorization.partition(" ")
        if scheme.lower() != "basic":
            raise Unauthorized("only Basic credentials are accepted")
        try:
            username, colon, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise Unauthorized("malformed Basic credentials")
        if not colon:
            raise Unauthorized("malformed Basic credentials")
        subject = self.check_password(username, password)
        offline = query.get("offline_token", ["false"])[0].lower() == "true"
        return self.issue(subject, access, offline)

    def answer_post(self, form):
        """Docker's OAuth2 token flow: POST realm with a form body."""
        def field(name, required=True):
            value = form.get(name, [None])[0]
            if required and not value:
                raise BadRequest("missing %s" % name)
            return value

        self.check_service(field("service"))
        field("client_id")
        access = parse_scopes(form.get("scope", []))
        grant_type = field("grant_type")
        if grant_type == "password":
            subject = self.check_password(field("username"), field("password", required=False) or "")
        elif grant_type == "refresh_token":
            subject = self.user_for_refresh_token(field("refresh_token"))
        else:
            raise BadRequest("unsupported grant_type %r" % grant_type)
        return self.issue(subject, access, offline=field("access_type", required=False) == "offline")


def make_handler(service):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "wasmpack-test-token-service"
        timeout = 60

        def log_request(self, code="-", size="-"):
            # The path only: queries and bodies can carry tokens; headers carry passwords.
            path = urllib.parse.urlsplit(self.path).path
            sys.stderr.write("token service: %s %s %s\n" % (self.command, path, code))

        def send_json(self, status, value, extra_headers=()):
            body = json_bytes(value)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "no-store")
            for name, header_value in extra_headers:
                self.send_header(name, header_value)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def send_error_json(self, status, code, message):
            self.send_json(status, {"errors": [{"code": code, "message": message, "detail": None}]})

        def answer_token_request(self, answer):
            try:
                body = answer()
            except BadRequest as error:
                service.count_request()
                self.send_error_json(400, "DENIED", str(error))
            except Unauthorized as error:
                service.count_request()
                self.send_error_json(401, "UNAUTHORIZED", str(error))
            else:
                service.count_request()
                self.send_json(200, body)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == TOKEN_PATH:
                query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
                self.answer_token_request(lambda: service.answer_get(query, self.headers.get("Authorization")))
            elif url.path == "/stats":
                with service.lock:
                    requests = service.requests
                self.send_json(200, {"requests": requests})
            else:
                self.send_error_json(404, "NOT_FOUND", "no such endpoint")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length > 0 else b""
            if url.path != TOKEN_PATH:
                self.send_error_json(404, "NOT_FOUND", "no such endpoint")
                return
            content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()

            def answer():
                if content_type != "application/x-www-form-urlencoded":
                    raise BadRequest("the body must be application/x-www-form-urlencoded")
                form = urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
                return service.answer_post(form)

            self.answer_token_request(answer)

    return Handler


def read_users(path):
    """`user:password` lines (a file, so that passwords stay off command lines)."""
    users = {}
    with open(path) as file:
        for line in file:
            line = line.rstrip("\n")
            if line:
                username, _, password = line.partition(":")
                users[username] = password
    return users


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--service", required=True, help="the registry's auth.token.service (token aud)")
    parser.add_argument("--issuer", required=True, help="the registry's auth.token.issuer (token iss)")
    parser.add_argument("--users-file", required=True)
    parser.add_argument("--certificate-out", required=True, help="the rootcertbundle for the registry")
    parser.add_argument("--counter-file", required=True, help="holds the number of token requests answered")
    arguments = parser.parse_args()
    service_common.bind_to_test_process(arguments)

    service = TokenService(arguments.service, arguments.issuer, read_users(arguments.users_file),
                           arguments.counter_file)
    with open(arguments.certificate_out, "wb") as file:
        file.write(service.signer.certificate_pem())

    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(service))
    server.daemon_threads = True
    port = server.server_address[1]
    service_common.write_ready(arguments.ready_file, {"port": port})
    sys.stderr.write("token service: listening on 127.0.0.1:%d\n" % port)
    server.serve_forever()


if __name__ == "__main__":
    main()
