# Hostile fixture: asks for far more memory than any function may have.
kept = bytearray(1024 * 1024 * 1024)
print(len(kept))
