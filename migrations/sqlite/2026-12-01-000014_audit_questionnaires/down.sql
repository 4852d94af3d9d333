DROP TABLE questionnaire_submissions;
DROP TABLE questionnaire_answers;
DROP TABLE questionnaires;
