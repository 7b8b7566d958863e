# Fixture: the victim of the readers; its stored source holds a secret they must not see.
SECRET = "wasm-faas-secret-7d3f1c"
print("ok")
