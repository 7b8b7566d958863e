# The platform's hello in Python: greets, then echoes whatever it was sent on stdin.
import sys

sys.stdout.write("Hello from FAAS!\n")
sys.stdout.flush()
sys.stdout.buffer.write(sys.stdin.buffer.read())
