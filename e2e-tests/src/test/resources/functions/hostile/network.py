# Hostile fixture: tries a connection to each address given on stdin (one a line): host:port over TCP,
# or unix:<path> to a UNIX-domain socket. Prints "<address>: connected" or "<address>: blocked <errno name>".
import errno, socket, sys

for address in sys.stdin.read().splitlines():
    try:
        if address.startswith("unix:"):
            with socket.socket(socket.AF_UNIX) as unix:
                unix.settimeout(3)
                unix.connect(address[len("unix:"):])
        else:
            host, port = address.rsplit(":", 1)
            socket.create_connection((host, int(port)), timeout=3).close()
        print(address + ": connected")
    except OSError as error:
        print(address + ": blocked " + errno.errorcode.get(error.errno, type(error).__name__))
