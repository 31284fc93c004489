"""An SMTP server that answers normally until one command, then trickles
its reply one byte a second, forever: the slow server no per-read timeout
catches. Standard library only.

    trickle_server.py PORT WHEN

WHEN is `EHLO` (the greeting comes at once, the EHLO reply trickles) or
`DOT` (the reply to the message itself trickles). Prints `ready` once
listening.
"""

import socket
import sys
import threading
import time


def trickle(conn):
    line = b"250-" + b"x" * 60 + b"\r\n"
    while True:
        for byte in line:
            conn.sendall(bytes([byte]))
            time.sleep(1)


def handle(conn, when):
    reader = conn.makefile("rb")
    conn.sendall(b"220 trickle ESMTP\r\n")
    in_data = False
    while True:
        line = reader.readline()
        if not line:
            return
        if in_data:
            if line == b".\r\n":
                in_data = False
                if when == "DOT":
                    trickle(conn)
                conn.sendall(b"250 2.0.0 Ok: queued\r\n")
            continue
        command = line.split()[0].upper().decode() if line.strip() else ""
        if command in ("EHLO", "HELO"):
            if when == "EHLO":
                trickle(conn)
            conn.sendall(b"250-trickle\r\n250 8BITMIME\r\n")
        elif command == "DATA":
            in_data = True
            conn.sendall(b"354 go ahead\r\n")
        elif command == "QUIT":
            conn.sendall(b"221 bye\r\n")
            return
        else:
            conn.sendall(b"250 2.0.0 Ok\r\n")


def serve(conn, when):
    try:
        handle(conn, when)
    except OSError:
        pass
    finally:
        conn.close()


def main():
    port, when = int(sys.argv[1]), sys.argv[2].upper()
    listener = socket.create_server(("127.0.0.1", port))
    print("ready", flush=True)
    while True:
        conn, _ = listener.accept()
        threading.Thread(target=serve, args=(conn, when), daemon=True).start()


if __name__ == "__main__":
    main()
