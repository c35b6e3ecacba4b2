-- Orders (issue 6): existing tenants' system roles gain what new tenants get from SYSTEM_ROLES.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(CASE r.name
      WHEN 'Planner' THEN ARRAY['order:write']
      WHEN 'Manager' THEN ARRAY['order:read', 'order:write', 'order:approve', 'marketplace:write']
      WHEN 'Seller' THEN ARRAY['marketplace:write']
      ELSE ARRAY[]::text[] END)
  ) x
)
WHERE r.is_system AND r.name IN ('Planner', 'Manager', 'Seller');
