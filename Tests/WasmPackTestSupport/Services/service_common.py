"""What every test service shares: the command line it is started with, the ready file it reports
through, and the rule that it never outlives the test process that started it."""

import argparse
import json
import os
import shutil
import signal
import threading
import time


def argument_parser(description):
    """A parser with the two arguments WasmPackTestSupport passes to every service."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--parent-pid", type=int, required=True,
                        help="the test process; the service exits when it is gone")
    parser.add_argument("--ready-file", required=True,
                        help="JSON written here (atomically) once the service answers")
    parser.add_argument("--work-directory",
                        help="the test's folder for this service, removed if the test process dies")
    return parser


def bind_to_test_process(arguments, before_exit=None):
    """Makes this service end with the test process that started it. Call it first, before any
    thread or child process exists.

    The test runner's threads block most signals and posix_spawn hands that mask on, so SIGTERM
    would never arrive: unblock everything. Then exit soon after `parent_pid` dies, so a crashed or
    killed test run leaves no services behind. A dead parent shows up as a changed getppid() (the
    orphan is re-parented), which, unlike probing the pid, cannot be fooled by pid reuse. The test
    process cannot clean up any more, so remove its folder for this service too."""
    signal.pthread_sigmask(signal.SIG_SETMASK, set())

    def watch():
        while os.getppid() == arguments.parent_pid:
            time.sleep(0.2)
        try:
            if before_exit is not None:
                before_exit()
            if arguments.work_directory:
                shutil.rmtree(arguments.work_directory, ignore_errors=True)
        finally:
            os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def write_ready(path, info):
    """Writes `info` as JSON so that a reader never sees a half-written file."""
    partial = path + ".partial"
    with open(partial, "w") as file:
        json.dump(info, file)
    os.replace(partial, path)


def write_counter(path, value):
    partial = path + ".partial"
    with open(partial, "w") as file:
        file.write("%d\n" % value)
    os.replace(partial, path)


def request_body_pieces(handler, piece=64 * 1024):
    """Yields an http.server request's body in pieces, undoing chunked framing; raises
    ConnectionError when the client breaks off mid-body."""
    def exactly(remaining):
        while remaining > 0:
            data = handler.rfile.read(min(remaining, piece))
            if not data:
                raise ConnectionError("client closed the connection mid-body")
            remaining -= len(data)
            yield data

    if "chunked" in (handler.headers.get("Transfer-Encoding") or "").lower():
        while True:
            size = int(handler.rfile.readline(1024).split(b";")[0].strip() or b"0", 16)
            if size == 0:
                while handler.rfile.readline(1024) not in (b"\r\n", b"\n", b""):
                    pass  # trailers
                return
            yield from exactly(size)
            handler.rfile.readline(1024)
    else:
        yield from exactly(int(handler.headers.get("Content-Length") or 0))


def send_response_body(handler, status, content_type, body, extra_headers=()):
    """Answers an http.server request with a complete body (none for HEAD)."""
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(body)))
    for name, value in extra_headers:
        handler.send_header(name, value)
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


class Child:
    """The one process a supervisor runs, signalled without ever waiting from a signal handler
    (the main thread may be inside wait(), and a second wait would deadlock on Popen's lock)."""

    def __init__(self):
        self.process = None

    def signal(self, signum):
        process = self.process
        if process is not None and process.returncode is None:
            try:
                os.kill(process.pid, signum)
            except ProcessLookupError:
                pass

    def kill_and_wait(self, seconds=2):
        """SIGKILL, then until it is reaped (by this thread or by the main thread)."""
        self.signal(signal.SIGKILL)
        deadline = time.monotonic() + seconds
        while self.process is not None and self.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)

    def terminate_then_kill(self, grace=3):
        """SIGTERM now, SIGKILL after `grace` seconds if it is still there; safe in a signal handler."""
        self.signal(signal.SIGTERM)
        timer = threading.Timer(grace, self.signal, args=(signal.SIGKILL,))
        timer.daemon = True
        timer.start()
