# Hostile fixture: keeps one CPU busy until its time limit.
n = 0
while True:
    n += 1
