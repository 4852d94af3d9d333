DROP TABLE risk_readings;
