-- Change links hold their row ids and binlog positions in binary (docs/integrity.md, "Link formats"):
-- row_uuids is 16 bytes an id, row_positions_packed the positions packed (io.auditoverlay.model.integrity.PackedLink).
-- Text arrays cost the normalizer an escaped element per row and verify a parse per element.
-- Links stored before keep row_ids/row_positions and verify as they did; each link holds one form.
ALTER TABLE chain_link ALTER COLUMN row_ids DROP NOT NULL;
ALTER TABLE chain_link ADD COLUMN row_uuids bytea, ADD COLUMN row_positions_packed bytea;
ALTER TABLE chain_link ADD CONSTRAINT chain_link_one_id_form CHECK ((row_ids IS NULL) <> (row_uuids IS NULL));
COMMENT ON COLUMN chain_link.row_uuids IS 'The link''s row ids, 16 bytes each, sorted (links from V90 on; row_ids before).';
COMMENT ON COLUMN chain_link.row_positions_packed IS 'Each row''s binlog file, pos, row and GTID, packed (PackedLink; row_positions before V90).';
