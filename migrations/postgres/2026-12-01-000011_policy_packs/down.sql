DROP TABLE policy_pack_acceptances;
DROP TABLE policy_pack_reads;
DROP TABLE policy_pack_versions;
DROP TABLE policy_packs;
