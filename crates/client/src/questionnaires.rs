//! Audit questionnaires: preparing, sending and closing an audit's questionnaire, reading its
//! responses and raising findings from them, and answering one's own.

use crate::client::Client;
use crate::error::ApiError;
use annex_domain::audits::questionnaires::{
    AnswerInput, MyQuestionnaire, Questionnaire, QuestionnaireDefinition, QuestionnaireResponse,
    RaiseAnswerFinding, SaveAnswers,
};
use annex_domain::packs::policy_packs::Nudged;
use annex_domain::work::exchange::ExchangeFormat;
use annex_domain::work::items::Item;
use reqwest::Method;
use serde::Serialize;
use uuid::Uuid;

#[derive(Serialize)]
struct Export {
    format: ExchangeFormat,
}

fn path(audit: Uuid, rest: &str) -> String {
    format!("/api/v1/audits/{audit}/questionnaire{rest}")
}

/// The path of one questionnaire asked of the caller, followed by `rest`.
fn my_path(audit: Uuid, rest: &str) -> String {
    format!("/api/v1/me/questionnaires/{audit}{rest}")
}

impl Client {
    /// The questionnaire of an audit with its audience's progress.
    pub async fn questionnaire(&self, audit: Uuid) -> Result<Questionnaire, ApiError> {
        self.get(&path(audit, "")).await
    }

    /// Gives an audit its questionnaire, as a draft.
    pub async fn create_questionnaire(
        &self,
        audit: Uuid,
        req: &QuestionnaireDefinition,
    ) -> Result<Questionnaire, ApiError> {
        self.send_json(Method::POST, &path(audit, ""), req).await
    }

    /// Replaces the questionnaire's definition, at `row_version`.
    pub async fn update_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
        req: &QuestionnaireDefinition,
    ) -> Result<Questionnaire, ApiError> {
        self.send_json_at(Method::PUT, &path(audit, ""), row_version, req)
            .await
    }

    /// Deletes a draft questionnaire.
    pub async fn delete_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<(), ApiError> {
        self.delete_at(&path(audit, ""), row_version).await
    }

    /// Sends the draft to its audience.
    pub async fn send_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<Questionnaire, ApiError> {
        self.send_at(Method::POST, &path(audit, "/send"), row_version)
            .await
    }

    /// Closes the questionnaire: no more answers.
    pub async fn close_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<Questionnaire, ApiError> {
        self.send_at(Method::POST, &path(audit, "/close"), row_version)
            .await
    }

    /// Notifies everyone asked who has not submitted.
    pub async fn nudge_questionnaire(&self, audit: Uuid) -> Result<Nudged, ApiError> {
        self.send(Method::POST, &path(audit, "/nudge")).await
    }

    /// Every response, by name.
    pub async fn questionnaire_responses(
        &self,
        audit: Uuid,
    ) -> Result<Vec<QuestionnaireResponse>, ApiError> {
        self.get(&path(audit, "/responses")).await
    }

    /// The responses as a file.
    pub async fn export_questionnaire_responses(
        &self,
        audit: Uuid,
        format: ExchangeFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.get_file(&path(audit, "/responses/export"), &Export { format })
            .await
    }

    /// Raises a finding from a person's non-conforming answer: the corrective action it became.
    pub async fn raise_answer_finding(
        &self,
        audit: Uuid,
        req: &RaiseAnswerFinding,
    ) -> Result<Item, ApiError> {
        self.send_json(Method::POST, &path(audit, "/findings"), req)
            .await
    }

    /// The questionnaires asked of the caller.
    pub async fn my_questionnaires(&self) -> Result<Vec<MyQuestionnaire>, ApiError> {
        self.get("/api/v1/me/questionnaires").await
    }

    /// One questionnaire asked of the caller.
    pub async fn my_questionnaire(&self, audit: Uuid) -> Result<MyQuestionnaire, ApiError> {
        self.get(&my_path(audit, "")).await
    }

    /// Saves some of the caller's answers.
    pub async fn save_my_answers(
        &self,
        audit: Uuid,
        answers: Vec<AnswerInput>,
    ) -> Result<MyQuestionnaire, ApiError> {
        self.send_json(
            Method::PUT,
            &my_path(audit, "/answers"),
            &SaveAnswers { answers },
        )
        .await
    }

    /// Submits the caller's answers.
    pub async fn submit_my_answers(&self, audit: Uuid) -> Result<MyQuestionnaire, ApiError> {
        self.send(Method::POST, &my_path(audit, "/submit")).await
    }
}
