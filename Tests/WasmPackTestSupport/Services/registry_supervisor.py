#!/usr/bin/python3
"""Runs CNCF distribution (`docker-registry serve CONFIG`) on a free loopback port for one test.

Distribution cannot listen on port 0, so this probes a free port, passes it through
REGISTRY_HTTP_ADDR (which overrides http.addr in the config) and starts again on another port if
someone else took it first. It reports {"port": N} in the ready file once GET /v2/ answers 200 or
401, stops the registry on SIGTERM, and takes it down when the test process dies: the registry
runs under `setpriv --pdeathsig KILL`, and this supervisor exits when its own parent is gone.
"""

import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import service_common

REGISTRY = "/usr/bin/docker-registry"
SETPRIV = "/usr/bin/setpriv"
ATTEMPTS = 8

child = service_common.Child()
stopping = False


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def on_sigterm(signum, frame):
    global stopping
    stopping = True
    child.terminate_then_kill()


def answers(url, context):
    # No proxies from the environment: everything here is on loopback.
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), urllib.request.HTTPSHandler(context=context))
    try:
        with opener.open(url, timeout=1) as response:
            return response.status == 200
    except urllib.error.HTTPError as error:
        return error.code == 401
    except (urllib.error.URLError, OSError):
        return False


def log_since(path, offset):
    with open(path, "rb") as file:
        file.seek(offset)
        return file.read().decode("utf-8", "replace")


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--log", required=True, help="the file this process's output goes to")
    parser.add_argument("--cafile", help="serve HTTPS; trust this CA when checking readiness")
    parser.add_argument("--timeout", type=float, default=30)
    arguments = parser.parse_args()

    signal.signal(signal.SIGTERM, on_sigterm)
    service_common.bind_to_test_process(arguments, before_exit=child.kill_and_wait)

    scheme = "https" if arguments.cafile else "http"
    context = ssl.create_default_context(cafile=arguments.cafile) if arguments.cafile else None
    command = [REGISTRY, "serve", arguments.config]
    if os.access(SETPRIV, os.X_OK):
        command = [SETPRIV, "--pdeathsig", "KILL", "--"] + command
    deadline = time.monotonic() + arguments.timeout

    for attempt in range(1, ATTEMPTS + 1):
        if stopping:
            return 0
        port = free_port()
        environment = dict(os.environ, REGISTRY_HTTP_ADDR="127.0.0.1:%d" % port)
        sys.stdout.flush()
        offset = os.path.getsize(arguments.log)
        child.process = registry = subprocess.Popen(command, env=environment, stdin=subprocess.DEVNULL)
        if stopping:  # SIGTERM came before there was a registry to pass it to
            child.signal(signal.SIGTERM)
        url = "%s://127.0.0.1:%d/v2/" % (scheme, port)
        while registry.poll() is None and time.monotonic() < deadline:
            # Checking the registry is still alive after an answer rules out a stranger that
            # grabbed the port between the probe and the registry's bind.
            if answers(url, context) and registry.poll() is None:
                service_common.write_ready(arguments.ready_file, {"port": port, "pid": registry.pid})
                print("supervisor: registry ready on 127.0.0.1:%d" % port, flush=True)
                registry.wait()
                print("supervisor: registry exited with %s" % registry.returncode, flush=True)
                return 0 if stopping else 1
            time.sleep(0.05)
        if stopping:
            registry.wait()
            return 0
        if registry.poll() is None:
            print("supervisor: registry did not answer %s within %gs" % (url, arguments.timeout), flush=True)
            registry.kill()
            registry.wait()
            return 1
        if "address already in use" not in log_since(arguments.log, offset):
            print("supervisor: registry exited with %s" % registry.returncode, flush=True)
            return 1
        print("supervisor: port %d taken (attempt %d), trying another" % (port, attempt), flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
