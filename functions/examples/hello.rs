// The platform's hello in Rust: greets, then echoes whatever it was sent on stdin.
use std::io::{self, Read, Write};

fn main() {
    let mut input = Vec::new();
    io::stdin().read_to_end(&mut input).expect("stdin");
    let mut out = io::stdout();
    out.write_all(b"Hello from FAAS!\n").expect("stdout");
    out.write_all(&input).expect("stdout");
}
