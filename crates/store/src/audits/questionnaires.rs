//! Audit questionnaires: one row per audit (an activity of the audit programme) holding the
//! questions and audience (JSON, replaced whole at `row_version`) and where it stands — draft,
//! open (sent; the questions are frozen) or closed. Answers, submissions and the findings raised
//! from answers are in `questionnaire_responses`.
//!
//! Rules a request breaks come back as `StoreError::Invalid`, messages per field, so the API can
//! answer a validation problem naming each field.

use crate::audits::PROGRAMME;
use crate::clock::{now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::notifications::{self, Notice};
use crate::events::{self, Change};
use crate::packs::audiences::{self, people};
use crate::schema::{
    items, questionnaire_answers, questionnaire_submissions, questionnaires, soa_entries, spaces,
};
use crate::versioned;
use annex_domain::audits::questionnaires::{
    FieldErrors, Question, Questionnaire, QuestionnaireDefinition, QuestionnaireProgress,
    QuestionnaireState, is_conforming, questions_of,
};
use annex_domain::events::notifications::NotificationKind;
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::packs::policy_packs::Audience;
use annex_domain::work::items::label;
use annex_domain::{OrgId, UserId};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use serde_json::json;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The audit's "number - title" if `id` is a live activity of the organisation's audit
/// programme; not found otherwise.
pub(crate) fn audit_label(conn: &mut DbConnection, org_id: OrgId, id: Uuid) -> StoreResult<String> {
    let (number, title): (i64, String) = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq(id.to_string()))
        .filter(items::kind.eq("activity"))
        .filter(items::archived_at.is_null())
        .filter(spaces::template_key.eq(PROGRAMME))
        .filter(spaces::archived_at.is_null())
        .select((items::number, items::title))
        .first(conn)?;
    Ok(label(number, &title))
}

/// A questionnaire's stored row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub audit_id: Uuid,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
    pub audience: Audience,
    pub state: QuestionnaireState,
    pub closes_on: Option<NaiveDate>,
    pub sent_at: Option<NaiveDateTime>,
    pub closed_at: Option<NaiveDateTime>,
    pub row_version: i64,
}

type RowTuple = (
    String,
    String,
    String,
    String,
    String,
    String,
    Option<NaiveDate>,
    Option<NaiveDateTime>,
    Option<NaiveDateTime>,
    i64,
);

macro_rules! row_columns {
    () => {
        (
            questionnaires::audit_id,
            questionnaires::title,
            questionnaires::intro,
            questionnaires::questions_json,
            questionnaires::audience_json,
            questionnaires::state,
            questionnaires::closes_on,
            questionnaires::sent_at,
            questionnaires::closed_at,
            questionnaires::row_version,
        )
    };
}

fn parse<T: serde::de::DeserializeOwned>(json: &str) -> StoreResult<T> {
    serde_json::from_str(json)
        .map_err(|e| StoreError::Config(format!("a stored questionnaire is unreadable: {e}")))
}

fn to_json(value: &impl serde::Serialize) -> StoreResult<String> {
    serde_json::to_string(value).map_err(|e| StoreError::Config(e.to_string()))
}

fn row_of(t: RowTuple) -> StoreResult<Row> {
    Ok(Row {
        audit_id: uuid(&t.0)?,
        title: t.1,
        intro: t.2,
        questions: parse(&t.3)?,
        audience: parse(&t.4)?,
        state: QuestionnaireState::parse(&t.5),
        closes_on: t.6,
        sent_at: t.7,
        closed_at: t.8,
        row_version: t.9,
    })
}

/// The questionnaire of an audit; not found when the audit has none (or is not an audit).
pub(crate) fn row(conn: &mut DbConnection, org_id: OrgId, audit_id: Uuid) -> StoreResult<Row> {
    let found: RowTuple = questionnaires::table
        .filter(questionnaires::org_id.eq(org_id))
        .filter(questionnaires::audit_id.eq(audit_id.to_string()))
        .select(row_columns!())
        .first(conn)?;
    row_of(found)
}

/// The organisation's questionnaires in `states`.
pub(crate) fn rows(
    conn: &mut DbConnection,
    org_id: OrgId,
    states: &[QuestionnaireState],
) -> StoreResult<Vec<Row>> {
    let keys: Vec<&str> = states.iter().map(|s| s.key()).collect();
    questionnaires::table
        .filter(questionnaires::org_id.eq(org_id))
        .filter(questionnaires::state.eq_any(keys))
        .order(questionnaires::created_at)
        .select(row_columns!())
        .load::<RowTuple>(conn)?
        .into_iter()
        .map(row_of)
        .collect()
}

/// The audience as given, checked: its people must be members and its groups the organisation's.
fn check_audience(
    conn: &mut DbConnection,
    org_id: OrgId,
    audience: &Audience,
    errors: &mut FieldErrors,
) -> StoreResult<()> {
    for (field, message) in audiences::problems(conn, org_id, audience)? {
        errors.entry(field.into()).or_default().push(message.into());
    }
    Ok(())
}

/// The definition as given, checked whole: the questions (by the domain's rules), their controls
/// (SoA controls of the organisation) and the audience.
fn checked(
    conn: &mut DbConnection,
    org_id: OrgId,
    def: &QuestionnaireDefinition,
    existing: &[Uuid],
) -> StoreResult<Vec<Question>> {
    let mut errors = FieldErrors::new();
    let questions = match questions_of(&def.questions, existing, crate::clock::new_id) {
        Ok(q) => q,
        Err(e) => {
            errors = e;
            Vec::new()
        }
    };
    let wanted: Vec<String> = def
        .questions
        .iter()
        .flat_map(|q| q.controls.iter().map(Uuid::to_string))
        .collect();
    let controls: HashSet<String> = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::item_id.eq_any(&wanted))
        .select(soa_entries::item_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    for (n, q) in def.questions.iter().enumerate() {
        if q.controls
            .iter()
            .any(|c| !controls.contains(&c.to_string()))
        {
            errors
                .entry(format!("questions[{n}].controls"))
                .or_default()
                .push("not a control of the organisation's SoA".into());
        }
    }
    check_audience(conn, org_id, &def.audience, &mut errors)?;
    if def.title.trim().is_empty() {
        errors
            .entry("title".into())
            .or_default()
            .push("must be 1 to 300 characters".into());
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(StoreError::fields(errors))
    }
}

/// Answer counts: people who submitted, people with answers, and submitted non-conforming answers.
struct Tally {
    submitted: HashSet<String>,
    answered: HashSet<String>,
    non_conforming: i64,
}

fn tally(conn: &mut DbConnection, org_id: OrgId, row: &Row) -> StoreResult<Tally> {
    let (org, audit) = (org_id.to_string(), row.audit_id.to_string());
    let submitted: HashSet<String> = questionnaire_submissions::table
        .filter(questionnaire_submissions::org_id.eq(&org))
        .filter(questionnaire_submissions::audit_id.eq(&audit))
        .select(questionnaire_submissions::user_id)
        .load::<String>(conn)?
        .into_iter()
        .collect();
    let answers: Vec<(String, String, String)> = questionnaire_answers::table
        .filter(questionnaire_answers::org_id.eq(&org))
        .filter(questionnaire_answers::audit_id.eq(&audit))
        .select((
            questionnaire_answers::user_id,
            questionnaire_answers::question_id,
            questionnaire_answers::value,
        ))
        .load(conn)?;
    let questions: HashMap<String, &Question> = row
        .questions
        .iter()
        .map(|q| (q.id.to_string(), q))
        .collect();
    let non_conforming = answers
        .iter()
        .filter(|(user, question, value)| {
            submitted.contains(user)
                && questions
                    .get(question)
                    .is_some_and(|q| is_conforming(q, value) == Some(false))
        })
        .count() as i64;
    Ok(Tally {
        submitted,
        answered: answers.into_iter().map(|a| a.0).collect(),
        non_conforming,
    })
}

/// A questionnaire with the audience's progress.
fn assemble(conn: &mut DbConnection, org_id: OrgId, row: Row) -> StoreResult<Questionnaire> {
    let audit_label = audit_label(conn, org_id, row.audit_id)?;
    let progress = if row.state == QuestionnaireState::Draft {
        QuestionnaireProgress::default()
    } else {
        let asked: Vec<String> = people(conn, org_id)?
            .asked(&row.audience)
            .iter()
            .map(Uuid::to_string)
            .collect();
        let t = tally(conn, org_id, &row)?;
        let submitted = asked.iter().filter(|p| t.submitted.contains(*p)).count();
        let in_progress = asked
            .iter()
            .filter(|p| t.answered.contains(*p) && !t.submitted.contains(*p))
            .count();
        QuestionnaireProgress::new(
            asked.len() as i64,
            submitted as i64,
            in_progress as i64,
            t.non_conforming,
        )
    };
    Ok(Questionnaire {
        audit_id: row.audit_id,
        audit_label,
        title: row.title,
        intro: row.intro,
        questions: row.questions,
        audience: row.audience,
        state: row.state,
        closes_on: row.closes_on,
        sent_at: row.sent_at.map(utc),
        closed_at: row.closed_at.map(utc),
        progress,
        row_version: row.row_version,
    })
}

/// The questionnaire of an audit with its audience's progress.
pub fn get(conn: &mut DbConnection, org_id: OrgId, audit_id: Uuid) -> StoreResult<Questionnaire> {
    audit_label(conn, org_id, audit_id)?;
    let row = row(conn, org_id, audit_id)?;
    assemble(conn, org_id, row)
}

fn record(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    q: &Questionnaire,
    action: Verb,
) -> StoreResult<()> {
    events::record(
        conn,
        Change::new(org_id, Some(actor), SubjectKind::Item, q.audit_id, action).after(&json!({
            "title": q.title,
            "state": q.state,
            "questions": q.questions.len(),
            "audience": q.progress.audience,
        })),
    )
}

/// Gives an audit its questionnaire, as a draft (409 when it has one already).
pub fn create(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    def: &QuestionnaireDefinition,
) -> StoreResult<Questionnaire> {
    audit_label(conn, org_id, audit_id)?;
    let exists: i64 = questionnaires::table
        .filter(questionnaires::audit_id.eq(audit_id.to_string()))
        .count()
        .get_result(conn)?;
    if exists > 0 {
        return Err(StoreError::Conflict(
            "the audit has a questionnaire already: change that one".into(),
        ));
    }
    let questions = checked(conn, org_id, def, &[])?;
    let at = now();
    diesel::insert_into(questionnaires::table)
        .values((
            questionnaires::audit_id.eq(audit_id.to_string()),
            questionnaires::org_id.eq(org_id),
            questionnaires::title.eq(def.title.trim()),
            questionnaires::intro.eq(&def.intro),
            questionnaires::questions_json.eq(to_json(&questions)?),
            questionnaires::audience_json.eq(to_json(&def.audience)?),
            questionnaires::state.eq(QuestionnaireState::Draft.key()),
            questionnaires::closes_on.eq(def.closes_on),
            questionnaires::created_by.eq(Some(actor)),
            questionnaires::created_at.eq(at),
            questionnaires::row_version.eq(1_i64),
            questionnaires::updated_at.eq(at),
        ))
        .execute(conn)?;
    let q = get(conn, org_id, audit_id)?;
    record(conn, org_id, actor, &q, Verb::QuestionnaireCreated)?;
    Ok(q)
}

fn stale_unless(row: &Row, expected: i64) -> StoreResult<()> {
    if row.row_version != expected {
        return Err(StoreError::Stale {
            expected,
            current: row.row_version,
        });
    }
    Ok(())
}

/// Writes the row's definition and state at `expected`, bumping its version.
fn write(conn: &mut DbConnection, row: &Row, expected: i64) -> StoreResult<()> {
    versioned::bump!(
        conn,
        update: questionnaires::table.filter(questionnaires::audit_id.eq(row.audit_id.to_string())),
        version: questionnaires::row_version,
        expected: expected,
        set: (
            questionnaires::title.eq(&row.title),
            questionnaires::intro.eq(&row.intro),
            questionnaires::questions_json.eq(to_json(&row.questions)?),
            questionnaires::audience_json.eq(to_json(&row.audience)?),
            questionnaires::state.eq(row.state.key()),
            questionnaires::closes_on.eq(row.closes_on),
            questionnaires::sent_at.eq(row.sent_at),
            questionnaires::closed_at.eq(row.closed_at),
            questionnaires::updated_at.eq(now()),
        ),
        // The row was read at `expected` in this transaction: another writer moved it on.
        current: || Ok(expected + 1),
    )
}

/// Replaces the definition at `expected`. Once sent the questions are frozen (409 when they
/// differ) while the title, introduction, audience and closing date may still change; a closed
/// questionnaire changes no more.
pub fn update(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    expected: i64,
    def: &QuestionnaireDefinition,
) -> StoreResult<Questionnaire> {
    audit_label(conn, org_id, audit_id)?;
    let mut row = row(conn, org_id, audit_id)?;
    stale_unless(&row, expected)?;
    match row.state {
        QuestionnaireState::Closed => {
            return Err(StoreError::Conflict(
                "the questionnaire is closed; it changes no more".into(),
            ));
        }
        QuestionnaireState::Open => {
            let own: Vec<Uuid> = row.questions.iter().map(|q| q.id).collect();
            let same =
                questions_of(&def.questions, &own, Uuid::nil).is_ok_and(|q| q == row.questions);
            if !same {
                return Err(StoreError::Conflict(
                    "the questionnaire was sent: its questions are frozen".into(),
                ));
            }
        }
        QuestionnaireState::Draft => {}
    }
    let own: Vec<Uuid> = row.questions.iter().map(|q| q.id).collect();
    row.questions = checked(conn, org_id, def, &own)?;
    row.title = def.title.trim().to_owned();
    row.intro = def.intro.clone();
    row.audience = def.audience.clone();
    row.closes_on = def.closes_on;
    write(conn, &row, expected)?;
    let q = get(conn, org_id, audit_id)?;
    record(conn, org_id, actor, &q, Verb::QuestionnaireChanged)?;
    Ok(q)
}

/// Deletes a draft questionnaire at `expected` (409 once sent: its responses are evidence).
pub fn delete(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    expected: i64,
) -> StoreResult<()> {
    let q = get(conn, org_id, audit_id)?;
    if q.row_version != expected {
        return Err(StoreError::Stale {
            expected,
            current: q.row_version,
        });
    }
    if q.state != QuestionnaireState::Draft {
        return Err(StoreError::Conflict(
            "only a draft questionnaire can be deleted; close it instead".into(),
        ));
    }
    diesel::delete(
        questionnaires::table
            .filter(questionnaires::audit_id.eq(audit_id.to_string()))
            .filter(questionnaires::row_version.eq(expected)),
    )
    .execute(conn)?;
    record(conn, org_id, actor, &q, Verb::QuestionnaireDeleted)
}

/// Sends a draft at `expected`: the questions freeze and everyone in the audience (but the
/// sender) is notified. It needs questions and an audience, and a closing date not past (422).
pub fn send(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    expected: i64,
) -> StoreResult<Questionnaire> {
    audit_label(conn, org_id, audit_id)?;
    let mut row = row(conn, org_id, audit_id)?;
    stale_unless(&row, expected)?;
    if row.state != QuestionnaireState::Draft {
        return Err(StoreError::Conflict(
            "the questionnaire was sent already".into(),
        ));
    }
    let mut errors = FieldErrors::new();
    if row.questions.is_empty() {
        errors
            .entry("questions".into())
            .or_default()
            .push("add the questions before sending".into());
    }
    if row.audience.is_empty() {
        errors
            .entry("audience".into())
            .or_default()
            .push("say who is asked before sending".into());
    }
    if row
        .closes_on
        .is_some_and(|d| d < chrono::Utc::now().date_naive())
    {
        errors
            .entry("closes_on".into())
            .or_default()
            .push("is in the past".into());
    }
    if !errors.is_empty() {
        return Err(StoreError::fields(errors));
    }
    row.state = QuestionnaireState::Open;
    row.sent_at = Some(now());
    write(conn, &row, expected)?;
    diesel::update(questionnaires::table.filter(questionnaires::audit_id.eq(audit_id.to_string())))
        .set(questionnaires::sent_by.eq(Some(actor)))
        .execute(conn)?;
    let asked: Vec<Uuid> = people(conn, org_id)?
        .asked(&row.audience)
        .into_iter()
        .collect();
    notifications::notify(
        conn,
        org_id,
        Some(actor),
        &asked,
        Notice {
            kind: NotificationKind::QuestionnaireSent,
            item_id: audit_id.into(),
            subject: &row.title,
        },
    )?;
    let q = get(conn, org_id, audit_id)?;
    record(conn, org_id, actor, &q, Verb::QuestionnaireSent)?;
    Ok(q)
}

/// Closes an open questionnaire at `expected`: no more answers; the responses stay.
pub fn close(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    expected: i64,
) -> StoreResult<Questionnaire> {
    audit_label(conn, org_id, audit_id)?;
    let mut row = row(conn, org_id, audit_id)?;
    stale_unless(&row, expected)?;
    if row.state != QuestionnaireState::Open {
        return Err(StoreError::Conflict(
            "only an open questionnaire can be closed".into(),
        ));
    }
    row.state = QuestionnaireState::Closed;
    row.closed_at = Some(now());
    write(conn, &row, expected)?;
    let q = get(conn, org_id, audit_id)?;
    record(conn, org_id, actor, &q, Verb::QuestionnaireClosed)?;
    Ok(q)
}

/// Notifies everyone asked who has not submitted; answers how many were reached.
pub fn nudge(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
) -> StoreResult<i64> {
    audit_label(conn, org_id, audit_id)?;
    let row = row(conn, org_id, audit_id)?;
    if row.state != QuestionnaireState::Open {
        return Err(StoreError::Conflict(
            "only an open questionnaire's audience can be nudged".into(),
        ));
    }
    let done = tally(conn, org_id, &row)?.submitted;
    let outstanding: Vec<Uuid> = people(conn, org_id)?
        .asked(&row.audience)
        .into_iter()
        .filter(|p| !done.contains(&p.to_string()))
        .collect();
    let notified = notifications::notify(
        conn,
        org_id,
        Some(actor),
        &outstanding,
        Notice {
            kind: NotificationKind::QuestionnaireNudge,
            item_id: audit_id.into(),
            subject: &row.title,
        },
    )?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(actor),
            SubjectKind::Item,
            audit_id,
            Verb::QuestionnaireNudged,
        )
        .notified(notified),
    )?;
    Ok(notified)
}
