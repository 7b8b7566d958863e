# Hostile fixture: tries to create each path given on stdin (one a line); prints "<path>: written"
# or "<path>: denied <errno name>".
import errno, sys

for path in sys.stdin.read().splitlines():
    try:
        with open(path, "w") as file:
            file.write("written by a function\n")
        print(path + ": written")
    except OSError as error:
        print(path + ": denied " + errno.errorcode.get(error.errno, type(error).__name__))
