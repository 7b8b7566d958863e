# Hostile fixture: leaves a daemon behind (a new session, its output closed) and returns at once.
import os, time

if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.close(1)
        os.close(2)
        time.sleep(600)
    os._exit(0)
print("left a daemon")
