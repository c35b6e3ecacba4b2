-- Planners work from stock, locations and suppliers (their ledger is where demand is excluded
-- from ADU): existing tenants' Planner roles gain the reads new tenants get from SYSTEM_ROLES.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(ARRAY['inventory:read', 'location:read', 'supplier:read'])
  ) x
)
WHERE r.is_system AND r.name = 'Planner';
