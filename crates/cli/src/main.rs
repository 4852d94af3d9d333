//! `annex`: runs the Annex server and administers an installation from the command line.

mod backup;
mod exchange;
mod org_archive;
mod serve;
mod settings;
mod user;

use anyhow::Result;
use clap::{Parser, Subcommand};
use settings::Settings;

/// Annex, the open-source ISMS platform.
#[derive(Parser)]
#[command(name = "annex", version, about)]
struct Cli {
    #[command(flatten)]
    settings: Settings,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API and the web UI (applies pending migrations first).
    Serve {
        /// On an empty database, create the demo organisation "Demo Consulting Ltd" and its users.
        #[arg(long)]
        demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create the demo organisation if the database is empty, and exit.
    Demo,
    /// Print the OpenAPI document of the API.
    Openapi,
    /// Copy the SQLite database to a new file (owner-only), safely while the server runs. To
    /// restore, stop the server and put the copy in place of `annex.db` in the data dir, removing
    /// `annex.db-wal` and `annex.db-shm`.
    Backup(backup::BackupArgs),
    /// Write a space's items to a CSV or XLSX file (`--space`, `--format`), or a whole
    /// organisation to one JSON file (without them) that `annex import` restores.
    Export(exchange::ExportArgs),
    /// Import a CSV or XLSX file into a space (numbered rows update items, the rest create them),
    /// or restore an organisation from its JSON export into an instance that does not have it.
    Import(exchange::ImportArgs),
    /// Administer user accounts.
    User {
        #[command(subcommand)]
        command: user::UserCommand,
    },
}

fn main() -> Result<()> {
    let cli = Cli::parse();
    settings::init_logging(&cli.settings.log);
    match cli.command {
        Command::Serve { demo } => serve::run(&cli.settings, demo),
        Command::Migrate => {
            let pool = cli.settings.open_database()?;
            let mut conn = pool.get()?;
            let applied = annex_store::migrations::run_pending(&mut conn)?;
            println!("applied {} migration(s)", applied.len());
            Ok(())
        }
        Command::Demo => {
            let pool = cli.settings.open_database()?;
            serve::load_demo(&pool)?;
            Ok(())
        }
        Command::Openapi => {
            print!("{}", annex_api::openapi::document_json());
            Ok(())
        }
        Command::Backup(args) => backup::run(&cli.settings, args),
        Command::Export(args) => exchange::export(&cli.settings, args),
        Command::Import(args) => exchange::import(&cli.settings, args),
        Command::User { command } => user::run(&cli.settings, command),
    }
}
