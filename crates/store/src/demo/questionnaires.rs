//! The demo organisation's audit questionnaires (`seeds/demo/questionnaires.json`): sent to
//! their audience, with people at every stage of answering and a non-conforming answer already
//! raised as a finding.

use crate::connection::DbConnection;
use crate::error::{StoreError, StoreResult};
use crate::schema::{items, soa_entries, spaces, users};
use crate::{audits::questionnaire_responses, audits::questionnaires};
use annex_domain::OrgId;
use annex_domain::audits::FindingKind;
use annex_domain::audits::questionnaires::{
    AnswerInput, QuestionInput, QuestionKind, QuestionnaireDefinition, RaiseAnswerFinding,
    SaveAnswers,
};
use annex_domain::packs::policy_packs::Audience;
use chrono::{Duration, NaiveDate};
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

const SOURCE: &str = include_str!("../../../../seeds/demo/questionnaires.json");

#[derive(Deserialize)]
struct Seed {
    questionnaires: Vec<QuestionnaireSeed>,
}

#[derive(Deserialize)]
struct QuestionnaireSeed {
    audit: String,
    sender: String,
    title: String,
    intro: String,
    closes_on: Option<String>,
    audience: AudienceSeed,
    questions: Vec<QuestionSeed>,
    responses: Vec<ResponseSeed>,
}

#[derive(Deserialize)]
struct AudienceSeed {
    #[serde(default)]
    everyone: bool,
    #[serde(default)]
    roles: Vec<String>,
}

#[derive(Deserialize)]
struct QuestionSeed {
    text: String,
    kind: QuestionKind,
    #[serde(default)]
    options: Vec<String>,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    conforming: Vec<String>,
    #[serde(default)]
    controls: Vec<String>,
}

#[derive(Deserialize)]
struct ResponseSeed {
    who: String,
    answers: Vec<Option<String>>,
    submit: bool,
    #[serde(default)]
    raise: Vec<RaiseSeed>,
}

#[derive(Deserialize)]
struct RaiseSeed {
    question: usize,
    kind: FindingKind,
    #[serde(default)]
    description: String,
}

fn bad(what: impl std::fmt::Display) -> StoreError {
    StoreError::Config(format!("seeds/demo/questionnaires.json: {what}"))
}

fn person(conn: &mut DbConnection, role: &str) -> StoreResult<Uuid> {
    let id: String = users::table
        .filter(users::email.eq(format!("{role}@demo.example")))
        .select(users::id)
        .first(conn)
        .map_err(|_| bad(format!("no demo account `{role}`")))?;
    crate::clock::uuid(&id)
}

/// `today`, `today+N` or `today-N` days.
fn day(today: NaiveDate, text: &str) -> StoreResult<NaiveDate> {
    let offset = match text.strip_prefix("today") {
        Some("") => 0,
        Some(rest) => rest
            .trim_start_matches('+')
            .parse::<i64>()
            .map_err(|_| bad(format!("bad date `{text}`")))?,
        None => return Err(bad(format!("bad date `{text}`"))),
    };
    Ok(today + Duration::days(offset))
}

fn audit(conn: &mut DbConnection, org_id: OrgId, title: &str) -> StoreResult<Uuid> {
    let id: String = items::table
        .inner_join(spaces::table)
        .filter(items::org_id.eq(org_id))
        .filter(spaces::template_key.eq(crate::audits::PROGRAMME))
        .filter(items::title.eq(title))
        .order(items::number)
        .select(items::id)
        .first(conn)
        .map_err(|_| bad(format!("no audit `{title}`")))?;
    crate::clock::uuid(&id)
}

fn control(conn: &mut DbConnection, org_id: OrgId, reference: &str) -> StoreResult<Uuid> {
    let id: String = soa_entries::table
        .filter(soa_entries::org_id.eq(org_id))
        .filter(soa_entries::reference.eq(reference))
        .select(soa_entries::item_id)
        .first(conn)
        .map_err(|_| bad(format!("no control `{reference}`")))?;
    crate::clock::uuid(&id)
}

/// Loads the demo questionnaires (call inside the demo's write transaction).
pub(crate) fn load(conn: &mut DbConnection, org_id: OrgId, today: NaiveDate) -> StoreResult<()> {
    let seed: Seed = serde_json::from_str(SOURCE).map_err(bad)?;
    for q in seed.questionnaires {
        let audit_id = audit(conn, org_id, &q.audit)?;
        let sender = person(conn, &q.sender)?;
        let mut questions = Vec::with_capacity(q.questions.len());
        for s in &q.questions {
            let mut controls = Vec::new();
            for reference in &s.controls {
                controls.push(control(conn, org_id, reference)?);
            }
            questions.push(QuestionInput {
                id: None,
                text: s.text.clone(),
                kind: s.kind,
                options: s.options.clone(),
                required: s.required,
                conforming: s.conforming.clone(),
                controls,
            });
        }
        let mut users = Vec::new();
        for role in &q.audience.roles {
            users.push(person(conn, role)?);
        }
        let draft = questionnaires::create(
            conn,
            org_id,
            sender.into(),
            audit_id,
            &QuestionnaireDefinition {
                title: q.title.clone(),
                intro: q.intro.clone(),
                questions,
                audience: Audience {
                    everyone: q.audience.everyone,
                    users,
                    groups: Vec::new(),
                },
                closes_on: q.closes_on.as_deref().map(|d| day(today, d)).transpose()?,
            },
        )?;
        let sent = questionnaires::send(conn, org_id, sender.into(), audit_id, draft.row_version)?;
        for response in &q.responses {
            let who = person(conn, &response.who)?;
            let answers: Vec<AnswerInput> = sent
                .questions
                .iter()
                .zip(&response.answers)
                .filter_map(|(question, value)| {
                    value.as_ref().map(|v| AnswerInput {
                        question_id: question.id,
                        value: v.clone(),
                    })
                })
                .collect();
            questionnaire_responses::save_answers(
                conn,
                org_id,
                who.into(),
                audit_id,
                &SaveAnswers { answers },
            )?;
            if response.submit {
                questionnaire_responses::submit(conn, org_id, who.into(), audit_id)?;
            }
            for raise in &response.raise {
                let question = sent
                    .questions
                    .get(raise.question)
                    .ok_or_else(|| bad(format!("no question {}", raise.question)))?;
                questionnaire_responses::raise_finding(
                    conn,
                    org_id,
                    sender.into(),
                    audit_id,
                    &RaiseAnswerFinding {
                        user_id: who,
                        question_id: question.id,
                        kind: raise.kind,
                        title: None,
                        description: Some(raise.description.clone()),
                    },
                )?;
            }
        }
    }
    Ok(())
}
