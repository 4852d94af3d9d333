-- Audit questionnaires: a questionnaire belongs to one audit (an activity of the audit programme,
-- whose item id names it; at most one per audit). Its questions and audience are JSON, replaced
-- whole at `row_version`; the questions are frozen once it is sent.
CREATE TABLE questionnaires (
    audit_id TEXT PRIMARY KEY NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    title TEXT NOT NULL,
    intro TEXT NOT NULL,
    questions_json TEXT NOT NULL,
    audience_json TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('draft','open','closed')),
    closes_on DATE,
    sent_at TIMESTAMP,
    sent_by TEXT REFERENCES users(id),
    closed_at TIMESTAMP,
    created_by TEXT REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    row_version BIGINT NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX questionnaires_org ON questionnaires (org_id, state);

-- A person's answer to a question, and the corrective action raised from it (if any). The
-- audit and the action are not foreign keys: deleting either item leaves these rows unread.
CREATE TABLE questionnaire_answers (
    audit_id TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    question_id TEXT NOT NULL,
    value TEXT NOT NULL,
    answered_at TIMESTAMP NOT NULL,
    finding_id TEXT,
    PRIMARY KEY (audit_id, user_id, question_id)
);
CREATE INDEX questionnaire_answers_org ON questionnaire_answers (org_id, audit_id);

-- A person submitted their answers: from then on they are kept as they are.
CREATE TABLE questionnaire_submissions (
    audit_id TEXT NOT NULL,
    org_id TEXT NOT NULL REFERENCES organisations(id),
    user_id TEXT NOT NULL REFERENCES users(id),
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (audit_id, user_id)
);
CREATE INDEX questionnaire_submissions_org ON questionnaire_submissions (org_id, audit_id);
