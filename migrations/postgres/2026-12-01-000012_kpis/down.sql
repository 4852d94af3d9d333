DROP TABLE kpi_readings;
DROP TABLE kpi_definitions;
