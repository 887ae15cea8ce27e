-- Relay mode: ballots of one credential are forwarded in the order the relay took them. A
-- voter who re-voted through the relay would otherwise have the earlier ballot counted
-- whenever its retry happened to come due after the later one's (the primary counts the
-- last ballot it records for a credential). `seq` is the order of arrival; `credential` the
-- ballot's public credential (read from its text, dropped with the text once settled).
ALTER TABLE relay_ballots ADD COLUMN seq BIGSERIAL;
ALTER TABLE relay_ballots ADD COLUMN credential TEXT;
UPDATE relay_ballots SET credential = (ballot::json)->>'credential' WHERE ballot IS NOT NULL;
CREATE INDEX relay_ballots_waiting_by_credential ON relay_ballots (credential, seq) WHERE state = 'waiting';
