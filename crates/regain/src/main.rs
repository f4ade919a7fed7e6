//! `regain`: the one binary. Parses the command line, loads configuration, wires adapters to the
//! core services and runs the command. Exit codes: 0 success, 1 failure at run time (database
//! unreachable, broken audit chain), 2 bad input (configuration, arguments, unknown or duplicate
//! names, refused values).

mod checkpoints;
mod cli;
mod commands;
mod config;
mod demo;
mod keys;
mod notice_worker;
mod pskc;
mod push_announce;
mod radius;
mod serve;
mod tls;
mod wiring;

use clap::{CommandFactory, Parser};
use cli::{Cli, Command};
use regain_core::service::ServiceError;
use std::process::ExitCode;

/// Why a command failed, which decides the exit code.
#[derive(Debug)]
pub enum Failure {
    /// The input was wrong: exit 2.
    Input(String),
    /// Something outside failed: exit 1.
    Runtime(anyhow::Error),
}

impl From<ServiceError> for Failure {
    fn from(e: ServiceError) -> Self {
        if e.is_user_error() {
            Failure::Input(e.to_string())
        } else {
            Failure::Runtime(e.into())
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        Failure::Runtime(e)
    }
}

impl From<config::ConfigError> for Failure {
    fn from(e: config::ConfigError) -> Self {
        Failure::Input(format!("configuration error: {e}"))
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if let Command::Completions { shell } = &cli.command {
        clap_complete::generate(
            *shell,
            &mut Cli::command(),
            "regain",
            &mut std::io::stdout(),
        );
        return ExitCode::SUCCESS;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Input(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(Failure::Runtime(e)) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
