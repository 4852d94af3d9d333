//! Answering audit questionnaires and reading the answers: each person of the audience saves
//! answers (partial saves are fine) and submits them once every required question is answered;
//! editors read every response with each answer flagged conforming or not, and raise a finding
//! from a non-conforming answer — once.

use crate::audits::questionnaires::{Row, audit_label, row, rows};
use crate::clock::{now, utc, uuid};
use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::events::{self, Change};
use crate::packs::audiences::people;
use crate::schema::{items, questionnaire_answers, questionnaire_submissions, users};
use annex_domain::audits::RaiseFinding;
use annex_domain::audits::questionnaires::{
    Answer, AskedQuestion, MyQuestionnaire, QuestionnaireResponse, QuestionnaireState,
    RaiseAnswerFinding, RaisedFinding, ResponseAnswer, SaveAnswers, Standing, check_answers,
    finding_description, finding_title, is_conforming, missing_errors, missing_required,
};
use annex_domain::events::{SubjectKind, Verb};
use annex_domain::work::items::{Item, label};
use annex_domain::{OrgId, UserId};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use uuid::Uuid;

/// A stored answer: (audit, user, question) → (value, answered at, finding raised from it).
type Stored = HashMap<(String, String, String), (String, NaiveDateTime, Option<String>)>;

/// The answers of `audits`, of one person or of everyone.
fn answers(
    conn: &mut DbConnection,
    org_id: OrgId,
    audits: &[String],
    user: Option<Uuid>,
) -> StoreResult<Stored> {
    let mut query = questionnaire_answers::table
        .filter(questionnaire_answers::org_id.eq(org_id))
        .filter(questionnaire_answers::audit_id.eq_any(audits))
        .into_boxed();
    if let Some(user) = user {
        query = query.filter(questionnaire_answers::user_id.eq(user.to_string()));
    }
    Ok(query
        .select((
            questionnaire_answers::audit_id,
            questionnaire_answers::user_id,
            questionnaire_answers::question_id,
            questionnaire_answers::value,
            questionnaire_answers::answered_at,
            questionnaire_answers::finding_id,
        ))
        .load::<(
            String,
            String,
            String,
            String,
            NaiveDateTime,
            Option<String>,
        )>(conn)?
        .into_iter()
        .map(|(a, u, q, v, at, f)| ((a, u, q), (v, at, f)))
        .collect())
}

/// Submissions of `audits`: (audit, user) → submitted at.
fn submissions(
    conn: &mut DbConnection,
    org_id: OrgId,
    audits: &[String],
    user: Option<Uuid>,
) -> StoreResult<HashMap<(String, String), NaiveDateTime>> {
    let mut query = questionnaire_submissions::table
        .filter(questionnaire_submissions::org_id.eq(org_id))
        .filter(questionnaire_submissions::audit_id.eq_any(audits))
        .into_boxed();
    if let Some(user) = user {
        query = query.filter(questionnaire_submissions::user_id.eq(user.to_string()));
    }
    Ok(query
        .select((
            questionnaire_submissions::audit_id,
            questionnaire_submissions::user_id,
            questionnaire_submissions::submitted_at,
        ))
        .load::<(String, String, NaiveDateTime)>(conn)?
        .into_iter()
        .map(|(a, u, at)| ((a, u), at))
        .collect())
}

/// `user`'s questionnaire as they see it, from its row and their answers.
fn mine_of(
    row: &Row,
    audit_label: String,
    user: &str,
    stored: &Stored,
    submitted: Option<NaiveDateTime>,
) -> MyQuestionnaire {
    let audit = row.audit_id.to_string();
    let answers: Vec<Answer> = row
        .questions
        .iter()
        .filter_map(|q| {
            let (value, at, _) = stored.get(&(audit.clone(), user.to_owned(), q.id.to_string()))?;
            Some(Answer {
                question_id: q.id,
                value: value.clone(),
                answered_at: utc(*at),
            })
        })
        .collect();
    MyQuestionnaire {
        audit_id: row.audit_id,
        audit_label,
        title: row.title.clone(),
        intro: row.intro.clone(),
        state: row.state,
        closes_on: row.closes_on,
        sent_at: row.sent_at.map(utc),
        questions: row.questions.iter().map(AskedQuestion::from).collect(),
        standing: Standing::of(answers.len(), submitted.is_some()),
        answers,
        submitted_at: submitted.map(utc),
    }
}

/// The questionnaires asked of `user`: the open ones whose audience they are in, and the closed
/// ones they answered — a fixed number of queries.
pub fn mine(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
) -> StoreResult<Vec<MyQuestionnaire>> {
    let found = rows(
        conn,
        org_id,
        &[QuestionnaireState::Open, QuestionnaireState::Closed],
    )?;
    let ids: Vec<String> = found.iter().map(|r| r.audit_id.to_string()).collect();
    let labels: HashMap<String, String> = items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq_any(&ids))
        .filter(items::archived_at.is_null())
        .select((items::id, items::number, items::title))
        .load::<(String, i64, String)>(conn)?
        .into_iter()
        .map(|(id, n, t)| (id, label(n, &t)))
        .collect();
    let everyone = people(conn, org_id)?;
    let stored = answers(conn, org_id, &ids, Some(user.into()))?;
    let submitted = submissions(conn, org_id, &ids, Some(user.into()))?;
    let me = user.to_string();
    Ok(found
        .iter()
        .filter_map(|row| {
            let audit = row.audit_id.to_string();
            let audit_label = labels.get(&audit)?.clone();
            let done = submitted.get(&(audit.clone(), me.clone())).copied();
            let answered = done.is_some() || stored.keys().any(|k| k.0 == audit);
            let shown = match row.state {
                QuestionnaireState::Open => {
                    answered || everyone.asked(&row.audience).contains(&user.uuid())
                }
                _ => answered,
            };
            shown.then(|| mine_of(row, audit_label, &me, &stored, done))
        })
        .collect())
}

/// One questionnaire of `user`'s: sent and asked of them (or answered by them); not found otherwise.
pub fn my_questionnaire(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    audit_id: Uuid,
) -> StoreResult<MyQuestionnaire> {
    let audit_label = audit_label(conn, org_id, audit_id)?;
    let row = row(conn, org_id, audit_id)?;
    if row.state == QuestionnaireState::Draft {
        return Err(StoreError::NotFound);
    }
    let ids = [audit_id.to_string()];
    let stored = answers(conn, org_id, &ids, Some(user.into()))?;
    let done = submissions(conn, org_id, &ids, Some(user.into()))?
        .into_values()
        .next();
    let asked = people(conn, org_id)?
        .asked(&row.audience)
        .contains(&user.uuid());
    if !asked && stored.is_empty() && done.is_none() {
        return Err(StoreError::NotFound);
    }
    Ok(mine_of(&row, audit_label, &user.to_string(), &stored, done))
}

/// `user`'s questionnaire if they may still answer it: 409 once closed or submitted.
fn answerable(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    audit_id: Uuid,
) -> StoreResult<(Row, MyQuestionnaire)> {
    let mine = my_questionnaire(conn, org_id, user, audit_id)?;
    if mine.state == QuestionnaireState::Closed {
        return Err(StoreError::Conflict(
            "the questionnaire is closed: it takes no more answers".into(),
        ));
    }
    Ok((row(conn, org_id, audit_id)?, mine))
}

/// Saves some of `user`'s answers (an empty value clears one); 409 once submitted or closed.
pub fn save_answers(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    audit_id: Uuid,
    req: &SaveAnswers,
) -> StoreResult<MyQuestionnaire> {
    let (row, mine) = answerable(conn, org_id, user, audit_id)?;
    if mine.submitted_at.is_some() {
        return Err(StoreError::Conflict(
            "your answers are submitted: they are kept as they are".into(),
        ));
    }
    check_answers(&row.questions, &req.answers).map_err(StoreError::fields)?;
    let (org, audit, who) = (org_id.to_string(), audit_id.to_string(), user.to_string());
    let at = now();
    let mut changed = Vec::new();
    for answer in &req.answers {
        let question = answer.question_id.to_string();
        let value = answer.value.trim();
        let same = mine
            .answers
            .iter()
            .any(|a| a.question_id == answer.question_id && a.value == value);
        if same {
            continue;
        }
        changed.push(answer.question_id);
        let this = questionnaire_answers::table
            .filter(questionnaire_answers::audit_id.eq(&audit))
            .filter(questionnaire_answers::user_id.eq(&who))
            .filter(questionnaire_answers::question_id.eq(&question));
        diesel::delete(this).execute(conn)?;
        if !value.is_empty() {
            diesel::insert_into(questionnaire_answers::table)
                .values((
                    questionnaire_answers::audit_id.eq(&audit),
                    questionnaire_answers::org_id.eq(&org),
                    questionnaire_answers::user_id.eq(&who),
                    questionnaire_answers::question_id.eq(&question),
                    questionnaire_answers::value.eq(value),
                    questionnaire_answers::answered_at.eq(at),
                ))
                .execute(conn)?;
        }
    }
    // The audit trail names who answered which questions, not what they answered: answers may be
    // personal, and the responses screen shows them to those who may read them.
    if !changed.is_empty() {
        events::record(
            conn,
            Change::new(
                org_id,
                Some(user),
                SubjectKind::Item,
                audit_id,
                Verb::QuestionnaireAnswered,
            )
            .after(&json!({ "questions": changed })),
        )?;
    }
    my_questionnaire(conn, org_id, user, audit_id)
}

/// Submits `user`'s answers: every required question must be answered (422 naming each one by
/// `questions[n]`); again is harmless; 409 once closed.
pub fn submit(
    conn: &mut DbConnection,
    org_id: OrgId,
    user: UserId,
    audit_id: Uuid,
) -> StoreResult<MyQuestionnaire> {
    let (row, mine) = answerable(conn, org_id, user, audit_id)?;
    if mine.submitted_at.is_some() {
        return Ok(mine);
    }
    let given: HashMap<Uuid, String> = mine
        .answers
        .iter()
        .map(|a| (a.question_id, a.value.clone()))
        .collect();
    let missing = missing_required(&row.questions, &given);
    if !missing.is_empty() {
        return Err(StoreError::fields(missing_errors(&missing)));
    }
    diesel::insert_into(questionnaire_submissions::table)
        .values((
            questionnaire_submissions::audit_id.eq(audit_id.to_string()),
            questionnaire_submissions::org_id.eq(org_id),
            questionnaire_submissions::user_id.eq(user),
            questionnaire_submissions::submitted_at.eq(now()),
        ))
        .execute(conn)?;
    events::record(
        conn,
        Change::new(
            org_id,
            Some(user),
            SubjectKind::Item,
            audit_id,
            Verb::QuestionnaireSubmitted,
        )
        .after(&json!({ "answers": mine.answers.len() })),
    )?;
    my_questionnaire(conn, org_id, user, audit_id)
}

/// The corrective actions `ids` that still exist: id → (number, title).
fn findings(
    conn: &mut DbConnection,
    org_id: OrgId,
    ids: &[String],
) -> StoreResult<HashMap<String, RaisedFinding>> {
    items::table
        .filter(items::org_id.eq(org_id))
        .filter(items::id.eq_any(ids))
        .select((items::id, items::number, items::title))
        .load::<(String, i64, String)>(conn)?
        .into_iter()
        .map(|(id, number, title)| {
            let item_id = uuid(&id)?;
            Ok((
                id,
                RaisedFinding {
                    item_id,
                    number,
                    title,
                },
            ))
        })
        .collect()
}

/// Every response: the people asked and anyone else who answered, by name, each with where they
/// stand and their answers (flagged conforming or not, with the finding raised from each).
pub fn responses(
    conn: &mut DbConnection,
    org_id: OrgId,
    audit_id: Uuid,
) -> StoreResult<Vec<QuestionnaireResponse>> {
    audit_label(conn, org_id, audit_id)?;
    let row = row(conn, org_id, audit_id)?;
    let ids = [audit_id.to_string()];
    let stored = answers(conn, org_id, &ids, None)?;
    let submitted = submissions(conn, org_id, &ids, None)?;
    let mut who: BTreeSet<String> = if row.state == QuestionnaireState::Draft {
        BTreeSet::new()
    } else {
        people(conn, org_id)?
            .asked(&row.audience)
            .iter()
            .map(Uuid::to_string)
            .collect()
    };
    who.extend(stored.keys().map(|k| k.1.clone()));
    who.extend(submitted.keys().map(|k| k.1.clone()));
    let raised: Vec<String> = stored.values().filter_map(|v| v.2.clone()).collect();
    let raised = findings(conn, org_id, &raised)?;
    let names: Vec<(String, String, String)> = users::table
        .filter(users::id.eq_any(&who))
        .order((users::display_name, users::email))
        .select((users::id, users::display_name, users::email))
        .load(conn)?;
    names
        .into_iter()
        .map(|(user, name, email)| {
            let answers: Vec<ResponseAnswer> = row
                .questions
                .iter()
                .filter_map(|q| {
                    let (value, at, finding) =
                        stored.get(&(ids[0].clone(), user.clone(), q.id.to_string()))?;
                    Some(ResponseAnswer {
                        question_id: q.id,
                        conforming: is_conforming(q, value),
                        value: value.clone(),
                        answered_at: utc(*at),
                        finding: finding.as_ref().and_then(|f| raised.get(f).cloned()),
                    })
                })
                .collect();
            let done = submitted.get(&(ids[0].clone(), user.clone())).copied();
            Ok(QuestionnaireResponse {
                user_id: uuid(&user)?,
                name,
                email,
                standing: Standing::of(answers.len(), done.is_some()),
                submitted_at: done.map(utc),
                answers,
            })
        })
        .collect()
}

/// Raises a finding of the audit from a person's submitted, non-conforming answer: a corrective
/// action (through the audit programme's `raise_finding`) linked to the audit and to the
/// question's controls, quoting the question and the answer; 409 when one was raised already.
pub fn raise_finding(
    conn: &mut DbConnection,
    org_id: OrgId,
    actor: UserId,
    audit_id: Uuid,
    req: &RaiseAnswerFinding,
) -> StoreResult<Item> {
    audit_label(conn, org_id, audit_id)?;
    let row = row(conn, org_id, audit_id)?;
    let Some(question) = row.questions.iter().find(|q| q.id == req.question_id) else {
        return Err(StoreError::field(
            "question_id",
            "not a question of the questionnaire",
        ));
    };
    let (audit, user, q) = (
        audit_id.to_string(),
        req.user_id.to_string(),
        question.id.to_string(),
    );
    let stored: Option<(String, Option<String>)> = questionnaire_answers::table
        .filter(questionnaire_answers::org_id.eq(org_id))
        .filter(questionnaire_answers::audit_id.eq(&audit))
        .filter(questionnaire_answers::user_id.eq(&user))
        .filter(questionnaire_answers::question_id.eq(&q))
        .select((
            questionnaire_answers::value,
            questionnaire_answers::finding_id,
        ))
        .first(conn)
        .optional()?;
    let Some((value, finding)) = stored else {
        return Err(StoreError::field(
            "user_id",
            "the person has not answered this question",
        ));
    };
    let submitted = !submissions(
        conn,
        org_id,
        std::slice::from_ref(&audit),
        Some(req.user_id),
    )?
    .is_empty();
    if !submitted {
        return Err(StoreError::field(
            "user_id",
            "the person has not submitted their answers yet",
        ));
    }
    if is_conforming(question, &value) != Some(false) {
        return Err(StoreError::field(
            "question_id",
            "the answer conforms: there is nothing to raise",
        ));
    }
    // A finding whose corrective action was deleted since may be raised again.
    if let Some(f) = &finding
        && let Some(RaisedFinding { number, .. }) =
            findings(conn, org_id, std::slice::from_ref(f))?.remove(f)
    {
        return Err(StoreError::Conflict(format!(
            "this answer was raised already, as corrective action {number}"
        )));
    }
    let person: String = users::table
        .filter(users::id.eq(&user))
        .select(users::display_name)
        .first(conn)?;
    let title = req
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map_or_else(|| finding_title(&question.text, &value), str::to_owned);
    let description = finding_description(
        &row.title,
        &person,
        &question.text,
        &value,
        req.description.as_deref().unwrap_or_default(),
    );
    let action = crate::audits::raise_finding(
        conn,
        org_id,
        actor,
        audit_id,
        &RaiseFinding {
            kind: req.kind,
            title,
            description,
            controls: question.controls.clone(),
        },
    )?;
    diesel::update(
        questionnaire_answers::table
            .filter(questionnaire_answers::audit_id.eq(&audit))
            .filter(questionnaire_answers::user_id.eq(&user))
            .filter(questionnaire_answers::question_id.eq(&q)),
    )
    .set(questionnaire_answers::finding_id.eq(Some(action.id.to_string())))
    .execute(conn)?;
    Ok(action)
}
