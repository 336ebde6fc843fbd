//! `aftercare`: the one binary. See `aftercare --help`.

mod cli;
mod config;
mod demo;
mod serve;

/// mimalloc rather than the system allocator: request handling allocates many small, short-lived
/// strings (rows, HTML pieces) from several threads, where glibc's malloc spent a quarter of the
/// tracking page's CPU (see ARCHITECTURE.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::main()
}
