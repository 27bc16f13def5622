import Foundation
import WasmPackTestSupport

/// A real HTTP/1.1 peer on 127.0.0.1 for the transport tests: a stdlib-only Python server with
/// keep-alive, echo, streaming, redirects, broken connections, a TLS listener and a forward proxy
/// (absolute-form requests and CONNECT tunnels). One server serves the whole test run; every
/// response carries `X-Connection`, the id of the TCP connection it came on, so tests can prove
/// connection reuse without a shared counter.
final class TransportTestServer: Sendable {
    /// Port of the plain HTTP listener, which also acts as the forward proxy.
    let port: Int
    /// Port of the TLS listener; its certificate names `localhost`, 127.0.0.1 and
    /// `registry.tunnel.invalid` (a name only the proxy can reach).
    let tlsPort: Int
    /// A port nothing listens on.
    let closedPort: Int
    /// Holds the script, the certificate and tests' upload files; the server removes it on exit.
    let directory: URL
    /// Kept open for the life of the test process: the server exits when it closes.
    private let input: Pipe

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var proxyURL: String { baseURL }
    /// The self-signed certificate the TLS listener presents, usable as a CA bundle.
    var certificatePath: String { directory.appendingPathComponent("cert.pem").path }

    private static let started = Result { try TransportTestServer() }

    /// The server shared by all tests, started on first use.
    static func shared() throws -> TransportTestServer { try started.get() }

    private init() throws {
        directory = URL(fileURLWithPath: TestScratch.path("transport"))
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("server.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let key = directory.appendingPathComponent("key.pem").path
        try Self.run("/usr/bin/env", [
            "openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", key, "-out", directory.appendingPathComponent("cert.pem").path, "-days", "2",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1,DNS:registry.tunnel.invalid",
        ])
        let process = Process()
        let input = Pipe()
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-I", script.path, "--tls", directory.appendingPathComponent("cert.pem").path, key]
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let more = output.fileHandleForReading.availableData
            guard !more.isEmpty else { throw ServerError.didNotStart }
            line.append(more)
        }
        let ports = String(decoding: line, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        guard ports.count == 3 else { throw ServerError.didNotStart }
        (port, tlsPort, closedPort) = (ports[0], ports[1], ports[2])
        self.input = input
    }

    /// A fresh path in the server's folder for a test's upload file.
    func temporaryPath(_ name: String) -> String {
        directory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
    }

    enum ServerError: Error { case didNotStart, toolFailed(String) }

    static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerError.toolFailed(arguments.joined(separator: " ")) }
    }

    static let script = #"""
#!/usr/bin/env python3
# HTTP/1.1 keep-alive test peer for HTTPTransport; stdlib only.
# Prints "<port> <tls port or 0> <a closed port>"; exits, removing its folder, when stdin closes.
import hashlib, itertools, json, os, shutil, socket, ssl, sys, threading, time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

lock = threading.Lock()
connection_ids = itertools.count(1)
connect_targets = []


class Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # Clients that hang up mid-response (body limits, aborts, failed TLS handshakes) are expected.
        if not isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLError)):
            super().handle_error(request, client_address)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def setup(self):
        # One handler per TCP connection: every response names its connection, proving reuse.
        with lock:
            self.connection_id = next(connection_ids)
        super().setup()

    def send_response(self, code, message=None):
        super().send_response(code, message)
        self.send_header("X-Connection", str(self.connection_id))

    def read_body(self):
        remaining = int(self.headers.get("Content-Length") or 0)
        digest, length, head = hashlib.sha256(), 0, bytearray()
        while remaining > 0:
            chunk = self.rfile.read(min(1 << 20, remaining))
            if not chunk:
                break
            digest.update(chunk)
            length += len(chunk)
            remaining -= len(chunk)
            if len(head) < 4096:
                head += chunk[: 4096 - len(head)]
        return length, digest.hexdigest(), bytes(head)

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def reply_json(self, status, value, headers=()):
        self.reply(status, json.dumps(value).encode(), [("Content-Type", "application/json"), *headers])

    def route(self):
        path = urlsplit(self.path).path
        if path == "/echo":
            length, sha256, head = self.read_body()
            self.reply_json(200, {
                "method": self.command,
                "target": self.path,
                "headers": [[name, value] for name, value in self.headers.items()],
                "bodyLength": length,
                "sha256": sha256,
                "bodyHex": head.hex(),
            })
        elif path.startswith("/bytes/"):
            self.read_body()
            count = int(path[len("/bytes/"):])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(count))
            self.end_headers()
            if self.command != "HEAD":
                block = bytes(i % 251 for i in range(251 * 256))
                sent = 0
                while sent < count:
                    piece = block[: min(len(block), count - sent)]
                    self.wfile.write(piece)
                    sent += len(piece)
        elif path == "/redirect":
            self.read_body()
            self.reply(307, b"moved", [("Location", "/echo")])
        elif path == "/challenge":
            self.read_body()
            self.reply_json(401, {"errors": [{"code": "UNAUTHORIZED", "message": "authentication required"}]}, [
                ("WWW-Authenticate", 'Bearer realm="http://127.0.0.1/token",service="test"'),
                ("WWW-Authenticate", 'Basic realm="test"'),
            ])
        elif path == "/connects":
            with lock:
                self.reply_json(200, {"targets": list(connect_targets)})
        elif path == "/truncated":
            self.read_body()
            self.send_response(200)
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 1000)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
        elif path == "/stall":
            self.read_body()
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b"x" * 10)
            self.wfile.flush()
            time.sleep(10)
            self.close_connection = True
        else:
            self.read_body()
            self.reply(404, b"not found")

    do_GET = do_HEAD = do_PUT = do_POST = do_PATCH = do_DELETE = route

    def do_CONNECT(self):
        with lock:
            connect_targets.append(self.path)
        host, _, port = self.path.rpartition(":")
        # Names under .invalid exist only behind this proxy, so reaching them proves it was used.
        if host not in ("localhost", "127.0.0.1") and not host.endswith(".invalid"):
            self.reply(403)
            self.close_connection = True
            return
        upstream = socket.create_connection(("127.0.0.1", int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        self.wfile.flush()

        def pipe(source, destination):
            try:
                while True:
                    data = source.recv(65536)
                    if not data:
                        break
                    destination.sendall(data)
            except OSError:
                pass
            finally:
                try:
                    destination.shutdown(socket.SHUT_WR)
                except OSError:
                    pass

        back = threading.Thread(target=pipe, args=(upstream, self.connection), daemon=True)
        back.start()
        pipe(self.connection, upstream)
        back.join()
        upstream.close()
        self.close_connection = True


def serve(server):
    threading.Thread(target=server.serve_forever, daemon=True).start()


plain = Server(("127.0.0.1", 0), Handler)
tls_port = 0
if len(sys.argv) == 4 and sys.argv[1] == "--tls":
    secure = Server(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(sys.argv[2], sys.argv[3])
    secure.socket = context.wrap_socket(secure.socket, server_side=True)
    tls_port = secure.server_address[1]
    serve(secure)
serve(plain)
probe = socket.socket()
probe.bind(("127.0.0.1", 0))
closed_port = probe.getsockname()[1]
probe.close()
print(plain.server_address[1], tls_port, closed_port, flush=True)
# The test process holds stdin open; when it ends (even by crashing) the server goes too.
sys.stdin.read()
shutil.rmtree(os.path.dirname(os.path.abspath(__file__)), ignore_errors=True)
os._exit(0)
"""#
}
