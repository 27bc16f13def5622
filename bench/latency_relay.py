#!/usr/bin/python3
"""A TCP relay that adds latency, for benchmarks of round trips (tc netem is not available here).

Listens on 127.0.0.1, forwards every connection to --target, and holds each piece of data for
--delay seconds (default 0.025) in each direction before passing it on, so a round trip costs
2 × delay while bandwidth stays that of loopback. It counts the TCP connections clients open and
the HTTP/1.1 requests they send (request heads, with bodies skipped by Content-Length or chunked
encoding), and keeps the counts in --stats as {"connections": N, "requests": M}, rewritten after
every change, so a benchmark reads the file before and after a step and takes the difference.
Prints the port it listens on to --port-file once it is ready.

Connecting to the relay itself is instant, so a new connection's set-up is played out by holding
its first bytes for --handshake-round-trips round trips (default 2: TCP, then TLS 1.3, as a
client pays to reach a real registry over https; 1 is plain TCP).
"""

import argparse
import asyncio
import json
import os
import time

counts = {"connections": 0, "requests": 0}
stats_path = None


def save_counts():
    temporary = stats_path + ".tmp"
    with open(temporary, "w") as file:
        json.dump(counts, file)
    os.replace(temporary, stats_path)


class RequestCounter:
    """Follows the client's side of an HTTP/1.1 connection and counts request heads."""

    def __init__(self):
        self.buffer = b""
        self.state = "head"  # head, body, chunk-size, chunk-data, trailer
        self.remaining = 0

    def feed(self, data):
        self.buffer += data
        while True:
            if self.state == "head":
                end = self.buffer.find(b"\r\n\r\n")
                if end < 0:
                    return
                head, self.buffer = self.buffer[:end].decode("latin-1"), self.buffer[end + 4:]
                counts["requests"] += 1
                save_counts()
                headers = {}
                for line in head.split("\r\n")[1:]:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip().lower()
                if "chunked" in headers.get("transfer-encoding", ""):
                    self.state = "chunk-size"
                else:
                    self.remaining = int(headers.get("content-length", "0") or 0)
                    self.state = "body" if self.remaining else "head"
            elif self.state == "body" or self.state == "chunk-data":
                taken = min(self.remaining, len(self.buffer))
                self.buffer, self.remaining = self.buffer[taken:], self.remaining - taken
                if self.remaining:
                    return
                self.state = "head" if self.state == "body" else "chunk-size"
            elif self.state == "chunk-size":
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
                if not line:  # the CRLF that ends the previous chunk's data
                    continue
                size = int(line.split(b";")[0], 16)
                if size == 0:
                    self.state = "trailer"
                else:
                    self.remaining, self.state = size, "chunk-data"
            elif self.state == "trailer":
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                line, self.buffer = self.buffer[:end], self.buffer[end + 2:]
                if not line:
                    self.state = "head"


async def pump(reader, writer, delay, counter=None, setup=0.0):
    """Copies reader to writer, each piece delayed by `delay` seconds from when it arrived
    (and none read before `setup` seconds have passed: the connection's handshake)."""
    queue = asyncio.Queue()

    async def read():
        if setup:
            await asyncio.sleep(setup)
        while True:
            data = await reader.read(65536)
            await queue.put((time.monotonic() + delay, data))
            if not data:
                return

    async def write():
        while True:
            due, data = await queue.get()
            pause = due - time.monotonic()
            if pause > 0:
                await asyncio.sleep(pause)
            if not data:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            if counter:
                counter.feed(data)
            writer.write(data)
            await writer.drain()

    try:
        await asyncio.gather(read(), write())
    except (ConnectionError, OSError):
        pass


async def relay(client_reader, client_writer, target, delay, handshakes):
    counts["connections"] += 1
    save_counts()
    host, port = target.rsplit(":", 1)
    try:
        server_reader, server_writer = await asyncio.open_connection(host, int(port))
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(
        pump(client_reader, server_writer, delay, RequestCounter(), setup=2 * delay * handshakes),
        pump(server_reader, client_writer, delay))
    for writer in (client_writer, server_writer):
        writer.close()


async def main():
    global stats_path
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", required=True, help="HOST:PORT to forward to")
    parser.add_argument("--delay", type=float, default=0.025, help="seconds added in each direction")
    parser.add_argument("--handshake-round-trips", type=float, default=2,
                        help="round trips a new connection costs before its first request (TCP 1, TCP+TLS 1.3 2)")
    parser.add_argument("--stats", required=True, help="file the counts are kept in")
    parser.add_argument("--port-file", required=True, help="file the listening port is written to")
    arguments = parser.parse_args()
    stats_path = arguments.stats
    save_counts()
    server = await asyncio.start_server(
        lambda r, w: relay(r, w, arguments.target, arguments.delay, arguments.handshake_round_trips), "127.0.0.1", 0)
    with open(arguments.port_file, "w") as file:
        file.write(str(server.sockets[0].getsockname()[1]))
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main())
