#!/usr/bin/python3
"""Runs containerd (`containerd --config FILE`) for one test, with its root, state and sockets in
the test's folder, and reports {"port": 0, "socket": PATH} in the ready file once `ctr version`
answers on that socket (containerd listens on a unix socket: there is no port).

containerd runs under `setpriv --pdeathsig KILL`, so it dies with this supervisor, and this
supervisor exits when the test process is gone. Before it goes (SIGTERM or a dead test process) it
stops containerd and unmounts everything mounted under the folder: `ctr images mount` and
containerd's own unpack leave bind or overlay mounts there, and a folder with mounts in it can be
neither removed nor, for a read-write mount, removed safely.
"""

import ctypes
import os
import re
import signal
import subprocess
import sys
import threading
import time

import service_common

CONTAINERD = "/usr/bin/containerd"
CTR = "/usr/bin/ctr"
SETPRIV = "/usr/bin/setpriv"
MNT_DETACH = 2
OCTAL_ESCAPE = re.compile(r"\\([0-7]{3})")

child = service_common.Child()
stopping = False


def mount_points_under(directory):
    """Mount points at or below `directory`, deepest first (a child must go before its parent)."""
    prefix = os.path.realpath(directory)
    points = []
    with open("/proc/self/mountinfo") as mountinfo:
        for line in mountinfo:
            # Field 5 is the mount point, with space, tab, newline and backslash octal-escaped.
            point = OCTAL_ESCAPE.sub(lambda match: chr(int(match.group(1), 8)), line.split(" ")[4])
            if point == prefix or point.startswith(prefix + "/"):
                points.append(point)
    return sorted(points, key=len, reverse=True)


def unmount_under(directory):
    libc = ctypes.CDLL(None, use_errno=True)
    for _ in range(8):  # stacked mounts on one point come off one at a time
        points = mount_points_under(directory)
        if not points:
            return
        for point in points:
            if libc.umount2(point.encode(), MNT_DETACH) != 0:
                print("supervisor: umount %s: %s" % (point, os.strerror(ctypes.get_errno())), flush=True)


def stop_everything(work_directory):
    """Kills containerd, waits until it is gone, and unmounts what it and ctr left."""
    child.kill_and_wait()
    unmount_under(work_directory)


def on_sigterm(signum, frame):
    # containerd shuts down cleanly on SIGTERM; the main thread then unmounts and exits.
    global stopping
    stopping = True
    child.terminate_then_kill()


def answers(socket_path):
    try:
        return subprocess.run(
            [CTR, "--address", socket_path, "version"], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=5).returncode == 0
    except subprocess.TimeoutExpired:
        return False


def main():
    parser = service_common.argument_parser(__doc__)
    parser.add_argument("--config", required=True)
    parser.add_argument("--socket", required=True, help="the grpc address in the config")
    parser.add_argument("--timeout", type=float, default=30)
    arguments = parser.parse_args()

    signal.signal(signal.SIGTERM, on_sigterm)
    service_common.bind_to_test_process(
        arguments, before_exit=lambda: stop_everything(arguments.work_directory))

    command = [CONTAINERD, "--config", arguments.config]
    if os.access(SETPRIV, os.X_OK):
        command = [SETPRIV, "--pdeathsig", "KILL", "--"] + command
    sys.stdout.flush()
    child.process = containerd = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    if stopping:  # SIGTERM came before there was a containerd to pass it to
        child.signal(signal.SIGTERM)

    deadline = time.monotonic() + arguments.timeout
    while containerd.poll() is None and not stopping:
        if answers(arguments.socket) and containerd.poll() is None:
            service_common.write_ready(
                arguments.ready_file, {"port": 0, "socket": arguments.socket, "pid": containerd.pid})
            print("supervisor: containerd ready on %s" % arguments.socket, flush=True)
            containerd.wait()
            break
        if time.monotonic() > deadline:
            print("supervisor: containerd did not answer on %s within %gs" % (arguments.socket, arguments.timeout),
                  flush=True)
            break
        time.sleep(0.05)
    if stopping:
        try:
            containerd.wait(timeout=4)  # the SIGTERM handler's timer kills it after 3 s
        except subprocess.TimeoutExpired:
            pass
    print("supervisor: containerd exited with %s" % containerd.poll(), flush=True)
    stop_everything(arguments.work_directory)
    if os.getppid() != arguments.parent_pid:
        # The test process is gone and the parent-watch thread killed containerd: returning would
        # end this process before that thread has removed the folder and exited itself.
        threading.Event().wait()
    return 0 if stopping else 1


if __name__ == "__main__":
    sys.exit(main())
