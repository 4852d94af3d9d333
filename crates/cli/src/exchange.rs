//! `annex export` and `annex import`: a space's items to and from a CSV or XLSX file, straight
//! against the database, with the same columns and rules as the API.

use crate::settings::Settings;
use annex_api::spreadsheet::{self, Limits};
use annex_domain::Action;
use annex_domain::work::exchange::{ExchangeFormat, ImportReport, MAX_IMPORT_ROWS};
use annex_domain::work::spaces::{Space, SpaceFilter};
use annex_store::{DbConnection, exchange, members, organisations, spaces};
use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use uuid::Uuid;

/// The file formats, as the command line names them.
#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Csv,
    Xlsx,
}

impl From<Format> for ExchangeFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Csv => ExchangeFormat::Csv,
            Format::Xlsx => ExchangeFormat::Xlsx,
        }
    }
}

/// Which space of which organisation.
#[derive(Args)]
pub struct Target {
    /// The organisation's name.
    #[arg(long)]
    org: String,
    /// The space's name or id.
    #[arg(long)]
    space: String,
    #[arg(long, value_enum)]
    format: Format,
}

/// `annex export`.
#[derive(Args)]
pub struct ExportArgs {
    #[command(flatten)]
    target: Target,
    /// Where to write the file.
    #[arg(long)]
    out: PathBuf,
}

/// `annex import`.
#[derive(Args)]
pub struct ImportArgs {
    #[command(flatten)]
    target: Target,
    /// The file to read.
    #[arg(long)]
    file: PathBuf,
    /// The email of the member the changes are recorded as (they must be allowed to edit any item).
    #[arg(long = "as")]
    actor: String,
    /// Check every row and report, writing nothing.
    #[arg(long)]
    dry_run: bool,
}

fn find_space(conn: &mut DbConnection, target: &Target) -> Result<(Uuid, Space)> {
    let org = organisations::find_by_name(conn, &target.org)?
        .ok_or_else(|| anyhow!("there is no organisation named {:?}", target.org))?;
    if let Ok(id) = Uuid::parse_str(target.space.trim()) {
        return Ok((
            org.id,
            spaces::get(conn, org.id, id).context("no such space")?,
        ));
    }
    let everything = SpaceFilter {
        kind: None,
        archived: Some(true),
    };
    let space = spaces::list(conn, org.id, &everything, 10_000, None)?
        .data
        .into_iter()
        .find(|s| s.name == target.space.trim())
        .ok_or_else(|| anyhow!("{} has no space named {:?}", target.org, target.space))?;
    Ok((org.id, space))
}

/// Writes the space's sheet to the file.
pub fn export(settings: &Settings, args: ExportArgs) -> Result<()> {
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let (org, space) = find_space(&mut conn, &args.target)?;
    let (_, sheet) = exchange::export(&mut conn, org, space.id)?;
    let file = spreadsheet::write(args.target.format.into(), &sheet).map_err(|e| anyhow!("{e}"))?;
    std::fs::write(&args.out, file)
        .with_context(|| format!("cannot write {}", args.out.display()))?;
    println!(
        "exported {} items of {:?} to {}",
        sheet.rows.len(),
        space.name,
        args.out.display()
    );
    Ok(())
}

/// Imports the file into the space, all or nothing, and prints the report.
pub fn import(settings: &Settings, args: ImportArgs) -> Result<()> {
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let (org, space) = find_space(&mut conn, &args.target)?;
    let actor = members::login_credentials(&mut conn, &args.actor)?
        .map(|(id, _)| id)
        .ok_or_else(|| anyhow!("there is no account {:?}", args.actor))?;
    let access = members::active_access(&mut conn, actor, org)?.ok_or_else(|| {
        anyhow!(
            "{} is not an active member of {}",
            args.actor,
            args.target.org
        )
    })?;
    if !access.role.can(Action::EditAnyItem) {
        bail!(
            "{} is a {} and may not edit every item",
            args.actor,
            access.role
        );
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let limits = Limits::for_rows(MAX_IMPORT_ROWS);
    let rows =
        spreadsheet::read(args.target.format.into(), &bytes, limits).map_err(|e| anyhow!("{e}"))?;
    let report = exchange::import(&mut conn, org, actor, space.id, &rows, args.dry_run)?;
    print_report(&report);
    if !report.errors.is_empty() {
        bail!(
            "{} problems in the file; nothing was imported",
            report.errors.len()
        );
    }
    Ok(())
}

fn print_report(report: &ImportReport) {
    let mode = if report.dry_run {
        " (dry run: nothing written)"
    } else {
        ""
    };
    println!(
        "{} created, {} updated, {} unchanged{mode}",
        report.created, report.updated, report.unchanged
    );
    for error in &report.errors {
        match &error.column {
            Some(column) => println!("row {}, {column}: {}", error.row, error.message),
            None => println!("row {}: {}", error.row, error.message),
        }
    }
}
