DROP TABLE risk_matrices;
