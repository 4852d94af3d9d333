//! Audit questionnaires: a draft on an audit of the programme, refused definitions, sending
//! (which notifies the audience and freezes the questions), answering and submitting (required
//! questions), responses with non-conforming answers flagged, the CSV, raising a finding from an
//! answer once, closing, nudging, a group audience joined later, and who may do what.

use crate::harness::TestApp;
use crate::harness::space_named;
use crate::harness::{id_of, new_group, programme_audit};
use annex_client::ApiError;
use annex_client::domain::audits::FindingKind;
use annex_client::domain::audits::questionnaires::{
    AnswerInput, QuestionInput, QuestionKind, QuestionnaireDefinition, QuestionnaireState,
    RaiseAnswerFinding, Standing,
};
use annex_client::domain::events::notifications::NotificationFilter;
use annex_client::domain::frameworks::soa::SoaFilter;
use annex_client::domain::packs::policy_packs::Audience;
use annex_client::domain::work::exchange::ExchangeFormat;
use annex_client::domain::{PageParams, Role};
use uuid::Uuid;

fn fields(err: &ApiError) -> Vec<String> {
    match err {
        ApiError::Validation { errors, .. } => errors.keys().cloned().collect(),
        other => panic!("not a validation problem: {other:?}"),
    }
}

fn yes_no(text: &str, controls: Vec<Uuid>) -> QuestionInput {
    QuestionInput {
        text: text.into(),
        kind: QuestionKind::YesNo,
        required: true,
        conforming: vec!["yes".into()],
        controls,
        ..QuestionInput::default()
    }
}

fn laptop_questions(control: Uuid) -> Vec<QuestionInput> {
    vec![
        yes_no("Is your laptop's disk encrypted?", vec![control]),
        QuestionInput {
            text: "Where do you leave your laptop overnight?".into(),
            kind: QuestionKind::Choice,
            options: vec![
                "Locked away".into(),
                "On my desk".into(),
                "In the car".into(),
            ],
            required: true,
            conforming: vec!["Locked away".into()],
            ..QuestionInput::default()
        },
        QuestionInput {
            text: "Anything else?".into(),
            kind: QuestionKind::Text,
            ..QuestionInput::default()
        },
    ]
}

fn answer(question_id: Uuid, value: &str) -> AnswerInput {
    AnswerInput {
        question_id,
        value: value.into(),
    }
}

#[tokio::test]
async fn a_questionnaire_is_sent_answered_and_a_non_conforming_answer_raised_once() {
    let app = TestApp::spawn().await;
    let [editor, contributor, viewer, admin] = app
        .demos([Role::Editor, Role::Contributor, Role::Viewer, Role::Admin])
        .await;
    let audit = programme_audit(&editor, "Laptop questionnaire audit").await;
    let soa = editor.soa(&SoaFilter::default()).await.unwrap();
    let a81 = soa
        .data
        .iter()
        .find(|e| e.reference == "A.8.1")
        .unwrap()
        .item_id;
    let (c, v) = (id_of(&contributor).await, id_of(&viewer).await);
    let definition = QuestionnaireDefinition {
        title: "Laptop questionnaire".into(),
        intro: "Ten minutes, for every laptop user.".into(),
        questions: laptop_questions(a81),
        audience: Audience {
            everyone: false,
            users: vec![c, v],
            groups: vec![],
        },
        closes_on: None,
    };

    // Refused definitions name their fields.
    let mut bad = definition.clone();
    bad.questions[1].options.truncate(1);
    bad.questions[0].conforming = vec!["maybe".into()];
    bad.questions[2].controls = vec![audit.id];
    bad.audience.users.push(Uuid::new_v4());
    let err = editor
        .create_questionnaire(audit.id, &bad)
        .await
        .unwrap_err();
    assert_eq!(
        fields(&err),
        [
            "audience.users",
            "questions[0].conforming",
            "questions[1].options",
            "questions[2].controls"
        ]
    );
    let untitled = QuestionnaireDefinition {
        title: String::new(),
        ..definition.clone()
    };
    let err = editor
        .create_questionnaire(audit.id, &untitled)
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["title"]);
    // Only audits take questionnaires; only editors and up prepare them.
    let phase = audit.parent_id.unwrap();
    assert_status!(editor.create_questionnaire(phase, &definition).await, 404);
    for client in [&contributor, &viewer] {
        assert_status!(
            client.create_questionnaire(audit.id, &definition).await,
            403
        );
    }

    // A draft asks nobody yet; one per audit.
    let draft = editor
        .create_questionnaire(audit.id, &definition)
        .await
        .unwrap();
    assert_eq!(draft.state, QuestionnaireState::Draft);
    assert_eq!(draft.questions.len(), 3);
    assert!(draft.audit_label.ends_with("Laptop questionnaire audit"));
    assert_status!(
        editor.create_questionnaire(audit.id, &definition).await,
        409
    );
    assert!(contributor.my_questionnaires().await.unwrap().is_empty());
    assert_status!(contributor.my_questionnaire(audit.id).await, 404);

    // Edits while a draft, at the current version: the last question moves first, keeping its id.
    let mut reordered: Vec<QuestionInput> = draft.questions.iter().map(Into::into).collect();
    reordered.rotate_right(1);
    let changed = QuestionnaireDefinition {
        questions: reordered,
        ..definition.clone()
    };
    assert_status!(
        editor
            .update_questionnaire(audit.id, draft.row_version + 1, &changed)
            .await,
        412
    );
    let draft = editor
        .update_questionnaire(audit.id, draft.row_version, &changed)
        .await
        .unwrap();
    assert_eq!(draft.questions[0].text, "Anything else?");
    let (q_text, q_disk, q_where) = (
        draft.questions[0].id,
        draft.questions[1].id,
        draft.questions[2].id,
    );

    // Sending asks the audience and tells them.
    let open = editor
        .send_questionnaire(audit.id, draft.row_version)
        .await
        .unwrap();
    assert_eq!(open.state, QuestionnaireState::Open);
    assert!(open.sent_at.is_some());
    assert_eq!(open.progress.audience, 2);
    let told = contributor
        .notifications(&NotificationFilter::default(), &PageParams::default())
        .await
        .unwrap();
    assert!(
        told.data.iter().any(|n| n.item_id == audit.id
            && n.text
                .contains("answer the questionnaire Laptop questionnaire")),
        "{told:?}"
    );
    assert_status!(
        editor.send_questionnaire(audit.id, open.row_version).await,
        409
    );

    // Its questions are frozen; its closing date may still move.
    let mut more: Vec<QuestionInput> = open.questions.iter().map(Into::into).collect();
    more.push(yes_no("Do you lock the screen?", vec![]));
    assert_status!(
        editor
            .update_questionnaire(
                audit.id,
                open.row_version,
                &QuestionnaireDefinition {
                    questions: more,
                    ..changed.clone()
                },
            )
            .await,
        409
    );
    let later = chrono::Utc::now().date_naive() + chrono::Days::new(14);
    let open = editor
        .update_questionnaire(
            audit.id,
            open.row_version,
            &QuestionnaireDefinition {
                questions: open.questions.iter().map(Into::into).collect(),
                closes_on: Some(later),
                ..changed.clone()
            },
        )
        .await
        .unwrap();
    assert_eq!(open.closes_on, Some(later));
    assert_status!(
        editor
            .delete_questionnaire(audit.id, open.row_version)
            .await,
        409
    );

    // The contributor answers in two goes; submitting needs every required answer.
    let mine = contributor.my_questionnaires().await.unwrap();
    assert_eq!(mine.len(), 1);
    assert_eq!(mine[0].standing, Standing::NotStarted);
    assert_eq!(mine[0].questions.len(), 3);
    let err = contributor
        .save_my_answers(
            audit.id,
            vec![answer(q_disk, "perhaps"), answer(Uuid::new_v4(), "yes")],
        )
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["answers[0].value", "answers[1].question_id"]);
    let partial = contributor
        .save_my_answers(audit.id, vec![answer(q_disk, "no")])
        .await
        .unwrap();
    assert_eq!(partial.standing, Standing::InProgress);
    // The audit trail names who answered which question (not the answer itself).
    let answered = format!(
        "SELECT COUNT(*) AS n FROM events WHERE verb = 'questionnaire_answered' \
         AND actor_id = '{c}' AND subject_id = '{}' AND after_json LIKE '%{q_disk}%' \
         AND after_json NOT LIKE '%\"no\"%'",
        audit.id
    );
    assert_eq!(app.sql_count(&answered), 1);
    let err = assert_status!(contributor.submit_my_answers(audit.id).await, 422);
    assert_eq!(fields(&err), ["questions[2]"], "the choice is unanswered");
    let saved = contributor
        .save_my_answers(
            audit.id,
            vec![answer(q_where, "In the car"), answer(q_text, "")],
        )
        .await
        .unwrap();
    assert_eq!(saved.answers.len(), 2);
    let submitted = contributor.submit_my_answers(audit.id).await.unwrap();
    assert_eq!(submitted.standing, Standing::Submitted);
    assert!(submitted.submitted_at.is_some());
    assert_status!(
        contributor
            .save_my_answers(audit.id, vec![answer(q_disk, "yes")])
            .await,
        409
    );

    // Someone not asked cannot see or answer it.
    for err in [
        admin.my_questionnaire(audit.id).await.unwrap_err(),
        admin
            .save_my_answers(audit.id, vec![answer(q_disk, "yes")])
            .await
            .unwrap_err(),
        admin.submit_my_answers(audit.id).await.unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(404), "{err:?}");
    }
    assert!(admin.my_questionnaires().await.unwrap().is_empty());

    // The nudge reaches whoever has not submitted.
    assert_eq!(
        editor.nudge_questionnaire(audit.id).await.unwrap().notified,
        1
    );
    assert_status!(viewer.nudge_questionnaire(audit.id).await, 403);

    // Progress and responses: both of the contributor's answers are non-conforming.
    let q = editor.questionnaire(audit.id).await.unwrap();
    assert_eq!(
        (
            q.progress.audience,
            q.progress.submitted,
            q.progress.non_conforming
        ),
        (2, 1, 2)
    );
    assert_eq!(q.progress.submitted_percent, 50.0);
    let responses = viewer.questionnaire_responses(audit.id).await.unwrap();
    assert_eq!(responses.len(), 2);
    let of = |id: Uuid| responses.iter().find(|r| r.user_id == id).unwrap();
    assert_eq!(of(v).standing, Standing::NotStarted);
    let flags: Vec<(Uuid, Option<bool>)> = of(c)
        .answers
        .iter()
        .map(|a| (a.question_id, a.conforming))
        .collect();
    assert_eq!(
        flags,
        [(q_disk, Some(false)), (q_where, Some(false))],
        "in the questionnaire's order, the cleared text answer gone"
    );

    // The responses as a CSV file.
    let csv = editor
        .export_questionnaire_responses(audit.id, ExchangeFormat::Csv)
        .await
        .unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert!(
        csv.contains("Name,Email,Standing,Submitted (UTC),Q1 Anything else?,Q2 Is your laptop's disk encrypted?"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 3);
    let row = csv
        .lines()
        .find(|l| l.contains("contributor@demo.example"))
        .unwrap();
    assert!(
        row.contains(",Submitted,") && row.contains("In the car") && row.ends_with("\"Q2, Q3\""),
        "{row}"
    );

    // Raising: not a conforming answer, not someone's unanswered question, not by a viewer.
    viewer
        .save_my_answers(
            audit.id,
            vec![answer(q_disk, "yes"), answer(q_where, "Locked away")],
        )
        .await
        .unwrap();
    let raise = |user_id: Uuid, question_id: Uuid| RaiseAnswerFinding {
        user_id,
        question_id,
        kind: FindingKind::MinorNc,
        title: None,
        description: Some("Seen on two laptops in the office too.".into()),
    };
    let err = editor
        .raise_answer_finding(audit.id, &raise(v, q_disk))
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["user_id"], "not submitted yet");
    viewer.submit_my_answers(audit.id).await.unwrap();
    let err = editor
        .raise_answer_finding(audit.id, &raise(v, q_disk))
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["question_id"], "the answer conforms");
    let err = editor
        .raise_answer_finding(audit.id, &raise(c, q_text))
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["user_id"], "no answer");
    assert_status!(
        viewer
            .raise_answer_finding(audit.id, &raise(c, q_disk))
            .await,
        403
    );

    // The finding: a corrective action linked to the audit and the question's control.
    let action = editor
        .raise_answer_finding(audit.id, &raise(c, q_disk))
        .await
        .unwrap();
    let actions = space_named(&editor, "ISMS Corrective Actions & Improvements")
        .await
        .id;
    assert_eq!(action.space_id, actions);
    assert_eq!(
        action.title,
        "Is your laptop's disk encrypted? — answered \"no\""
    );
    assert!(
        action
            .description
            .starts_with("Seen on two laptops in the office too.")
            && action.description.contains("Demo Contributor answered")
            && action.description.contains("**no**"),
        "{}",
        action.description
    );
    let linked: Vec<Uuid> = editor
        .list_links(action.id)
        .await
        .unwrap()
        .iter()
        .map(|l| l.item_id)
        .collect();
    assert!(
        linked.contains(&audit.id) && linked.contains(&a81),
        "{linked:?}"
    );
    let findings = editor.audit_findings(audit.id).await.unwrap();
    assert_eq!(findings.len(), 1);
    assert_eq!(findings[0].controls, ["A.8.1"]);
    assert_eq!(findings[0].kind, Some(FindingKind::MinorNc));
    assert_status!(
        editor
            .raise_answer_finding(audit.id, &raise(c, q_disk))
            .await,
        409
    );
    let responses = editor.questionnaire_responses(audit.id).await.unwrap();
    let disk = responses
        .iter()
        .find(|r| r.user_id == c)
        .unwrap()
        .answers
        .iter()
        .find(|a| a.question_id == q_disk)
        .unwrap()
        .clone();
    assert_eq!(disk.finding.map(|f| f.item_id), Some(action.id));

    // Closed: no more answers; who answered still sees it.
    let closed = editor
        .close_questionnaire(audit.id, open.row_version)
        .await
        .unwrap();
    assert_eq!(closed.state, QuestionnaireState::Closed);
    assert!(closed.closed_at.is_some());
    for err in [
        contributor.submit_my_answers(audit.id).await.unwrap_err(),
        viewer
            .save_my_answers(audit.id, vec![answer(q_text, "More")])
            .await
            .unwrap_err(),
        editor
            .close_questionnaire(audit.id, closed.row_version)
            .await
            .unwrap_err(),
        editor
            .update_questionnaire(audit.id, closed.row_version, &changed)
            .await
            .unwrap_err(),
        editor.nudge_questionnaire(audit.id).await.unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(409), "{err:?}");
    }
    let mine = contributor.my_questionnaires().await.unwrap();
    assert_eq!(mine[0].state, QuestionnaireState::Closed);

    // Another organisation sees none of it.
    let other = app.outsider("Elsewhere").await;
    for err in [
        other.questionnaire(audit.id).await.unwrap_err(),
        other.questionnaire_responses(audit.id).await.unwrap_err(),
        other.my_questionnaire(audit.id).await.unwrap_err(),
    ] {
        assert_eq!(err.status(), Some(404), "{err:?}");
    }
}

#[tokio::test]
async fn a_group_audience_includes_whoever_joins_it_later() {
    let app = TestApp::spawn().await;
    let [admin, editor, viewer] = app.demos([Role::Admin, Role::Editor, Role::Viewer]).await;
    let audit = programme_audit(&editor, "Home-working questionnaire audit").await;
    let group = new_group(&admin, "Home workers").await;
    let draft = editor
        .create_questionnaire(
            audit.id,
            &QuestionnaireDefinition {
                title: "Home working".into(),
                questions: vec![yes_no("Do you lock your screen?", vec![])],
                audience: Audience {
                    groups: vec![group.id],
                    ..Audience::default()
                },
                ..QuestionnaireDefinition::default()
            },
        )
        .await
        .unwrap();
    let open = editor
        .send_questionnaire(audit.id, draft.row_version)
        .await
        .unwrap();
    assert_eq!(open.progress.audience, 0);
    assert!(viewer.my_questionnaires().await.unwrap().is_empty());
    admin
        .add_group_member(group.id, id_of(&viewer).await, group.version)
        .await
        .unwrap();
    assert_eq!(viewer.my_questionnaires().await.unwrap().len(), 1);
    assert_eq!(
        editor
            .questionnaire(audit.id)
            .await
            .unwrap()
            .progress
            .audience,
        1
    );
}

#[tokio::test]
async fn a_questionnaire_needs_questions_and_an_audience_to_be_sent_and_a_draft_can_go() {
    let app = TestApp::spawn().await;
    let editor = app.demo(Role::Editor).await;
    let audit = programme_audit(&editor, "Laptop questionnaire audit").await;
    let empty = editor
        .create_questionnaire(
            audit.id,
            &QuestionnaireDefinition {
                title: "Empty".into(),
                closes_on: chrono::Utc::now()
                    .date_naive()
                    .checked_sub_days(chrono::Days::new(1)),
                ..QuestionnaireDefinition::default()
            },
        )
        .await
        .unwrap();
    let err = editor
        .send_questionnaire(audit.id, empty.row_version)
        .await
        .unwrap_err();
    assert_eq!(fields(&err), ["audience", "closes_on", "questions"]);
    assert_status!(app.anonymous().questionnaire(audit.id).await, 401);
    editor
        .delete_questionnaire(audit.id, empty.row_version)
        .await
        .unwrap();
    assert_status!(editor.questionnaire(audit.id).await, 404);
    assert_eq!(app.sql_count("SELECT COUNT(*) AS n FROM questionnaires"), 0);
}
