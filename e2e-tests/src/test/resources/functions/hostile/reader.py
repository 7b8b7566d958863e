# Hostile fixture: tries to read each path given on stdin (one a line); prints "<path>: denied <errno name>"
# or "<path>: read <first bytes>".
import errno, sys

for path in sys.stdin.read().splitlines():
    try:
        with open(path, "rb") as file:
            print(path + ": read " + file.read(64).decode("utf-8", "replace"))
    except OSError as error:
        print(path + ": denied " + errno.errorcode.get(error.errno, type(error).__name__))
