-- Claims of a relation for the sanctions network (an analyst's "X is the business
-- partner of TAi.144", cited and reviewed like every claim). The relation itself is in
-- the claim's body; only the allowed kinds change.
ALTER TABLE monitor_claims DROP CONSTRAINT monitor_claims_kind_check;
ALTER TABLE monitor_claims ADD CONSTRAINT monitor_claims_kind_check CHECK (kind IN ('statement', 'engagement', 'assessment', 'relation'));
