-- The key a template gives a field that rules read (the GDPR deadlines read "received_on",
-- "aware_on", ...): written when a space is made from the template and never changed after, so
-- renaming the field in the space's settings does not hide it from the rules. Fields a user adds
-- have none.
ALTER TABLE space_fields ADD COLUMN template_key TEXT;

-- Spaces made before keys existed: their fields still named as the template names them get the
-- template's key.
UPDATE space_fields SET template_key = CASE name
        WHEN 'Request type' THEN 'request_type'
        WHEN 'Received on' THEN 'received_on'
        WHEN 'Extended' THEN 'extended'
        WHEN 'Responded on' THEN 'responded_on'
    END
    WHERE name IN ('Request type', 'Received on', 'Extended', 'Responded on')
      AND space_id IN (SELECT id FROM spaces WHERE template_key = 'gdpr-data-subject-requests');
UPDATE space_fields SET template_key = CASE name
        WHEN 'Became aware on' THEN 'aware_on'
        WHEN 'Became aware at' THEN 'aware_at'
        WHEN 'Notified to supervisory authority on' THEN 'notified_on'
        WHEN 'Reason for not notifying' THEN 'reason_not_notified'
    END
    WHERE name IN ('Became aware on', 'Became aware at', 'Notified to supervisory authority on',
                   'Reason for not notifying')
      AND space_id IN (SELECT id FROM spaces WHERE template_key = 'gdpr-breach-register');

-- One field per key in a space; serves the rules' look-up of a space's keyed fields.
CREATE UNIQUE INDEX space_fields_template_key ON space_fields (space_id, template_key);
