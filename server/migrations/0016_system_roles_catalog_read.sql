-- Inventory roles need to read what they count and move: existing tenants' system roles gain
-- the catalog reads (and reservations) that new tenants get from SYSTEM_ROLES.
UPDATE roles r SET permissions = (
  SELECT jsonb_agg(DISTINCT p ORDER BY p) FROM (
    SELECT jsonb_array_elements_text(r.permissions) AS p
    UNION SELECT unnest(CASE r.name
      WHEN 'Manager' THEN ARRAY['product:read', 'location:read', 'supplier:read', 'inventory:reserve']
      WHEN 'User' THEN ARRAY['product:read', 'location:read', 'inventory:reserve']
      WHEN 'Seller' THEN ARRAY['location:read']
    END)
  ) x
)
WHERE r.is_system AND r.name IN ('Manager', 'User', 'Seller');
