//! `annex export` and `annex import`: a space's items to and from a CSV or XLSX file, straight
//! against the database, with the same columns and rules as the API. Without `--space` they
//! handle a whole organisation instead (`org_archive.rs`).

use crate::org_archive;
use crate::settings::Settings;
use annex_api::spreadsheet::{self, Limits};
use annex_domain::Action;
use annex_domain::work::exchange::{ExchangeFormat, ImportReport, MAX_IMPORT_ROWS};
use annex_domain::work::spaces::{Space, SpaceFilter};
use annex_store::{
    DbConnection, access::members, access::organisations, work::exchange, work::spaces,
};
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
struct Target {
    org: String,
    space: String,
    format: Format,
}

/// `annex export`: a space to CSV or XLSX, or without `--space` the whole organisation to JSON.
#[derive(Args)]
pub struct ExportArgs {
    /// The organisation's name (or, for a whole-organisation export, its id).
    #[arg(long)]
    org: String,
    /// The space's name or id; leave it out to export the whole organisation as JSON.
    #[arg(long, requires = "format")]
    space: Option<String>,
    /// The file format of a space export.
    #[arg(long, value_enum, requires = "space")]
    format: Option<Format>,
    /// Where to write the file.
    #[arg(long)]
    out: PathBuf,
}

/// `annex import`: a CSV or XLSX file into a space, or without `--space` a whole organisation
/// from its JSON archive into an instance that does not have it.
#[derive(Args)]
pub struct ImportArgs {
    /// The organisation's name (space imports; an archive names its organisation itself).
    #[arg(long, requires = "space")]
    org: Option<String>,
    /// The space's name or id; leave it out to restore a whole organisation.
    #[arg(long, requires_all = ["org", "format", "actor"])]
    space: Option<String>,
    /// The file format of a space import.
    #[arg(long, value_enum, requires = "space")]
    format: Option<Format>,
    /// The file to read.
    #[arg(long)]
    file: PathBuf,
    /// The email of the member the changes are recorded as (they must be allowed to edit any
    /// item); space imports only.
    #[arg(long = "as", requires = "space")]
    actor: Option<String>,
    /// Check every row and report, writing nothing; space imports only.
    #[arg(long, requires = "space")]
    dry_run: bool,
}

fn find_space(conn: &mut DbConnection, target: &Target) -> Result<(Uuid, Space)> {
    let org = organisations::find_by_name(conn, &target.org)?
        .ok_or_else(|| anyhow!("there is no organisation named {:?}", target.org))?;
    if let Ok(id) = Uuid::parse_str(target.space.trim()) {
        return Ok((
            org.id,
            spaces::get(conn, org.id.into(), id).context("no such space")?,
        ));
    }
    let everything = SpaceFilter {
        kind: None,
        archived: Some(true),
    };
    let space = spaces::list(conn, org.id.into(), &everything, 10_000, None)?
        .data
        .into_iter()
        .find(|s| s.name == target.space.trim())
        .ok_or_else(|| anyhow!("{} has no space named {:?}", target.org, target.space))?;
    Ok((org.id, space))
}

/// Writes the space's sheet to the file, or the whole organisation's archive.
pub fn export(settings: &Settings, args: ExportArgs) -> Result<()> {
    let (Some(space), Some(format)) = (args.space, args.format) else {
        return org_archive::export(settings, &args.org, &args.out);
    };
    let target = Target {
        org: args.org,
        space,
        format,
    };
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let (org, space) = find_space(&mut conn, &target)?;
    let (_, sheet) = exchange::export(&mut conn, org.into(), space.id.into())?;
    let file = spreadsheet::write(target.format.into(), &sheet).map_err(|e| anyhow!("{e}"))?;
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

/// Imports the file into the space, all or nothing, and prints the report; or restores the
/// whole organisation the file holds.
pub fn import(settings: &Settings, args: ImportArgs) -> Result<()> {
    let (Some(org), Some(space), Some(format), Some(actor)) =
        (args.org, args.space, args.format, args.actor)
    else {
        return org_archive::import(settings, &args.file);
    };
    let target = Target { org, space, format };
    let pool = settings.open_database()?;
    let mut conn = pool.get()?;
    let (org, space) = find_space(&mut conn, &target)?;
    let actor_id = members::login_credentials(&mut conn, &actor)?
        .map(|(id, _)| id)
        .ok_or_else(|| anyhow!("there is no account {actor:?}"))?;
    let access = members::active_access(&mut conn, actor_id.into(), org.into())?
        .ok_or_else(|| anyhow!("{actor} is not an active member of {}", target.org))?;
    if !access.role.can(Action::EditAnyItem) {
        bail!("{actor} is a {} and may not edit every item", access.role);
    }
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let limits = Limits::for_rows(MAX_IMPORT_ROWS);
    let rows =
        spreadsheet::read(target.format.into(), &bytes, limits).map_err(|e| anyhow!("{e}"))?;
    let report = exchange::import(
        &mut conn,
        org.into(),
        actor_id.into(),
        space.id.into(),
        &rows,
        args.dry_run,
    )?;
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
