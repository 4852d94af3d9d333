//! Spreadsheet export and import of a space (CSV or XLSX).

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::work::exchange::{
    ExchangeFormat, ExportParams, ImportParams, ImportRejected, ImportReport,
};
use reqwest::Method;
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// The status of an import refused for bad rows; its body carries the report.
const REJECTED: u16 = 422;

impl Client {
    /// The space's items as a file: built-in columns, then one column per custom field.
    pub async fn export_space(
        &self,
        id: Uuid,
        format: ExchangeFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.get_file(
            &format!("/api/v1/spaces/{id}/export"),
            &ExportParams { format },
        )
        .await
    }

    /// Imports a file into the space: rows with a number update that item, rows without one
    /// create items. All or nothing: a report with `errors` means nothing was written (the server
    /// answers 422 then, which this returns as the report). `dry_run` checks without writing.
    pub async fn import_space(
        &self,
        id: Uuid,
        format: ExchangeFormat,
        file: Vec<u8>,
        dry_run: bool,
    ) -> Result<ImportReport, ApiError> {
        self.import_file(
            &format!("/api/v1/spaces/{id}/import"),
            format,
            file,
            dry_run,
            |rejected: ImportRejected| rejected.report,
        )
        .await
    }
}

impl Client {
    /// Sends `file` to an import endpoint at `path` and reads its report: a 2xx's body, or the
    /// report inside a 422's `Rejected` body (`report` takes it out); any other answer is an error.
    pub(crate) async fn import_file<R, Rejected>(
        &self,
        path: &str,
        format: ExchangeFormat,
        file: Vec<u8>,
        dry_run: bool,
        report: fn(Rejected) -> R,
    ) -> Result<R, ApiError>
    where
        R: DeserializeOwned,
        Rejected: DeserializeOwned,
    {
        let answer = self
            .call(Method::POST, path)
            .query(&ImportParams { format, dry_run })
            .header("content-type", format.content_type())
            .bytes(file)
            .fetch_raw()
            .await?;
        match answer.status {
            200..=299 => answer.json(),
            REJECTED => match serde_json::from_str::<Rejected>(&answer.body) {
                Ok(rejected) => Ok(report(rejected)),
                Err(_) => Err(ApiError::from_response(answer.status, &answer.body, None)),
            },
            status => Err(ApiError::from_response(status, &answer.body, None)),
        }
    }
}
