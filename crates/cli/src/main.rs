//! `stancemap`: the command-line front of the pipeline. The only crate that uses `anyhow`;
//! it maps failures to the documented exit codes.

mod commands;
mod exit;
mod progress;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
/// The store edge the CLI shares with the server: the ledger and the entities read back
/// from the store (`crate::ledger`, `crate::entities` in the commands).
use stancemap_server::records::{entities, ledger};

use crate::commands::{
    actors, bench, brief, claims, demo, eval, export, gen_corpus, ingest, positions, serve, stats,
};

/// mimalloc instead of the system allocator: the stages allocate many small strings per
/// document on several threads, and glibc malloc/free took ~8–10 % of ingest CPU.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  finished, but some inputs were skipped (each is listed with its reason)
  2  usage error: bad flags, an unreadable or invalid rules file
  3  store error: the store cannot be opened, is not a stancemap store, or a write failed
  4  other failure, e.g. the export file cannot be written";

/// stancemap: a cited negotiation ledger from news articles.
#[derive(Parser)]
#[command(name = "stancemap", version, after_help = EXIT_CODES)]
struct Cli {
    /// The store: an SQLite file, created when missing.
    #[arg(
        long,
        global = true,
        env = "STANCEMAP_DB",
        default_value = "stancemap.db"
    )]
    db: PathBuf,
    /// No progress bar and no summary; only errors and skipped inputs are printed.
    #[arg(long, short, global = true)]
    quiet: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Ingest(ingest::Args),
    Stats(stats::Args),
    Export(export::Args),
    Actors(actors::Args),
    Positions(positions::Args),
    Claims(claims::Args),
    Brief(brief::Args),
    Eval(eval::Args),
    Demo(demo::Args),
    GenCorpus(gen_corpus::Args),
    Bench(bench::Args),
    Serve(serve::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let global = commands::Global {
        db: cli.db,
        quiet: cli.quiet,
    };
    let result = match cli.command {
        Command::Ingest(args) => ingest::run(&global, args),
        Command::Stats(args) => stats::run(&global, args),
        Command::Export(args) => export::run(&global, args),
        Command::Actors(args) => actors::run(&global, args),
        Command::Positions(args) => positions::run(&global, args),
        Command::Claims(args) => claims::run(&global, args),
        Command::Brief(args) => brief::run(&global, args),
        Command::Eval(args) => eval::run(&global, args),
        Command::Demo(args) => demo::run(&global, args),
        Command::GenCorpus(args) => gen_corpus::run(&global, args),
        Command::Bench(args) => bench::run(&global, args),
        Command::Serve(args) => serve::run(&global, args),
    };
    exit::code(result)
}
