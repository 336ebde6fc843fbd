//! `aftercare`: the one binary. See `aftercare --help`.

mod cli;
mod config;
mod demo;
mod serve;

fn main() -> std::process::ExitCode {
    cli::main()
}
