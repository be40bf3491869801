#!/usr/bin/env python3
"""Start-to-first-frame time and resident memory of the real TUI in a pseudo-terminal.

Usage: python3 benches/tui_probe.py [BINARY]   (default target/release/crossings)

Linux only (reads /proc). Not run by `cargo test`: it measures time, which tests never
assert. The figures go in docs/performance.md.
"""
import os, pty, select, signal, statistics, sys, tempfile, time

BINARY = sys.argv[1] if len(sys.argv) > 1 else "target/release/crossings"


def spawn(args, home):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8", CROSSINGS_HOME=home)
        os.environ.pop("NO_COLOR", None)
        os.execv(BINARY, [BINARY] + args)
    # 80×24, as on a projector's default terminal.
    import fcntl, struct, termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    return pid, fd


def read_until(fd, marker, timeout=10.0):
    seen, end = b"", time.monotonic() + timeout
    while marker not in seen:
        left = end - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            raise TimeoutError(marker)
        seen += os.read(fd, 65536)
    return seen


def drain(fd):
    while select.select([fd], [], [], 0)[0]:
        try:
            os.read(fd, 65536)
        except OSError:
            return


def stop(pid, fd):
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    os.close(fd)


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return line.split()[1]


def first_frame(home, runs=30):
    times = []
    for _ in range(runs):
        start = time.monotonic()
        pid, fd = spawn([], home)
        # The launcher's list box is drawn in the first frame.
        read_until(fd, b"Exercises")
        times.append((time.monotonic() - start) * 1000)
        stop(pid, fd)
    return times


def memory_while_playing(home, exercise="sea-rescue", presses=400):
    pid, fd = spawn(["play", exercise, "--seed", "1"], home)
    read_until(fd, b"Setup")
    # Enter starts, reads the briefing, decides with the first option, confirms and
    # continues: played to the ending and into the debrief.
    for _ in range(presses):
        os.write(fd, b"\r")
        time.sleep(0.02)
        drain(fd)
    peak, now, threads = status(pid, "VmHWM"), status(pid, "VmRSS"), status(pid, "Threads")
    stop(pid, fd)
    return int(peak), int(now), int(threads)


def write_saves(home, count=40):
    """A trainer's saves folder: `count` played sessions of the largest exercise."""
    import subprocess
    os.makedirs(f"{home}/saves", exist_ok=True)
    for seed in range(1, count + 1):
        subprocess.run([BINARY, "run", "sea-rescue", "--seed", str(seed), "--save",
                        f"{home}/saves/table-{seed}.save.ron"],
                       env=dict(os.environ, CROSSINGS_HOME=home), check=True,
                       stdout=subprocess.DEVNULL)


def report_first_frame(label, times):
    print(f"first frame, {label}: median {statistics.median(times):.1f} ms, "
          f"min {min(times):.1f} ms, max {max(times):.1f} ms over {len(times)} starts")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as home:
        report_first_frame("no saves", first_frame(home))
        # The launcher lists the saves (it replays each) before its first frame.
        write_saves(home)
        report_first_frame("40 saves", first_frame(home))
        peak, now, threads = memory_while_playing(home)
        print(f"playing sea-rescue to the debrief: peak resident {peak / 1024:.1f} MB, "
              f"resident at the end {now / 1024:.1f} MB, {threads} threads")
