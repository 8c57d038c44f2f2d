//! Runnable examples live in `examples/`: `cargo run -p examples --example crud`.
