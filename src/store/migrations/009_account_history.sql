-- Account creations and role changes enter the monitor's public history (issue 16): the
-- monitor's two-person rule separates accounts, and an organiser creates the accounts, so
-- readers must be able to see when a reviewer account appeared and who made it.
ALTER TABLE monitor_history DROP CONSTRAINT IF EXISTS monitor_history_entity_check;
ALTER TABLE monitor_history ADD CONSTRAINT monitor_history_entity_check CHECK (entity IN ('source', 'claim', 'benchmark', 'weights', 'account'));
-- accounts that existed before: recorded at their creation time, creator unknown
INSERT INTO monitor_history (entity, entity_id, action, account_id, role, at, after, note)
  SELECT 'account', id::text, 'created', NULL, NULL, created_at, jsonb_build_object('account', id, 'role', role), 'created before account history was kept'
  FROM accounts ORDER BY id;
