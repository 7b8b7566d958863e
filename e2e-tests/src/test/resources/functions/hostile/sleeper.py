# Hostile fixture: says it started, then sleeps far past any time limit.
import sys, time

print("sleeping", flush=True)
time.sleep(600)
print("woke up")
