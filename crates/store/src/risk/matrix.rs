//! The organisation's risk matrix: the default 5 × 5 until someone changes it, then the stored one,
//! replaced whole at a version like any record.

use crate::clock::now;
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::schema::{risk_matrices, risk_readings};
use crate::versioned;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::risk::{MatrixSettings, RiskMatrix};
use annex_domain::{OrgId, UserId};
use diesel::prelude::*;

/// The matrix in force, with its version (0: the default, never stored).
pub fn get(conn: &mut DbConnection, org_id: OrgId) -> StoreResult<MatrixSettings> {
    let row: Option<(String, i64)> = risk_matrices::table
        .find(org_id)
        .select((risk_matrices::matrix_json, risk_matrices::version))
        .first(conn)
        .optional()?;
    match row {
        None => Ok(MatrixSettings {
            matrix: RiskMatrix::default(),
            version: 0,
        }),
        Some((json, version)) => {
            let matrix = serde_json::from_str(&json).map_err(|e| {
                StoreError::Config(format!("the stored risk matrix is unreadable: {e}"))
            })?;
            Ok(MatrixSettings { matrix, version })
        }
    }
}

/// Replaces the matrix at `expected` version (0 replaces the default); a broken matrix is an error
/// naming the field (422). Recorded with the matrix before and after.
pub fn replace(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    expected: i64,
    matrix: &RiskMatrix,
) -> StoreResult<MatrixSettings> {
    matrix
        .validate()
        .map_err(|e| StoreError::field(e.field(), e.message()))?;
    let before = get(conn, org_id)?;
    if before.version != expected {
        return Err(StoreError::Stale {
            expected,
            current: before.version,
        });
    }
    keeps_levels_in_use(conn, org_id, matrix)?;
    let json = serde_json::to_string(matrix).map_err(|e| StoreError::Config(e.to_string()))?;
    if expected == 0 {
        diesel::insert_into(risk_matrices::table)
            .values((
                risk_matrices::org_id.eq(org_id),
                risk_matrices::matrix_json.eq(&json),
                risk_matrices::version.eq(1_i64),
                risk_matrices::updated_by.eq(Some(actor)),
                risk_matrices::updated_at.eq(now()),
            ))
            .execute(conn)
            // Someone else stored the first matrix meanwhile.
            .map_err(|e| match StoreError::from(e) {
                StoreError::Conflict(_) => StoreError::Stale {
                    expected,
                    current: 1,
                },
                other => other,
            })?;
    } else {
        versioned::bump!(
            conn,
            update: risk_matrices::table.filter(risk_matrices::org_id.eq(org_id)),
            version: risk_matrices::version,
            expected: expected,
            set: (
                risk_matrices::matrix_json.eq(&json),
                risk_matrices::updated_by.eq(Some(actor)),
                risk_matrices::updated_at.eq(now()),
            ),
            current: || Ok(get(conn, org_id)?.version),
        )?;
    }
    let after = get(conn, org_id)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::RiskMatrix,
            org_id,
            Verb::Updated,
        )
        .before(&before.matrix)
        .after(&after.matrix),
    )?;
    Ok(after)
}

/// Refuses (409) a matrix whose scales no longer reach the levels recorded readings use: those
/// readings would fall off the map. Labels, scoring, bands and appetite may change freely.
fn keeps_levels_in_use(
    conn: &mut DbConnection,
    org_id: OrgId,
    matrix: &RiskMatrix,
) -> StoreResult<()> {
    use diesel::dsl::max;
    type Highest = (
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
        Option<i32>,
    );
    let (likelihood, impact, c, i, a): Highest = risk_readings::table
        .filter(risk_readings::org_id.eq(org_id))
        .select((
            max(risk_readings::likelihood),
            max(risk_readings::impact),
            max(risk_readings::confidentiality),
            max(risk_readings::integrity),
            max(risk_readings::availability),
        ))
        .first(conn)?;
    let impact = [impact, c, i, a].into_iter().flatten().max();
    for (field, used, levels) in [
        ("likelihood", likelihood, matrix.likelihood.len()),
        ("impact", impact, matrix.impact.len()),
    ] {
        if let Some(used) = used.filter(|u| usize::try_from(*u).unwrap_or(0) > levels) {
            return Err(StoreError::Conflict(format!(
                "{field}: recorded readings use level {used}; the scale must keep at least {used} levels"
            )));
        }
    }
    Ok(())
}
