# Hostile fixture: fills far more memory than any function may have (bytes written, not only reserved).
kept = b"x" * (1024 * 1024 * 1024)
print(len(kept))
