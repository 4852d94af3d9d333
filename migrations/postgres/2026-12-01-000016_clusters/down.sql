DROP TABLE cluster_spaces;
DROP TABLE clusters;
