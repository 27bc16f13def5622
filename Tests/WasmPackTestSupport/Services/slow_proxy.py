"""An HTTP proxy in front of a plain-HTTP registry that sends blob download bodies slowly, so a
test can interrupt a pull while its blobs are still arriving (tc/netem is not available here).

Behaviour:
- every request is forwarded to --upstream unchanged (body included) and answered with the
  upstream's status and headers; Location headers naming the upstream are rewritten to the proxy;
- the body of a `GET /v2/<name>/blobs/<digest>` answer is sent in 16 KiB pieces at about
  --bytes-per-second; every other body is sent at once;
- with --slow-uploads, the body of a PUT or PATCH to `/v2/<name>/blobs/uploads/…` is read from the
  client in 16 KiB pieces at about --bytes-per-second, so the client's upload is slow too;
- "METHOD target" of each request is appended to --log-file (headers never: they hold credentials).
It exits with the test process that started it (service_common.bind_to_test_process).
"""

import http.client
import http.server
import re
import threading
import time

import service_common

BLOB_GET = re.compile(r"^/v2/.+/blobs/sha256:[0-9a-f]{64}$")
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "te", "trailer", "upgrade",
              "proxy-authorization", "proxy-authenticate"}


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--upstream", required=True, help="host:port of the registry")
    parser.add_argument("--bytes-per-second", type=int, default=256 * 1024)
    parser.add_argument("--log-file", required=True)
    parser.add_argument("--slow-uploads", action="store_true")
    arguments = parser.parse_args()
    service_common.bind_to_test_process(arguments)
    log_lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def forward(self):
            with log_lock, open(arguments.log_file, "a") as log:
                log.write("%s %s\n" % (self.command, self.path))
            length = int(self.headers.get("Content-Length") or 0)
            slow_upload = (arguments.slow_uploads and self.command in ("PUT", "PATCH")
                           and "/blobs/uploads/" in self.path.split("?")[0])
            if slow_upload and length:
                pieces = []
                remaining = length
                while remaining > 0:
                    piece = self.rfile.read(min(remaining, 16 * 1024))
                    if not piece:
                        break
                    pieces.append(piece)
                    remaining -= len(piece)
                    time.sleep(len(piece) / arguments.bytes_per_second)
                body = b"".join(pieces)
            else:
                body = self.rfile.read(length) if length else None
            headers = {k: v for k, v in self.headers.items() if k.lower() not in HOP_BY_HOP and k.lower() != "host"}
            upstream = http.client.HTTPConnection(arguments.upstream, timeout=60)
            try:
                upstream.request(self.command, self.path, body=body, headers=headers)
                response = upstream.getresponse()
                self.send_response(response.status)
                own = "127.0.0.1:%d" % self.server.server_address[1]
                for name, value in response.getheaders():
                    if name.lower() in HOP_BY_HOP:
                        continue
                    if name.lower() == "location":
                        value = value.replace(arguments.upstream, own)
                    self.send_header(name, value)
                self.end_headers()
                if self.command == "HEAD":
                    return
                slow = self.command == "GET" and BLOB_GET.match(self.path.split("?")[0]) and response.status == 200
                piece = 16 * 1024
                while True:
                    data = response.read(piece)
                    if not data:
                        break
                    self.wfile.write(data)
                    if slow:
                        self.wfile.flush()
                        time.sleep(len(data) / arguments.bytes_per_second)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True
            finally:
                upstream.close()

        do_GET = do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = forward

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    service_common.write_ready(arguments.ready_file, {"port": server.server_address[1]})
    server.serve_forever()


if __name__ == "__main__":
    main()
