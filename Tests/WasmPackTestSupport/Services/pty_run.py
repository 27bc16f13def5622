"""Runs a command with its stderr on a pseudo-terminal (what a user at a terminal sees), its stdout
to a file (what a script would capture) and stdin from /dev/null.

    pty_run.py --columns 100 --rows 24 --timeout 120 --stdout OUT --terminal TERM -- COMMAND ARG...

The terminal is COLUMNS wide and ROWS high (TIOCSWINSZ); every byte the command writes to it is saved to TERM as
it was written (the pty turns "\\n" into "\\r\\n"). Exits with the command's status (128 + signal
number when killed); past --timeout seconds the command is killed and the exit status is 124.
"""

import argparse
import fcntl
import os
import select
import signal
import struct
import subprocess
import sys
import termios
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--columns", type=int, default=100)
    parser.add_argument("--rows", type=int, default=24)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--stdout", required=True)
    parser.add_argument("--terminal", required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    arguments = parser.parse_args()
    command = arguments.command[1:] if arguments.command[:1] == ["--"] else arguments.command

    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", arguments.rows, arguments.columns, 0, 0))
    with open(arguments.stdout, "wb") as out:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=out, stderr=slave, close_fds=True)
    os.close(slave)
    deadline = time.monotonic() + arguments.timeout
    received = bytearray()
    timed_out = False
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            timed_out = True
            child.send_signal(signal.SIGKILL)
            break
        ready, _, _ = select.select([master], [], [], min(left, 1.0))
        if not ready:
            if child.poll() is not None:
                break
            continue
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: every writer of the terminal has closed it
            break
        if not chunk:
            break
        received += chunk
    status = child.wait()
    os.close(master)
    with open(arguments.terminal, "wb") as terminal:
        terminal.write(received)
    if timed_out:
        sys.exit(124)
    sys.exit(status if status >= 0 else 128 - status)


if __name__ == "__main__":
    main()
