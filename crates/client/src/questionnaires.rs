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

impl Client {
    /// The questionnaire of an audit with its audience's progress.
    pub async fn questionnaire(&self, audit: Uuid) -> Result<Questionnaire, ApiError> {
        self.call(Method::GET, &path(audit, "")).fetch().await
    }

    /// Gives an audit its questionnaire, as a draft.
    pub async fn create_questionnaire(
        &self,
        audit: Uuid,
        req: &QuestionnaireDefinition,
    ) -> Result<Questionnaire, ApiError> {
        self.call(Method::POST, &path(audit, ""))
            .json(req)
            .fetch()
            .await
    }

    /// Replaces the questionnaire's definition, at `row_version`.
    pub async fn update_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
        req: &QuestionnaireDefinition,
    ) -> Result<Questionnaire, ApiError> {
        self.call(Method::PUT, &path(audit, ""))
            .if_match(row_version)
            .json(req)
            .fetch()
            .await
    }

    /// Deletes a draft questionnaire.
    pub async fn delete_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<(), ApiError> {
        self.call(Method::DELETE, &path(audit, ""))
            .if_match(row_version)
            .fetch_nothing()
            .await
    }

    /// Sends the draft to its audience.
    pub async fn send_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<Questionnaire, ApiError> {
        self.call(Method::POST, &path(audit, "/send"))
            .if_match(row_version)
            .fetch()
            .await
    }

    /// Closes the questionnaire: no more answers.
    pub async fn close_questionnaire(
        &self,
        audit: Uuid,
        row_version: i64,
    ) -> Result<Questionnaire, ApiError> {
        self.call(Method::POST, &path(audit, "/close"))
            .if_match(row_version)
            .fetch()
            .await
    }

    /// Notifies everyone asked who has not submitted.
    pub async fn nudge_questionnaire(&self, audit: Uuid) -> Result<Nudged, ApiError> {
        self.call(Method::POST, &path(audit, "/nudge"))
            .fetch()
            .await
    }

    /// Every response, by name.
    pub async fn questionnaire_responses(
        &self,
        audit: Uuid,
    ) -> Result<Vec<QuestionnaireResponse>, ApiError> {
        self.call(Method::GET, &path(audit, "/responses"))
            .fetch()
            .await
    }

    /// The responses as a file.
    pub async fn export_questionnaire_responses(
        &self,
        audit: Uuid,
        format: ExchangeFormat,
    ) -> Result<Vec<u8>, ApiError> {
        self.call(Method::GET, &path(audit, "/responses/export"))
            .query(&Export { format })
            .fetch_bytes()
            .await
    }

    /// Raises a finding from a person's non-conforming answer: the corrective action it became.
    pub async fn raise_answer_finding(
        &self,
        audit: Uuid,
        req: &RaiseAnswerFinding,
    ) -> Result<Item, ApiError> {
        self.call(Method::POST, &path(audit, "/findings"))
            .json(req)
            .fetch()
            .await
    }

    /// The questionnaires asked of the caller.
    pub async fn my_questionnaires(&self) -> Result<Vec<MyQuestionnaire>, ApiError> {
        self.call(Method::GET, "/api/v1/me/questionnaires")
            .fetch()
            .await
    }

    /// One questionnaire asked of the caller.
    pub async fn my_questionnaire(&self, audit: Uuid) -> Result<MyQuestionnaire, ApiError> {
        self.call(Method::GET, &format!("/api/v1/me/questionnaires/{audit}"))
            .fetch()
            .await
    }

    /// Saves some of the caller's answers.
    pub async fn save_my_answers(
        &self,
        audit: Uuid,
        answers: Vec<AnswerInput>,
    ) -> Result<MyQuestionnaire, ApiError> {
        self.call(
            Method::PUT,
            &format!("/api/v1/me/questionnaires/{audit}/answers"),
        )
        .json(&SaveAnswers { answers })
        .fetch()
        .await
    }

    /// Submits the caller's answers.
    pub async fn submit_my_answers(&self, audit: Uuid) -> Result<MyQuestionnaire, ApiError> {
        self.call(
            Method::POST,
            &format!("/api/v1/me/questionnaires/{audit}/submit"),
        )
        .fetch()
        .await
    }
}
