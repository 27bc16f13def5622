#!/usr/bin/python3
"""Azure Container Registry's authentication, Azure AD (Entra ID) and ACR's blob redirect to
Azure Storage, emulated in front of a CNCF distribution registry for one test (see TestACR.swift).

One process, four loopback servers on free ports:

token (the Bearer realm's origin, like <registry>.azurecr.io/oauth2/...)
  POST /oauth2/exchange   form: grant_type=access_token, service, [tenant], access_token=<AAD
                          token>, [refresh_token] (ignored)          -> 200 {"refresh_token": JWT}
  POST /oauth2/token      form: grant_type=refresh_token, service, [scope…], refresh_token
                          or    grant_type=password, service, [scope…], username, password
                          (the admin user, or the null GUID with an ACR refresh token)
                                                                     -> 200 {"access_token": JWT}
  GET  /oauth2/token?service=&scope=…   Authorization: Basic (admin user, or null GUID + ACR
                          refresh token)                             -> 200 {"access_token": JWT}
  Errors: 400 (malformed request) or 401 (bad credentials), {"errors":[{"code","message"}]}.
  Access tokens: no `expires_in`; their JWT `exp` is now + --access-token-lifetime.
  POST /_emulator/...     test control (header X-Emulator-Control): mint tokens, set the upstream.

aad (the authority host, like https://login.microsoftonline.com/)
  POST /{tenant}/oauth2/v2.0/token   form: grant_type=client_credentials, client_id,
       scope=https://containerregistry.azure.net/.default and either client_secret, or
       client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer with
       client_assertion=<the federated token>
       -> 200 {"token_type":"Bearer","expires_in":3599,"ext_expires_in":3599,"access_token":JWT}
       errors: 400/401 {"error":"invalid_client"|…,"error_description":"AADSTS…","error_codes":[…],…}
  GET  /{tenant}/v2.0/.well-known/openid-configuration, /{tenant}/discovery/v2.0/keys

front (what a client puts in references): forwards everything to the registry (fault_proxy's
  forwarding, Location headers rewritten) except, with --redirect-blob-downloads,
  GET /v2/<name>/blobs/<digest> that the registry would answer 200 with the caller's credentials:
  -> 307 Location: http://127.0.0.1:SPORT/blobs/<one-time key>?sv=…&se=…&sr=b&sp=r&sig=…
  Bearer tokens whose `exp` has passed get the registry's 401 challenge here, without the minute
  of leeway distribution allows, so short access-token lifetimes can be tested.

storage (like <account>.blob.core.windows.net): serves the redirected blob bytes to GET/HEAD on a
  valid signed URL (Range supported). A request that carries Authorization is counted and refused
  with 403 and Azure Storage's InvalidAuthenticationInfo error, so a client that forwards its
  registry credentials across the redirect fails as it does against Azure.

Request counts go to --counts-file as JSON. Tokens, secrets, queries and headers are never logged.
"""

import base64
import binascii
import datetime
import hashlib
import hmac
import http.client
import json
import os
import re
import secrets
import shutil
import sys
import threading
import time
import urllib.parse
import uuid
from argparse import Namespace
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

import fault_proxy
import service_common
from token_service import Signer, base64url, json_bytes, parse_scopes

ACR_AUDIENCE = "https://containerregistry.azure.net"
ACR_SCOPE = ACR_AUDIENCE + "/.default"
ACR_ISSUER = "Azure Container Registry"
NULL_GUID = "00000000-0000-0000-0000-000000000000"
JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
FEDERATED_AUDIENCE = "api://AzureADTokenExchange"
FEDERATED_SUBJECT = "system:serviceaccount:default:wasmpack"
AAD_EXPIRES_IN = 3599
FEDERATED_LIFETIME = 24 * 3600
SAS_LIFETIME = 20 * 60
CONTROL_HEADER = "X-Emulator-Control"
CHUNK = 64 * 1024
REPOSITORY_PATH = re.compile(r"^/v2/(.+)/(?:blobs|manifests|tags|referrers)/")


class Refused(Exception):
    """A request the emulator refuses: HTTP status, error code and message."""

    def __init__(self, status, code, message, aad_code=None):
        super().__init__(message)
        self.status = status
        self.code = code
        self.aad_code = aad_code


def bad_request(message):
    return Refused(400, "BAD_REQUEST", message)


def unauthorized(message):
    return Refused(401, "UNAUTHORIZED", message)


def base64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jwt_claims(token, signer):
    """The claims of an RS256 JWT signed by `signer`'s key; None when it is malformed or forged.
    Times are the caller's business."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        header = json.loads(base64url_decode(parts[0]))
        claims = json.loads(base64url_decode(parts[1]))
        if header.get("alg") != "RS256" or not isinstance(claims, dict):
            return None
        signer.key.public_key().verify(base64url_decode(parts[2]), (parts[0] + "." + parts[1]).encode("ascii"),
                                       padding.PKCS1v15(), hashes.SHA256())
    except (ValueError, binascii.Error, UnicodeError, InvalidSignature):
        return None
    return claims


def unverified_claims(token):
    try:
        claims = json.loads(base64url_decode(token.split(".")[1]))
        return claims if isinstance(claims, dict) else None
    except (ValueError, IndexError, binascii.Error, UnicodeError):
        return None


def time_valid(claims, now, leeway=0):
    try:
        return int(claims["exp"]) > now - leeway and int(claims.get("nbf", 0)) <= now + leeway
    except (KeyError, TypeError, ValueError):
        return False


class Emulator:
    def __init__(self, config, arguments):
        self.config = config
        self.arguments = arguments
        self.tenant = config["tenant_id"]
        self.client_id = config["client_id"]
        self.object_id = str(uuid.uuid4())
        self.access_lifetime = int(config["access_token_lifetime"])
        self.refresh_lifetime = int(config["refresh_token_lifetime"])
        self.redirect = bool(config["redirect_blob_downloads"])
        # Separate keys, as in Azure: only the access-token key is in the registry's rootcertbundle,
        # so neither an AAD token nor an ACR refresh token works as a registry Bearer token.
        self.access_signer = Signer(ACR_ISSUER)
        self.refresh_signer = Signer(ACR_ISSUER + " refresh tokens")
        self.aad_signer = Signer("wasmpack test Azure AD")
        self.federation_signer = Signer("wasmpack test workload identity issuer")
        self.sas_secret = secrets.token_bytes(32)
        self.lock = threading.Lock()
        self.counts = {}
        self.sas_keys = {}
        self.service = None  # the front's "127.0.0.1:PORT", the registry's auth.token.service
        self.aad_base = None
        self.storage_base = None
        self.federated_issuer = None
        self.proxy = None
        self.upstream_set = threading.Event()
        self.write_counts()

    # Counting

    def count(self, name):
        # Counted before the answer goes out, so a client that has its answer sees it counted.
        with self.lock:
            self.counts[name] = self.counts.get(name, 0) + 1
            self.write_counts_locked()

    def write_counts(self):
        with self.lock:
            self.write_counts_locked()

    def write_counts_locked(self):
        partial = self.arguments.counts_file + ".partial"
        with open(partial, "w") as file:
            json.dump(self.counts, file)
        os.replace(partial, self.arguments.counts_file)

    # Azure AD

    def aad_issuer(self):
        return "https://sts.windows.net/%s/" % self.tenant

    def mint_aad(self, expires_in=AAD_EXPIRES_IN, audience=ACR_AUDIENCE, assertion=False):
        now = int(time.time())
        return self.aad_signer.sign({
            "aud": audience, "iss": self.aad_issuer(), "iat": now - 5, "nbf": now - 5, "exp": now + expires_in,
            "aio": secrets.token_urlsafe(24), "appid": self.client_id, "appidacr": "2" if assertion else "1",
            "idp": self.aad_issuer(), "idtyp": "app", "oid": self.object_id, "rh": secrets.token_urlsafe(16),
            "sub": self.object_id, "tid": self.tenant, "uti": secrets.token_urlsafe(16), "ver": "1.0",
        })

    def mint_federated(self, expires_in=FEDERATED_LIFETIME):
        now = int(time.time())
        return self.federation_signer.sign({
            "aud": [FEDERATED_AUDIENCE], "iss": self.federated_issuer, "sub": FEDERATED_SUBJECT,
            "iat": now, "nbf": now, "exp": now + expires_in,
            "kubernetes.io": {"namespace": "default", "serviceaccount": {"name": "wasmpack", "uid": str(uuid.uuid4())}},
        })

    def aad_token(self, tenant, form):
        """POST /{tenant}/oauth2/v2.0/token: the client-credentials grant."""
        def field(name):
            return form.get(name, [""])[0]

        if tenant != self.tenant:
            raise Refused(400, "invalid_request", "Tenant '%s' not found." % tenant, 90002)
        if field("grant_type") != "client_credentials":
            raise Refused(400, "unsupported_grant_type", "The provided value for the input parameter "
                          "'grant_type' is not valid. Expected values are the following: client_credentials.",
                          70003)
        client_id = field("client_id")
        if not client_id:
            raise Refused(400, "invalid_request", "The request body must contain the following parameter: "
                          "'client_id'.", 900144)
        if client_id != self.client_id:
            raise Refused(400, "unauthorized_client", "Application with identifier '%s' was not found in the "
                          "directory '%s'." % (client_id, self.tenant), 700016)
        scope = field("scope")
        if not scope:
            raise Refused(400, "invalid_request", "The request body must contain the following parameter: "
                          "'scope'.", 900144)
        if scope != ACR_SCOPE:
            raise Refused(400, "invalid_scope", "The provided value for scope %s is not valid. Client "
                          "credential flows must have a scope value with /.default suffixed to the resource "
                          "identifier (application ID URI)." % scope, 1002012)
        secret = form.get("client_secret", [None])[0]
        assertion = form.get("client_assertion", [None])[0]
        if secret is not None and assertion is not None:
            raise Refused(400, "invalid_request", "Only one credential type may be presented.", 50027)
        if secret is not None:
            if not hmac.compare_digest(secret.encode(), self.config["client_secret"].encode()):
                raise Refused(401, "invalid_client", "Invalid client secret provided. Ensure the secret being "
                              "sent in the request is the client secret value, not the client secret ID, for "
                              "a secret added to app '%s'." % self.client_id, 7000215)
        elif assertion is not None:
            if field("client_assertion_type") != JWT_BEARER:
                raise Refused(400, "invalid_request", "client_assertion_type must be %s." % JWT_BEARER, 50027)
            self.check_federated(assertion)
        else:
            raise Refused(401, "invalid_client", "The request body must contain the following parameter: "
                          "'client_assertion' or 'client_secret'.", 7000218)
        return {"token_type": "Bearer", "expires_in": AAD_EXPIRES_IN, "ext_expires_in": AAD_EXPIRES_IN,
                "access_token": self.mint_aad(assertion=assertion is not None)}

    def check_federated(self, assertion):
        claims = jwt_claims(assertion, self.federation_signer)
        if claims is None:
            raise Refused(400, "invalid_client", "JWT token is invalid or malformed.", 50027)
        now = int(time.time())
        if not time_valid(claims, now, leeway=0):
            raise Refused(400, "invalid_client", "Client assertion is not within its valid time range.", 700024)
        audiences = claims.get("aud")
        audiences = audiences if isinstance(audiences, list) else [audiences]
        if (claims.get("iss") != self.federated_issuer or claims.get("sub") != FEDERATED_SUBJECT
                or FEDERATED_AUDIENCE not in audiences):
            raise Refused(400, "invalid_client", "No matching federated identity record found for presented "
                          "assertion.", 70021)

    def openid_configuration(self, tenant):
        base = self.aad_base + tenant
        return {
            "token_endpoint": base + "/oauth2/v2.0/token",
            "authorization_endpoint": base + "/oauth2/v2.0/authorize",
            "jwks_uri": self.aad_base + tenant + "/discovery/v2.0/keys",
            "issuer": "%s%s/v2.0" % (self.aad_base, self.tenant),
            "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
            "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "tenant_region_scope": "NA",
        }

    def keys(self):
        numbers = self.aad_signer.key.public_key().public_numbers()
        thumbprint = base64url(hashlib.sha1(base64.b64decode(self.aad_signer.x5c)).digest())
        return {"keys": [{
            "kty": "RSA", "use": "sig", "kid": thumbprint, "x5t": thumbprint, "x5c": [self.aad_signer.x5c],
            "n": base64url(numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")),
            "e": base64url(numbers.e.to_bytes(3, "big")),
        }]}

    # ACR token server

    def check_service(self, service):
        if not service:
            raise bad_request("service is required")
        if service != self.service:
            raise bad_request("service '%s' is not this registry" % service)

    def mint_refresh(self, subject, tenant, expires_in=None):
        now = int(time.time())
        return self.refresh_signer.sign({
            "jti": str(uuid.uuid4()), "sub": subject, "nbf": now - 5, "exp": now + (
                self.refresh_lifetime if expires_in is None else expires_in),
            "iat": now, "iss": ACR_ISSUER, "aud": self.service, "version": "1.0", "rid": secrets.token_hex(16),
            "grant_type": "refresh_token", "tenant": tenant,
            "permissions": {"actions": ["read", "write", "delete", "metadata/read", "metadata/write"],
                            "notActions": None},
            "roles": [],
        })

    def exchange(self, form):
        """POST /oauth2/exchange: an AAD access token for an ACR refresh token."""
        def field(name):
            return form.get(name, [""])[0]

        grant_type = field("grant_type")
        if grant_type != "access_token":
            raise bad_request("grant_type '%s' is not supported; use access_token" % grant_type)
        self.check_service(field("service"))
        token = field("access_token")
        if not token:
            raise bad_request("access_token is required")
        claims = jwt_claims(token, self.aad_signer)
        if claims is None:
            raise unauthorized("the access token is not valid")
        if not time_valid(claims, int(time.time())):
            raise unauthorized("the access token has expired")
        if claims.get("aud") != ACR_AUDIENCE or claims.get("iss") != self.aad_issuer():
            raise unauthorized("the access token has the wrong audience or issuer")
        tenant = field("tenant")
        if tenant and tenant != claims.get("tid"):
            raise unauthorized("the access token is not from tenant '%s'" % tenant)
        return {"refresh_token": self.mint_refresh(claims.get("oid", ""), claims.get("tid", ""))}

    def subject_for_refresh_token(self, token):
        claims = jwt_claims(token, self.refresh_signer)
        if claims is None or claims.get("grant_type") != "refresh_token" or claims.get("aud") != self.service:
            raise unauthorized("the refresh token is not valid")
        if not time_valid(claims, int(time.time())):
            raise unauthorized("the refresh token has expired")
        return claims.get("sub", ""), claims.get("tenant")

    def subject_for_password(self, username, password):
        if username == NULL_GUID:
            return self.subject_for_refresh_token(password)
        admin_password = self.config["admin_password"].encode()
        if username != self.config["admin_username"] or not hmac.compare_digest(password.encode(), admin_password):
            raise unauthorized("invalid username or password")
        return username, None

    def issue(self, subject, tenant, grant_type, scopes):
        try:
            access = parse_scopes(scopes)
        except Exception as error:
            raise bad_request(str(error))
        now = int(time.time())
        claims = {
            "jti": str(uuid.uuid4()), "sub": subject, "nbf": now - 10, "exp": now + self.access_lifetime,
            "iat": now, "iss": ACR_ISSUER, "aud": self.service, "version": "1.0", "rid": secrets.token_hex(16),
            "grant_type": grant_type, "access": access, "roles": [],
        }
        if tenant:
            claims["tenant"] = tenant
        return {"access_token": self.access_signer.sign(claims)}

    def token_post(self, form):
        def field(name):
            return form.get(name, [""])[0]

        self.check_service(field("service"))
        grant_type = field("grant_type")
        if grant_type == "refresh_token":
            if not field("refresh_token"):
                raise bad_request("refresh_token is required")
            subject, tenant = self.subject_for_refresh_token(field("refresh_token"))
        elif grant_type == "password":
            if not field("username"):
                raise bad_request("username is required")
            subject, tenant = self.subject_for_password(field("username"), field("password"))
        else:
            raise bad_request("grant_type '%s' is not supported" % grant_type)
        return self.issue(subject, tenant, grant_type, form.get("scope", []))

    def token_get(self, query, authorization):
        self.check_service(query.get("service", [""])[0])
        scheme, _, encoded = (authorization or "").partition(" ")
        if scheme.lower() != "basic":
            raise unauthorized("authentication required")
        try:
            username, colon, password = base64.b64decode(encoded.strip(), validate=True).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            raise unauthorized("malformed Basic credentials")
        if not colon:
            raise unauthorized("malformed Basic credentials")
        subject, tenant = self.subject_for_password(username, password)
        return self.issue(subject, tenant, "password" if username != NULL_GUID else "refresh_token",
                          query.get("scope", []))

    # Storage

    def sign_sas(self, key, expiry):
        return base64.b64encode(hmac.new(self.sas_secret, ("%s\n%s" % (key, expiry)).encode(),
                                         hashlib.sha256).digest()).decode("ascii")

    def storage_url(self, digest):
        key = secrets.token_hex(16)
        expires = int(time.time()) + SAS_LIFETIME
        expiry = datetime.datetime.fromtimestamp(expires, datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        with self.lock:
            self.sas_keys[key] = (digest, expires)
        query = urllib.parse.urlencode([("sv", "2018-03-28"), ("se", expiry), ("sr", "b"), ("sp", "r"),
                                        ("sig", self.sign_sas(key, expiry))])
        return "%s/blobs/%s?%s" % (self.storage_base, key, query)

    def blob_file(self, digest):
        return os.path.join(self.arguments.storage_directory, digest.replace(":", "-"))


def aad_error(error):
    now = datetime.datetime.now(datetime.timezone.utc)
    trace, correlation = str(uuid.uuid4()), str(uuid.uuid4())
    timestamp = now.strftime("%Y-%m-%d %H:%M:%SZ")
    return {
        "error": error.code,
        "error_description": "AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s"
                             % (error.aad_code or 0, error, trace, correlation, timestamp),
        "error_codes": [error.aad_code or 0], "timestamp": timestamp, "trace_id": trace,
        "correlation_id": correlation, "error_uri": "https://login.microsoftonline.com/error?code=%d"
                                                    % (error.aad_code or 0),
    }


class JSONHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60
    label = "acr"

    def version_string(self):
        return self.server_version  # no "Python/3.x": Azure's servers name only themselves

    def log_request(self, code="-", size="-"):
        # The path only: queries and bodies carry tokens, headers carry passwords.
        sys.stderr.write("%s: %s %s %s\n" % (self.label, self.command, self.log_path(), code))

    def log_path(self):
        return urllib.parse.urlsplit(self.path).path

    def send_body(self, status, content_type, body, extra_headers=()):
        service_common.send_response_body(self, status, content_type, body, extra_headers)

    def send_json(self, status, value, extra_headers=()):
        self.send_body(status, "application/json; charset=utf-8", json_bytes(value),
                       [("Cache-Control", "no-store")] + list(extra_headers))

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def read_form(self):
        body = self.read_body()
        content_type = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            raise bad_request("the body must be application/x-www-form-urlencoded")
        return urllib.parse.parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def make_token_handler(emulator):
    class TokenHandler(JSONHandler):
        server_version = "AzureContainerRegistry"
        label = "acr token"

        def acr_answer(self, counter, answer):
            try:
                body = answer()
            except Refused as error:
                emulator.count(counter)
                self.send_json(error.status, {"errors": [{"code": error.code, "message": str(error)}]})
            else:
                emulator.count(counter)
                self.send_json(200, body)

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/oauth2/token":
                query = urllib.parse.parse_qs(url.query, keep_blank_values=True)
                self.acr_answer("token", lambda: emulator.token_get(query, self.headers.get("Authorization")))
            else:
                self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            if path == "/oauth2/token":
                self.acr_answer("token", lambda: emulator.token_post(self.read_form()))
            elif path == "/oauth2/exchange":
                self.acr_answer("exchange", lambda: emulator.exchange(self.read_form()))
            elif path.startswith("/_emulator/"):
                self.control(path)
            else:
                self.read_body()
                self.send_json(404, {"errors": [{"code": "NOT_FOUND", "message": "no such endpoint"}]})

        def control(self, path):
            """Test-only requests from TestACR itself; never counted."""
            expected = emulator.config["control_secret"].encode()
            given = (self.headers.get(CONTROL_HEADER) or "").encode()
            try:
                form = self.read_form()
            except Refused as error:
                self.send_json(400, {"error": str(error)})
                return
            if not hmac.compare_digest(given, expected):
                self.send_json(403, {"error": "not the test"})
                return

            def field(name, default=None):
                return form.get(name, [default])[0]

            if path == "/_emulator/mint":
                kind = field("kind")
                expires_in = field("expires_in")
                expires_in = int(expires_in) if expires_in else None
                if kind == "aad":
                    token = emulator.mint_aad(AAD_EXPIRES_IN if expires_in is None else expires_in,
                                              field("audience", ACR_AUDIENCE))
                elif kind == "acr-refresh":
                    token = emulator.mint_refresh(emulator.object_id, emulator.tenant, expires_in)
                elif kind == "federated":
                    token = emulator.mint_federated(FEDERATED_LIFETIME if expires_in is None else expires_in)
                else:
                    self.send_json(400, {"error": "unknown kind"})
                    return
                self.send_json(200, {"token": token})
            elif path == "/_emulator/upstream":
                start_front(emulator, field("upstream"))
                self.send_json(200, {"front": emulator.service})
            else:
                self.send_json(404, {"error": "no such control"})

    return TokenHandler


def make_aad_handler(emulator):
    token_path = re.compile(r"^/([^/]+)/oauth2/v2\.0/token$")
    discovery_path = re.compile(r"^/([^/]+)/v2\.0/\.well-known/openid-configuration$")
    keys_path = re.compile(r"^/([^/]+)/discovery/v2\.0/keys$")

    class AADHandler(JSONHandler):
        server_version = "Microsoft-IIS/10.0"
        label = "aad"

        def do_GET(self):
            path = urllib.parse.urlsplit(self.path).path
            discovery, keys = discovery_path.match(path), keys_path.match(path)
            if discovery and discovery.group(1) in (emulator.tenant, "organizations", "common"):
                emulator.count("aadDiscovery")
                self.send_json(200, emulator.openid_configuration(discovery.group(1)))
            elif keys:
                emulator.count("aadDiscovery")
                self.send_json(200, emulator.keys())
            else:
                self.send_json(404, {"error": "not_found", "error_description": "no such endpoint"})

        def do_POST(self):
            path = urllib.parse.urlsplit(self.path).path
            match = token_path.match(path)
            if not match:
                self.read_body()
                self.send_json(404, {"error": "not_found", "error_description": "no such endpoint"})
                return
            try:
                body = emulator.aad_token(match.group(1), self.read_form())
            except Refused as error:
                if error.aad_code is None:  # a malformed body
                    error = Refused(400, "invalid_request", str(error), 900144)
                emulator.count("aad")
                self.send_json(error.status, aad_error(error))
            else:
                emulator.count("aad")
                self.send_json(200, body)

    return AADHandler


def storage_error(status, code, message):
    now = datetime.datetime.now(datetime.timezone.utc)
    request_id = str(uuid.uuid4())
    body = ('<?xml version="1.0" encoding="utf-8"?><Error><Code>%s</Code><Message>%s\nRequestId:%s\nTime:%s'
            '</Message></Error>' % (code, message, request_id, now.strftime("%Y-%m-%dT%H:%M:%S.%f0Z")))
    return status, body.encode(), [("x-ms-error-code", code), ("x-ms-request-id", request_id)]


def make_storage_handler(emulator):
    class StorageHandler(JSONHandler):
        server_version = "Windows-Azure-Blob/1.0 Microsoft-HTTPAPI/2.0"
        label = "storage"

        def log_path(self):
            return "/blobs/…"  # the key in the path is a capability

        def refuse(self, status, code, message):
            status, body, headers = storage_error(status, code, message)
            self.send_body(status, "application/xml", body, headers)

        def serve(self):
            emulator.count("storage")
            self.read_body()
            if "Authorization" in self.headers:
                emulator.count("storageWithAuthorization")
                self.refuse(403, "InvalidAuthenticationInfo", "Authentication information is not given in "
                            "the correct format. Check the value of Authorization header.")
                return
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            key = url.path[len("/blobs/"):] if url.path.startswith("/blobs/") else ""
            expiry, signature = query.get("se", [""])[0], query.get("sig", [""])[0]
            with emulator.lock:
                entry = emulator.sas_keys.get(key)
            if entry is None or not hmac.compare_digest(signature.encode(), emulator.sign_sas(key, expiry).encode()):
                self.refuse(403, "AuthenticationFailed", "Server failed to authenticate the request. Make "
                            "sure the value of Authorization header is formed correctly including the signature.")
                return
            digest, expires = entry
            if time.time() > expires:
                self.refuse(403, "AuthenticationFailed", "Signed expiry time [%s] must be after signed start "
                            "time" % expiry)
                return
            if self.command not in ("GET", "HEAD"):
                self.refuse(403, "AuthorizationPermissionMismatch", "This request is not authorized to perform "
                            "this operation using this permission.")
                return
            self.send_blob(emulator.blob_file(digest), digest)

        def send_blob(self, path, digest):
            try:
                file = open(path, "rb")
            except OSError:
                self.refuse(404, "BlobNotFound", "The specified blob does not exist.")
                return
            with file:
                size = os.fstat(file.fileno()).st_size
                start, end = 0, size - 1
                status = 200
                match = re.fullmatch(r"bytes=(\d*)-(\d*)", (self.headers.get("Range") or "").strip())
                if match and (match.group(1) or match.group(2)):
                    if match.group(1):
                        start = int(match.group(1))
                        end = min(int(match.group(2)), size - 1) if match.group(2) else size - 1
                    else:
                        start = max(size - int(match.group(2)), 0)
                    if start >= size or start > end:
                        self.refuse(416, "InvalidRange", "The range specified is invalid for the current size "
                                    "of the resource.")
                        return
                    status = 206
                self.send_response(status)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(end - start + 1))
                if status == 206:
                    self.send_header("Content-Range", "bytes %d-%d/%d" % (start, end, size))
                self.send_header("Accept-Ranges", "bytes")
                self.send_header("ETag", '"0x%s"' % hashlib.sha1(digest.encode()).hexdigest()[:15].upper())
                self.send_header("Last-Modified", formatdate(os.fstat(file.fileno()).st_mtime, usegmt=True))
                self.send_header("x-ms-blob-type", "BlockBlob")
                self.send_header("x-ms-version", "2018-03-28")
                self.end_headers()
                if self.command == "HEAD":
                    return
                file.seek(start)
                remaining = end - start + 1
                while remaining > 0:
                    data = file.read(min(CHUNK, remaining))
                    if not data:
                        break
                    self.wfile.write(data)
                    remaining -= len(data)

        do_GET = do_HEAD = do_PUT = do_POST = do_DELETE = serve

    return StorageHandler


def make_front_handler(emulator, proxy):
    Base = fault_proxy.make_handler(proxy)

    class FrontHandler(Base):
        server_version = "AzureContainerRegistry"

        def version_string(self):
            return self.server_version

        def handle_front(self):
            emulator.count("front")
            path = self.path.split("?", 1)[0]
            if self.expired_bearer():
                proxy.record(self.command, self.path)
                self.challenge(path)
            elif emulator.redirect and self.command == "GET" and fault_proxy.BLOB_PATH.match(path):
                proxy.record(self.command, self.path)
                self.redirect_blob(path)
            else:
                self.proxy_request()

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = handle_front

        def expired_bearer(self):
            scheme, _, token = (self.headers.get("Authorization") or "").partition(" ")
            if scheme.lower() != "bearer":
                return False
            claims = unverified_claims(token.strip())
            try:
                return claims is not None and int(claims["exp"]) <= time.time()
            except (KeyError, TypeError, ValueError):
                return False

        def challenge(self, path):
            """The registry's own 401 for a request without valid credentials."""
            value = 'Bearer realm="%s",service="%s"' % (emulator.token_realm, emulator.service)
            match = REPOSITORY_PATH.match(path)
            if match:
                actions = "pull" if self.command in ("GET", "HEAD") else (
                    "delete" if self.command == "DELETE" else "pull,push")
                value += ',scope="repository:%s:%s"' % (match.group(1), actions)
            value += ',error="invalid_token"'
            body = json_bytes({"errors": [{"code": "UNAUTHORIZED", "message": "authentication required, "
                                           "visit https://aka.ms/acr/authorization for more information.",
                                           "detail": None}]})
            self.answer(401, "application/json; charset=utf-8", body,
                        [("Www-Authenticate", value), ("Docker-Distribution-Api-Version", "registry/2.0")])

        def upstream_request(self, method):
            connection = http.client.HTTPConnection(proxy.upstream_host, proxy.upstream_port, timeout=120)
            headers = {"Host": proxy.upstream}
            for name in ("Authorization", "Accept", "User-Agent"):
                if name in self.headers:
                    headers[name] = self.headers[name]
            connection.request(method, self.path, headers=headers)
            return connection, connection.getresponse()

        def redirect_blob(self, path):
            for _ in self.request_body():
                pass
            digest = path.rsplit("/", 1)[1]
            try:
                # HEAD first: it checks the caller's credentials without moving the bytes again.
                connection, response = self.upstream_request("HEAD")
                response.read()
                connection.close()
                if response.status != 200:
                    self.forward(path)  # the registry's own answer (401, 404…) with its body
                    return
                target = emulator.blob_file(digest)
                if not os.path.exists(target):
                    connection, response = self.upstream_request("GET")
                    try:
                        if response.status != 200:
                            self.relay(path, response)
                            return
                        partial = "%s.%s.partial" % (target, secrets.token_hex(4))
                        with open(partial, "wb") as file:
                            shutil.copyfileobj(response, file, CHUNK)
                        os.replace(partial, target)
                    finally:
                        connection.close()
            except (OSError, http.client.HTTPException) as error:
                self.close_connection = True
                self.answer(502, "text/plain", ("upstream: %s\n" % error).encode(), drain=False)
                return
            location = emulator.storage_url(digest)
            emulator.count("redirect")
            body = ('<a href="%s">Temporary Redirect</a>.\n\n' % location.replace("&", "&amp;")).encode()
            self.answer(307, "text/html; charset=utf-8", body, [
                ("Location", location), ("Docker-Content-Digest", digest),
                ("Docker-Distribution-Api-Version", "registry/2.0")], drain=False)

    return FrontHandler


def start_front(emulator, upstream):
    """Starts serving the front once the registry behind it is known (the registry's config needs
    the front's address first). Later calls change nothing."""
    with emulator.lock:
        if emulator.proxy is not None:
            return
        proxy = fault_proxy.Proxy(Namespace(
            upstream=upstream, fault="none", count=0, status=503, retry_after=None, after_bytes=0,
            log_file=emulator.arguments.front_log))
        proxy.host = emulator.service
        emulator.proxy = proxy
    emulator.front_server.RequestHandlerClass = make_front_handler(emulator, proxy)
    serve_in_background(emulator.front_server, "front")


def serve_in_background(server, name):
    threading.Thread(target=server.serve_forever, name=name, daemon=True).start()


def new_server(handler=BaseHTTPRequestHandler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    return server


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--config", required=True, help="JSON: tenant, client and admin secrets, lifetimes")
    parser.add_argument("--certificate-out", required=True, help="the rootcertbundle for the registry")
    parser.add_argument("--federated-token-out", required=True)
    parser.add_argument("--counts-file", required=True)
    parser.add_argument("--storage-directory", required=True)
    parser.add_argument("--front-log", required=True, help="'METHOD target' of each request to the front")
    arguments = parser.parse_args()
    service_common.bind_to_test_process(arguments)

    with open(arguments.config) as file:
        config = json.load(file)
    os.makedirs(arguments.storage_directory, exist_ok=True)
    emulator = Emulator(config, arguments)

    # Bound (and so listening) now; the front is served only once the registry is up.
    token_server = new_server(make_token_handler(emulator))
    aad_server = new_server(make_aad_handler(emulator))
    storage_server = new_server(make_storage_handler(emulator))
    emulator.front_server = new_server()
    ports = {name: server.server_address[1] for name, server in
             [("token", token_server), ("aad", aad_server), ("storage", storage_server),
              ("front", emulator.front_server)]}
    emulator.service = "127.0.0.1:%d" % ports["front"]
    emulator.token_realm = "http://127.0.0.1:%d/oauth2/token" % ports["token"]
    emulator.aad_base = "http://127.0.0.1:%d/" % ports["aad"]
    emulator.storage_base = "http://127.0.0.1:%d" % ports["storage"]
    emulator.federated_issuer = emulator.aad_base + "workload-identity-issuer"

    with open(arguments.certificate_out, "wb") as file:
        file.write(emulator.access_signer.certificate_pem())
    # Like the projected service-account token a kubelet writes: the JWT alone, no newline.
    with open(arguments.federated_token_out, "w") as file:
        file.write(emulator.mint_federated())

    for server, name in [(token_server, "token"), (aad_server, "aad"), (storage_server, "storage")]:
        serve_in_background(server, name)
    service_common.write_ready(arguments.ready_file, dict(ports, port=ports["token"]))
    sys.stderr.write("acr: token 127.0.0.1:%(token)d, aad 127.0.0.1:%(aad)d, storage 127.0.0.1:%(storage)d, "
                     "front 127.0.0.1:%(front)d\n" % ports)
    threading.Event().wait()


if __name__ == "__main__":
    main()
