//! Audit questionnaires (ISO 27001 clause 9.2): a questionnaire audit ("home-working
//! questionnaire", "laptop questionnaire") sends a list of questions to an audience, as a policy
//! pack is sent; each person answers and submits; an answer outside a question's conforming
//! answers is non-conforming and can be raised as a finding of the audit.
//!
//! A questionnaire belongs to one audit (an activity of the audit programme), at most one per
//! audit, and is named by the audit's item id. It is prepared as a draft, sent (its questions are
//! frozen from then on), and closed (no more answers).

use crate::packs::policy_packs::{Audience, percent};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};
use uuid::Uuid;
use validator::Validate;

/// The answers of a yes/no question.
pub const YES: &str = "yes";
/// See [`YES`].
pub const NO: &str = "no";
/// The most questions a questionnaire holds.
pub const MAX_QUESTIONS: usize = 100;
/// The longest free-text answer, in characters.
pub const MAX_ANSWER: usize = 5000;

/// Where a questionnaire is in its life.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionnaireState {
    /// Being prepared: nobody is asked yet.
    #[default]
    Draft,
    /// Sent: the audience answers; the questions are frozen.
    Open,
    /// No more answers; the responses stay.
    Closed,
}

impl QuestionnaireState {
    pub fn key(self) -> &'static str {
        match self {
            QuestionnaireState::Draft => "draft",
            QuestionnaireState::Open => "open",
            QuestionnaireState::Closed => "closed",
        }
    }

    pub fn parse(key: &str) -> QuestionnaireState {
        match key {
            "open" => QuestionnaireState::Open,
            "closed" => QuestionnaireState::Closed,
            _ => QuestionnaireState::Draft,
        }
    }
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    /// `yes` or `no`.
    #[default]
    YesNo,
    /// Free text.
    Text,
    /// One of the question's options.
    Choice,
}

/// A question of a questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Question {
    /// Stable while the question stays in the questionnaire.
    pub id: Uuid,
    pub text: String,
    pub kind: QuestionKind,
    /// The options of a `choice` question (empty for the other kinds).
    pub options: Vec<String>,
    /// The questionnaire cannot be submitted without an answer to it.
    pub required: bool,
    /// The conforming answers of a `yes_no` (`yes`, `no`) or `choice` question; any other answer
    /// is non-conforming. Empty: every answer conforms.
    pub conforming: Vec<String>,
    /// The SoA controls (item ids) a finding raised from its answers concerns.
    pub controls: Vec<Uuid>,
}

/// A question as an editor gives it: `id` keeps an existing question.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionInput {
    #[serde(default)]
    pub id: Option<Uuid>,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub kind: QuestionKind,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub conforming: Vec<String>,
    #[serde(default)]
    pub controls: Vec<Uuid>,
}

impl From<&Question> for QuestionInput {
    fn from(q: &Question) -> QuestionInput {
        QuestionInput {
            id: Some(q.id),
            text: q.text.clone(),
            kind: q.kind,
            options: q.options.clone(),
            required: q.required,
            conforming: q.conforming.clone(),
            controls: q.controls.clone(),
        }
    }
}

/// The whole definition of a questionnaire: what creating one sends, and what a change replaces.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireDefinition {
    #[validate(length(min = 1, max = 300, message = "must be 1 to 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 300))]
    pub title: String,
    /// Shown above the questions (Markdown).
    #[serde(default)]
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub intro: String,
    /// In the order they are asked.
    #[serde(default)]
    #[validate(length(max = 100, message = "must be at most 100 questions"))]
    #[cfg_attr(feature = "openapi", schema(max_items = 100))]
    pub questions: Vec<QuestionInput>,
    #[serde(default)]
    pub audience: Audience,
    /// The date the audience is asked to answer by.
    #[serde(default, deserialize_with = "crate::dates::strict_option")]
    pub closes_on: Option<NaiveDate>,
}

/// Field errors by path (`questions[2].options`), as a validation problem lists them.
pub type FieldErrors = BTreeMap<String, Vec<String>>;

fn add(errors: &mut FieldErrors, field: String, message: &str) {
    errors.entry(field).or_default().push(message.to_owned());
}

/// Checks the questions as given and gives each its id: texts, options and conforming answers
/// that make sense for their kind, no id twice. A given id is kept only when it is one of the
/// questionnaire's own (`existing`); any other question gets `new_id()`, so a client can neither
/// choose ids nor borrow another record's. Options and texts are trimmed; `controls` are checked
/// against the SoA by the store.
pub fn questions_of(
    inputs: &[QuestionInput],
    existing: &[Uuid],
    mut new_id: impl FnMut() -> Uuid,
) -> Result<Vec<Question>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut seen = HashSet::new();
    let mut questions = Vec::with_capacity(inputs.len());
    if inputs.len() > MAX_QUESTIONS {
        add(
            &mut errors,
            "questions".into(),
            "must be at most 100 questions",
        );
    }
    for (n, input) in inputs.iter().enumerate() {
        let at = |field: &str| format!("questions[{n}].{field}");
        let text = input.text.trim().to_owned();
        if text.is_empty() || text.chars().count() > 1000 {
            add(&mut errors, at("text"), "must be 1 to 1000 characters");
        }
        let options: Vec<String> = input.options.iter().map(|o| o.trim().to_owned()).collect();
        let conforming: Vec<String> = input
            .conforming
            .iter()
            .map(|c| c.trim().to_owned())
            .collect();
        let allowed: Vec<String> = match input.kind {
            QuestionKind::YesNo => vec![YES.into(), NO.into()],
            QuestionKind::Choice => options.clone(),
            QuestionKind::Text => Vec::new(),
        };
        match input.kind {
            QuestionKind::Choice => {
                if options.len() < 2 {
                    add(
                        &mut errors,
                        at("options"),
                        "a choice needs at least 2 options",
                    );
                }
                if options
                    .iter()
                    .any(|o| o.is_empty() || o.chars().count() > 200)
                {
                    add(
                        &mut errors,
                        at("options"),
                        "each option must be 1 to 200 characters",
                    );
                }
                let distinct: HashSet<String> = options.iter().map(|o| o.to_lowercase()).collect();
                if distinct.len() != options.len() {
                    add(&mut errors, at("options"), "an option is given twice");
                }
            }
            _ if !options.is_empty() => {
                add(&mut errors, at("options"), "only a choice has options");
            }
            _ => {}
        }
        if input.kind == QuestionKind::Text && !conforming.is_empty() {
            add(
                &mut errors,
                at("conforming"),
                "a free-text answer cannot be checked for conformity",
            );
        } else if let Some(bad) = conforming.iter().find(|c| !allowed.contains(c)) {
            add(
                &mut errors,
                at("conforming"),
                &format!("`{bad}` is not an answer of the question"),
            );
        }
        let id = input
            .id
            .filter(|id| existing.contains(id))
            .unwrap_or_else(&mut new_id);
        if !seen.insert(id) {
            add(&mut errors, at("id"), "given twice");
        }
        let mut controls = Vec::new();
        for c in &input.controls {
            if !controls.contains(c) {
                controls.push(*c);
            }
        }
        let mut unique_conforming = Vec::new();
        for c in conforming {
            if !unique_conforming.contains(&c) {
                unique_conforming.push(c);
            }
        }
        questions.push(Question {
            id,
            text,
            kind: input.kind,
            options: if input.kind == QuestionKind::Choice {
                options
            } else {
                Vec::new()
            },
            required: input.required,
            conforming: unique_conforming,
            controls,
        });
    }
    if errors.is_empty() {
        Ok(questions)
    } else {
        Err(errors)
    }
}

/// Whether `value` is an answer `question` takes: yes/no, one of its options, or text.
pub fn is_answer_of(question: &Question, value: &str) -> bool {
    match question.kind {
        QuestionKind::YesNo => value == YES || value == NO,
        QuestionKind::Choice => question.options.iter().any(|o| o == value),
        QuestionKind::Text => value.chars().count() <= MAX_ANSWER,
    }
}

/// Whether an answer conforms: `None` when the question has no conforming answers (anything
/// goes), otherwise whether the answer is one of them.
pub fn is_conforming(question: &Question, value: &str) -> Option<bool> {
    if question.kind == QuestionKind::Text || question.conforming.is_empty() {
        return None;
    }
    Some(question.conforming.iter().any(|c| c == value))
}

/// The positions of the required questions `answers` (question → value) leaves unanswered.
pub fn missing_required(questions: &[Question], answers: &HashMap<Uuid, String>) -> Vec<usize> {
    questions
        .iter()
        .enumerate()
        .filter(|(_, q)| q.required)
        .filter(|(_, q)| answers.get(&q.id).is_none_or(|v| v.trim().is_empty()))
        .map(|(n, _)| n)
        .collect()
}

/// The submit problem's field errors: one per unanswered required question.
pub fn missing_errors(missing: &[usize]) -> FieldErrors {
    missing
        .iter()
        .map(|n| {
            (
                format!("questions[{n}]"),
                vec!["this question needs an answer".to_owned()],
            )
        })
        .collect()
}

/// How the audience stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireProgress {
    /// People asked.
    pub audience: i64,
    /// People who submitted their answers.
    pub submitted: i64,
    /// People who saved answers without submitting them.
    pub in_progress: i64,
    /// `submitted` as a percentage of `audience` (0 with nobody asked).
    pub submitted_percent: f64,
    /// Non-conforming answers among the submitted ones.
    pub non_conforming: i64,
}

impl QuestionnaireProgress {
    pub fn new(
        audience: i64,
        submitted: i64,
        in_progress: i64,
        non_conforming: i64,
    ) -> QuestionnaireProgress {
        QuestionnaireProgress {
            audience,
            submitted,
            in_progress,
            submitted_percent: percent(submitted.min(audience), audience),
            non_conforming,
        }
    }
}

/// A questionnaire as its editors and readers see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Questionnaire {
    /// The audit's item id, which names the questionnaire.
    pub audit_id: Uuid,
    /// The audit's "number - title".
    pub audit_label: String,
    pub title: String,
    pub intro: String,
    pub questions: Vec<Question>,
    pub audience: Audience,
    pub state: QuestionnaireState,
    pub closes_on: Option<NaiveDate>,
    pub sent_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub progress: QuestionnaireProgress,
    /// For `If-Match` on changes, sending, closing and deleting.
    pub row_version: i64,
}

/// A question as the people asked see it (without its conformity rule or controls).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AskedQuestion {
    pub id: Uuid,
    pub text: String,
    pub kind: QuestionKind,
    pub options: Vec<String>,
    pub required: bool,
}

impl From<&Question> for AskedQuestion {
    fn from(q: &Question) -> AskedQuestion {
        AskedQuestion {
            id: q.id,
            text: q.text.clone(),
            kind: q.kind,
            options: q.options.clone(),
            required: q.required,
        }
    }
}

/// One saved answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Answer {
    pub question_id: Uuid,
    pub value: String,
    pub answered_at: DateTime<Utc>,
}

/// Where a person is with a questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    NotStarted,
    /// Answers saved, not submitted.
    InProgress,
    Submitted,
}

impl Standing {
    pub fn of(answers: usize, submitted: bool) -> Standing {
        match (submitted, answers) {
            (true, _) => Standing::Submitted,
            (false, 0) => Standing::NotStarted,
            (false, _) => Standing::InProgress,
        }
    }

    /// The words for it.
    pub fn label(self) -> &'static str {
        match self {
            Standing::NotStarted => "Not started",
            Standing::InProgress => "In progress",
            Standing::Submitted => "Submitted",
        }
    }
}

/// A questionnaire asked of the caller, with their answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyQuestionnaire {
    pub audit_id: Uuid,
    pub audit_label: String,
    pub title: String,
    pub intro: String,
    pub state: QuestionnaireState,
    pub closes_on: Option<NaiveDate>,
    pub sent_at: Option<DateTime<Utc>>,
    pub questions: Vec<AskedQuestion>,
    pub answers: Vec<Answer>,
    pub standing: Standing,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// An answer to save: an empty `value` clears the question's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AnswerInput {
    pub question_id: Uuid,
    #[serde(default)]
    pub value: String,
}

/// Saves some of the caller's answers (a partial save is fine until submitting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveAnswers {
    pub answers: Vec<AnswerInput>,
}

/// Checks answers to save against the questions: known questions, each once, answers they take.
pub fn check_answers(questions: &[Question], answers: &[AnswerInput]) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut seen = HashSet::new();
    for (n, answer) in answers.iter().enumerate() {
        let Some(question) = questions.iter().find(|q| q.id == answer.question_id) else {
            add(
                &mut errors,
                format!("answers[{n}].question_id"),
                "not a question of this questionnaire",
            );
            continue;
        };
        if !seen.insert(answer.question_id) {
            add(
                &mut errors,
                format!("answers[{n}].question_id"),
                "answered twice",
            );
        }
        let value = answer.value.trim();
        if !value.is_empty() && !is_answer_of(question, value) {
            let message = match question.kind {
                QuestionKind::YesNo => "must be yes or no",
                QuestionKind::Choice => "must be one of the question's options",
                QuestionKind::Text => "must be at most 5000 characters",
            };
            add(&mut errors, format!("answers[{n}].value"), message);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The corrective action a finding became, as a response shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaisedFinding {
    pub item_id: Uuid,
    pub number: i64,
    pub title: String,
}

/// An answer in the responses, with whether it conforms and the finding raised from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResponseAnswer {
    pub question_id: Uuid,
    pub value: String,
    pub answered_at: DateTime<Utc>,
    /// `None`: the question has no conforming answers.
    pub conforming: Option<bool>,
    pub finding: Option<RaisedFinding>,
}

/// One person's response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QuestionnaireResponse {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub standing: Standing,
    pub submitted_at: Option<DateTime<Utc>>,
    /// In the questionnaire's order.
    pub answers: Vec<ResponseAnswer>,
}

/// Raises a finding from a person's non-conforming answer.
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RaiseAnswerFinding {
    pub user_id: Uuid,
    pub question_id: Uuid,
    pub kind: crate::audits::FindingKind,
    /// The corrective action's title; by default the question and the answer.
    #[serde(default)]
    #[validate(length(max = 300, message = "must be at most 300 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 300))]
    pub title: Option<String>,
    /// Added to the quoted question and answer.
    #[serde(default)]
    #[validate(length(max = 20000, message = "must be at most 20000 characters"))]
    #[cfg_attr(feature = "openapi", schema(max_length = 20000))]
    pub description: Option<String>,
}

/// The default title of a finding raised from an answer: the question and the answer, at most
/// 300 characters.
pub fn finding_title(question: &str, value: &str) -> String {
    let whole = format!("{} — answered \"{}\"", question.trim(), value.trim());
    if whole.chars().count() <= 300 {
        return whole;
    }
    let mut cut: String = whole.chars().take(299).collect();
    cut.push('…');
    cut
}

/// The description of a finding raised from an answer: who answered what to which question.
pub fn finding_description(
    questionnaire: &str,
    person: &str,
    question: &str,
    value: &str,
    more: &str,
) -> String {
    let quoted = format!(
        "Questionnaire \"{}\": {person} answered\n\n> {}\n\n**{}**",
        questionnaire.trim(),
        question.trim().replace('\n', "\n> "),
        value.trim()
    );
    if more.trim().is_empty() {
        quoted
    } else {
        format!("{}\n\n{quoted}", more.trim())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yes_no(conforming: &[&str]) -> QuestionInput {
        QuestionInput {
            text: "Is your home Wi-Fi protected by a password?".into(),
            kind: QuestionKind::YesNo,
            required: true,
            conforming: conforming.iter().map(|c| (*c).to_owned()).collect(),
            ..QuestionInput::default()
        }
    }

    fn choice(options: &[&str], conforming: &[&str]) -> QuestionInput {
        QuestionInput {
            text: "How do you dispose of printed papers?".into(),
            kind: QuestionKind::Choice,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            conforming: conforming.iter().map(|c| (*c).to_owned()).collect(),
            ..QuestionInput::default()
        }
    }

    fn ids() -> impl FnMut() -> Uuid {
        let mut n = 0;
        move || {
            n += 1;
            Uuid::from_u128(n)
        }
    }

    #[test]
    fn questions_get_ids_and_keep_given_ones() {
        let kept = Uuid::from_u128(99);
        let mut first = yes_no(&["yes"]);
        first.id = Some(kept);
        let mut foreign = yes_no(&["yes"]);
        foreign.id = Some(Uuid::from_u128(77));
        let q = questions_of(
            &[
                first,
                choice(&[" Shredder ", "Bin"], &["Shredder"]),
                foreign,
            ],
            &[kept],
            ids(),
        )
        .unwrap();
        assert_eq!(q[0].id, kept);
        assert_eq!(q[1].id, Uuid::from_u128(1));
        assert_eq!(
            q[2].id,
            Uuid::from_u128(2),
            "an id not of this questionnaire is not kept"
        );
        assert_eq!(q[1].options, ["Shredder", "Bin"], "options are trimmed");
    }

    #[test]
    fn bad_questions_are_named_by_their_path() {
        let text = QuestionInput {
            text: "Comments".into(),
            kind: QuestionKind::Text,
            conforming: vec!["none".into()],
            ..QuestionInput::default()
        };
        let errors = questions_of(
            &[
                yes_no(&["maybe"]),
                choice(&["Only one"], &[]),
                choice(&["A", "a"], &["B"]),
                text,
                QuestionInput::default(),
            ],
            &[],
            ids(),
        )
        .unwrap_err();
        let fields: Vec<&str> = errors.keys().map(String::as_str).collect();
        assert_eq!(
            fields,
            [
                "questions[0].conforming",
                "questions[1].options",
                "questions[2].conforming",
                "questions[2].options",
                "questions[3].conforming",
                "questions[4].text",
            ]
        );
        let mut twice = yes_no(&[]);
        twice.id = Some(Uuid::from_u128(7));
        let errors =
            questions_of(&[twice.clone(), twice], &[Uuid::from_u128(7)], ids()).unwrap_err();
        assert!(errors.contains_key("questions[1].id"));
    }

    #[test]
    fn conformity_is_the_conforming_set_or_nothing() {
        let q = questions_of(
            &[yes_no(&["yes"]), choice(&["Shredder", "Bin"], &[])],
            &[],
            ids(),
        )
        .unwrap();
        assert_eq!(is_conforming(&q[0], "yes"), Some(true));
        assert_eq!(is_conforming(&q[0], "no"), Some(false));
        assert_eq!(
            is_conforming(&q[1], "Bin"),
            None,
            "no conforming set: anything goes"
        );
        assert!(is_answer_of(&q[1], "Bin") && !is_answer_of(&q[1], "bin"));
        assert!(is_answer_of(&q[0], NO) && !is_answer_of(&q[0], "No way"));
    }

    #[test]
    fn required_questions_left_blank_are_missing() {
        let mut optional = yes_no(&[]);
        optional.required = false;
        let q = questions_of(&[yes_no(&[]), optional, yes_no(&[])], &[], ids()).unwrap();
        let mut answers = HashMap::from([(q[2].id, "  ".to_owned())]);
        assert_eq!(missing_required(&q, &answers), [0, 2]);
        answers.insert(q[0].id, YES.into());
        answers.insert(q[2].id, NO.into());
        assert!(missing_required(&q, &answers).is_empty());
        assert_eq!(
            missing_errors(&[2]).keys().collect::<Vec<_>>(),
            ["questions[2]"]
        );
    }

    #[test]
    fn answers_must_be_answers_of_known_questions() {
        let q = questions_of(
            &[yes_no(&[]), choice(&["Shredder", "Bin"], &[])],
            &[],
            ids(),
        )
        .unwrap();
        let answer = |id: Uuid, value: &str| AnswerInput {
            question_id: id,
            value: value.into(),
        };
        assert!(check_answers(&q, &[answer(q[0].id, "yes"), answer(q[1].id, "")]).is_ok());
        let errors = check_answers(
            &q,
            &[
                answer(q[0].id, "perhaps"),
                answer(Uuid::from_u128(50), "yes"),
                answer(q[1].id, "Fire"),
                answer(q[1].id, "Bin"),
            ],
        )
        .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            [
                "answers[0].value",
                "answers[1].question_id",
                "answers[2].value",
                "answers[3].question_id"
            ]
        );
    }

    #[test]
    fn progress_and_standing() {
        let p = QuestionnaireProgress::new(8, 3, 2, 1);
        assert_eq!(p.submitted_percent, 37.5);
        assert_eq!(
            QuestionnaireProgress::new(0, 0, 0, 0).submitted_percent,
            0.0
        );
        assert_eq!(Standing::of(0, false), Standing::NotStarted);
        assert_eq!(Standing::of(2, false), Standing::InProgress);
        assert_eq!(Standing::of(0, true), Standing::Submitted);
        assert_eq!(
            QuestionnaireState::parse(QuestionnaireState::Closed.key()),
            QuestionnaireState::Closed
        );
    }

    #[test]
    fn a_finding_quotes_the_question_and_the_answer() {
        assert_eq!(
            finding_title("Do you lock your screen?", "no"),
            "Do you lock your screen? — answered \"no\""
        );
        assert_eq!(finding_title(&"x".repeat(400), "no").chars().count(), 300);
        let d = finding_description("Home working", "Ann", "Do you lock\nyour screen?", "no", "");
        assert!(
            d.contains("Ann answered") && d.contains("> your screen?") && d.ends_with("**no**")
        );
        assert!(finding_description("H", "Ann", "Q", "no", "Seen twice").starts_with("Seen twice"));
    }
}
