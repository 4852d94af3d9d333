DROP INDEX risk_readings_map;
CREATE INDEX risk_readings_map ON risk_readings (org_id, kind, latest, likelihood, impact);
