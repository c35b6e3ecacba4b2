import assert from 'node:assert/strict';
import { sql } from 'drizzle-orm';
import { ensureTenant } from '../src/modules/identity/index.ts';
import { form } from './multipart.ts';
import { eventually, type TestApp } from './helpers.ts';

/**
 * Tenant A (the demo tenant) with one record behind every route that takes an id, and tenant B
 * to try them: `idFor` maps each route to A's ids, `bodyFor` gives the bodies a change needs.
 */
export const twoTenants = async (t: TestApp) => {
  const a = t.demo;
  const b = await ensureTenant(t.platform, {
    slug: 'tenant-b',
    name: 'Tenant B',
    admin: { email: 'admin@tenant-b.example', name: 'B', password: 'tenant-b-password' },
  });
  const adminA = await t.tokenFor({ tenantId: a.tenantId, userId: a.adminUserId });
  const rolesA = (
    await t.app.inject({
      method: 'GET',
      url: '/api/v1/roles',
      headers: { authorization: `Bearer ${adminA}` },
    })
  ).json() as { data: { id: string; name: string }[] };
  const aRoleId = rolesA.data.find((r) => r.name === 'Viewer')?.id ?? '';
  const clientA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/api-clients',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { name: 'erp', permissions: ['product:read'] },
    })
  ).json() as { id: string };
  const productA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { sku: 'A-SECRET-1', name: 'Producto secreto de A' },
    })
  ).json() as { id: string };
  const locationA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { code: 'A-SECRET-LOC', name: 'Almacén de A', type: 'warehouse' },
    })
  ).json() as { id: string };
  const supplierA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/suppliers',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { name: 'Proveedor secreto de A' },
    })
  ).json() as { id: string };
  const componentA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/products',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { sku: 'A-PART-1', name: 'Pieza de A' },
    })
  ).json() as { id: string };
  const bomA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/boms',
      headers: { authorization: `Bearer ${adminA}` },
      payload: { product_id: productA.id, lines: [{ component_id: componentA.id, quantity: 2 }] },
    })
  ).json() as { id: string };
  const asA = { authorization: `Bearer ${adminA}` };
  await t.app.inject({
    method: 'POST',
    url: '/api/v1/stock',
    headers: asA,
    payload: { product_id: productA.id, store_id: 'A-SECRET-LOC', quantity_change: 10, reason: 'setup' },
  });
  const reservationA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/reservations',
      headers: asA,
      payload: { product_id: productA.id, store_id: 'A-SECRET-LOC', quantity: 1, customer_id: 'c-a' },
    })
  ).json() as { reservation_id: string };
  for (const [code, type] of [
    ['A-SECRET-LOC2', 'store'],
    ['A-TRANSIT', 'in_transit'],
  ])
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/locations',
      headers: asA,
      payload: { code, name: code, type },
    });
  const transferA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock/transfers',
      headers: asA,
      payload: {
        product_id: productA.id,
        from_store_id: 'A-SECRET-LOC',
        to_store_id: 'A-SECRET-LOC2',
        via_store_id: 'A-TRANSIT',
        quantity: 1,
      },
    })
  ).json() as { id: string; status: string };
  assert.equal(transferA.status, 'IN_TRANSIT');
  const countA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/counts',
      headers: asA,
      payload: { store_id: 'A-SECRET-LOC' },
    })
  ).json() as { id: string };
  const bufferA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/buffers',
      headers: asA,
      payload: {
        product_id: productA.id,
        store_id: 'A-SECRET-LOC',
        adu_method: 'fixed',
        adu_fixed: 5,
        dlt_days: 10,
      },
    })
  ).json() as { id: string };
  const suggestionA = (
    (
      await t.app.inject({ method: 'GET', url: '/api/v1/replenishment-suggestions', headers: asA })
    ).json() as { data: { id: string }[] }
  ).data[0];
  assert.ok(suggestionA, 'tenant A has a suggestion to protect');
  // Alerts are raised by the calculation; one is written here so the walk has an id to try.
  const [alertA] = await t.platform.uow.forTenant(
    a.tenantId,
    async (tx) =>
      (
        await tx.execute<{ id: string }>(sql`
          insert into planning_alerts (tenant_id, key, kind, severity, buffer_id, product_id, location_id, message)
          values (${a.tenantId}, 'isolation:on_hand', 'on_hand', 'red', ${bufferA.id}, ${productA.id},
            ${locationA.id}, 'A-SECRET-1 is below its top of red')
          returning id`)
      ).rows,
  );
  assert.ok(alertA, 'tenant A has an alert to protect');
  // The assistant's records of A's admin: a conversation, a proposal and a notification.
  const [conversationA, decisionA, notificationA] = await t.platform.uow.forTenant(a.tenantId, async (tx) => [
    (
      await tx.execute<{ id: string }>(sql`
        insert into ai_conversations (tenant_id, user_id, title) values (${a.tenantId}, ${a.adminUserId}, 'A-SECRET-1')
        returning id`)
    ).rows[0],
    (
      await tx.execute<{ id: string }>(sql`
        insert into ai_decisions (tenant_id, user_id, kind, payload, summary)
        values (${a.tenantId}, ${a.adminUserId}, 'approve_suggestion', ${JSON.stringify({ suggestion_id: suggestionA.id })}::jsonb,
          'Approve A-SECRET-1')
        returning id`)
    ).rows[0],
    (
      await tx.execute<{ id: string }>(sql`
        insert into notifications (tenant_id, user_id, kind, title, body)
        values (${a.tenantId}, ${a.adminUserId}, 'assistant.report.daily', 'A-SECRET-1', 'A-SECRET-1 is red')
        returning id`)
    ).rows[0],
  ]);
  assert.ok(conversationA && decisionA && notificationA, 'tenant A has assistant records to protect');
  const adjustmentA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/planned-adjustments',
      headers: asA,
      payload: {
        buffer_id: bufferA.id,
        start_date: '2026-01-01',
        end_date: '2026-01-31',
        demand_factor: 2,
      },
    })
  ).json() as { id: string };
  assert.ok(adjustmentA.id, 'tenant A has a planned adjustment to protect');
  const forecastA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/demand-forecasts',
      headers: asA,
      payload: {
        product_id: productA.id,
        store_id: 'A-SECRET-LOC',
        start_date: '2026-01-01',
        end_date: '2026-01-31',
        quantity: 31,
      },
    })
  ).json() as { id: string };
  assert.ok(forecastA.id, 'tenant A has a demand forecast to protect');
  const shipmentA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/stock/movements',
      headers: asA,
      payload: {
        kind: 'shipment',
        product_id: productA.id,
        store_id: 'A-SECRET-LOC',
        quantity: 1,
        reason: 'sale',
      },
    })
  ).json() as { movement_id: string };
  const exclusionA = await t.app.inject({
    method: 'POST',
    url: '/api/v1/adu-exclusions',
    headers: asA,
    payload: { movement_id: shipmentA.movement_id, reason: 'one-off sale' },
  });
  assert.equal(exclusionA.statusCode, 201, 'tenant A has an ADU exclusion to protect');
  // Orders: a purchase, a production and a transfer order, a reorder policy, a customer order.
  const orderA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/orders',
      headers: asA,
      payload: {
        supplier_id: supplierA.id,
        store_id: 'A-SECRET-LOC',
        lines: [{ product_id: productA.id, quantity: 1 }],
        submit: true,
      },
    })
  ).json() as { id: string; lines: { id: string }[] };
  assert.ok(orderA.id, 'tenant A has a purchase order to protect');
  const productionA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/production-orders',
      headers: asA,
      payload: { product_id: productA.id, store_id: 'A-SECRET-LOC', quantity: 1, submit: true },
    })
  ).json() as { id: string };
  assert.ok(productionA.id, 'tenant A has a production order to protect');
  const transferOrderA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/transfer-orders',
      headers: asA,
      payload: {
        from_store_id: 'A-SECRET-LOC',
        to_store_id: 'A-SECRET-LOC2',
        lines: [{ product_id: productA.id, quantity: 1 }],
        submit: true,
      },
    })
  ).json() as { id: string };
  assert.ok(transferOrderA.id, 'tenant A has a transfer order to protect');
  const policyA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/reorder-policies',
      headers: asA,
      payload: {
        product_id: componentA.id,
        store_id: 'A-SECRET-LOC',
        reorder_point: 1,
        reorder_quantity: 5,
      },
    })
  ).json() as { id: string };
  assert.ok(policyA.id, 'tenant A has a reorder policy to protect');
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/products/${productA.id}`,
    headers: asA,
    payload: { price: '5' },
  });
  const customerOrderA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/customer-orders',
      headers: { ...asA, 'idempotency-key': 'isolation-a' },
      payload: {
        lines: [{ product_id: productA.id, quantity: 1 }],
        store_id: 'A-SECRET-LOC',
        customer: { name: 'Cliente A', email: 'cliente@a.example' },
        payment: { method: 'card', card_number: '4242424242424242' },
      },
    })
  ).json() as { id: string; status: string };
  assert.equal(customerOrderA.status, 'CONFIRMED', 'tenant A has a customer order to protect');
  const listingA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/listings',
      headers: asA,
      payload: { product_id: productA.id, store_id: 'A-SECRET-LOC', price_minor: 500, published: true },
    })
  ).json() as { id: string };
  assert.ok(listingA.id, 'tenant A has a listing to protect');
  const customerA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: asA,
      payload: { code: 'A-SECRET-1-CLIENTE', name: 'Cliente secreto de A', email: a.email },
    })
  ).json() as { id: string; name: string };
  assert.ok(customerA.id, 'tenant A has a customer to protect');
  const upload = await form(
    {},
    { name: 'productos-a.csv', bytes: Buffer.from('sku,name\nA-IMP-1,Importado de A\n') },
  );
  const importA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/imports',
      headers: { ...asA, 'content-type': upload.contentType },
      payload: upload.payload,
    })
  ).json() as { id: string };
  assert.ok(importA.id, 'tenant A has an import to protect');
  const connectionA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/integrations/connections',
      headers: asA,
      payload: {
        kind: 'microsip',
        name: 'ERP de A',
        host: '127.0.0.1',
        port: 1,
        database: 'a.fdb',
        user: 'SYSDBA',
        schedule: null,
      },
    })
  ).json() as { id: string };
  assert.ok(connectionA.id, 'tenant A has an ERP connection to protect');
  const syncA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/sync/products',
      headers: asA,
      payload: { incremental: true },
    })
  ).json() as { job: { id: string } };
  assert.ok(syncA.job.id, 'tenant A has a sync job to protect');
  // A public address by number: no name to resolve, and nothing private to refuse.
  const webhookA = (
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/webhooks',
      headers: asA,
      payload: { url: 'https://203.0.113.10/flujo', events: ['catalog.*'] },
    })
  ).json() as { id: string };
  assert.ok(webhookA.id, 'tenant A has a webhook to protect');
  await t.app.inject({
    method: 'PUT',
    url: `/api/v1/products/${productA.id}`,
    headers: asA,
    payload: { name: 'Producto secreto de A (2)' },
  });
  const deliveryA = await eventually(async () => {
    const d = (
      await t.app.inject({ method: 'GET', url: `/api/v1/webhooks/${webhookA.id}/deliveries`, headers: asA })
    ).json() as { data: { id: string }[] };
    return d.data[0];
  }, 'a delivery of tenant A');
  const runA = (
    await t.app.inject({ method: 'POST', url: '/api/v1/analytics/forecasts/runs', headers: asA })
  ).json() as { id: string };
  await eventually(
    async () => {
      const r = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/analytics/forecasts/runs/${runA.id}`,
          headers: asA,
        })
      ).json() as { status: string };
      return r.status === 'completed';
    },
    'tenant A has forecast its items',
    60_000,
  );
  const idFor: Record<string, Record<string, string>> = {
    '/api/v1/analytics/forecasts/runs/:id': { id: runA.id },
    '/api/v1/analytics/forecasts/:product_id/:location': { product_id: productA.id, location: locationA.id },
    '/api/v1/imports/:id': { id: importA.id },
    '/api/v1/integrations/connections/:id': { id: connectionA.id },
    '/api/v1/integrations/connections/:id/test': { id: connectionA.id },
    '/api/v1/sync/jobs/:id': { id: syncA.job.id },
    '/api/v1/webhooks/:id': { id: webhookA.id },
    '/api/v1/webhooks/:id/rotate-secret': { id: webhookA.id },
    '/api/v1/webhooks/:id/deliveries': { id: webhookA.id },
    '/api/v1/webhooks/deliveries/:id/replay': { id: deliveryA.id },
    '/api/v1/integrations/connections/:id/inbound-secret': { id: connectionA.id },
    '/api/v1/integrations/connections/:id/webhook': { id: connectionA.id },
    '/api/v1/sync/:type': { type: 'stock' },
    '/api/v1/imports/:id/validate': { id: importA.id },
    '/api/v1/imports/:id/commit': { id: importA.id },
    '/api/v1/imports/:id/errors': { id: importA.id },
    '/api/v1/listings/:id': { id: listingA.id },
    '/api/v1/customers/:id': { id: customerA.id },
    '/api/v1/orders/:id': { id: orderA.id },
    '/api/v1/orders/:id/status': { id: orderA.id },
    '/api/v1/orders/:id/approve': { id: orderA.id },
    '/api/v1/orders/:id/reject': { id: orderA.id },
    '/api/v1/orders/:id/receipts': { id: orderA.id },
    '/api/v1/orders/:id/shortages': { id: productionA.id },
    '/api/v1/orders/:id/start': { id: productionA.id },
    '/api/v1/orders/:id/complete': { id: productionA.id },
    '/api/v1/orders/:id/ship': { id: transferOrderA.id },
    '/api/v1/orders/:id/receive': { id: transferOrderA.id },
    '/api/v1/reorder-policies/:id': { id: policyA.id },
    '/api/v1/suppliers/:id/performance': { id: supplierA.id },
    '/api/v1/analytics/suppliers/:id/performance': { id: supplierA.id },
    '/api/v1/customer-orders/:id': { id: customerOrderA.id },
    '/api/v1/customer-orders/:id/cancel': { id: customerOrderA.id },
    '/api/v1/customer-orders/:id/pick': { id: customerOrderA.id },
    '/api/v1/customer-orders/:id/pack': { id: customerOrderA.id },
    '/api/v1/customer-orders/:id/ship': { id: customerOrderA.id },
    '/api/v1/customer-orders/:id/deliver': { id: customerOrderA.id },
    '/api/v1/replenishment-suggestions/:id/approve': { id: suggestionA.id },
    '/api/v1/replenishment-suggestions/:id/reject': { id: suggestionA.id },
    '/api/v1/buffers/:id': { id: bufferA.id },
    '/api/v1/buffers/:id/recalculate': { id: bufferA.id },
    '/api/v1/buffers/:id/history': { id: bufferA.id },
    '/api/v1/buffers/:id/simulate': { id: bufferA.id },
    '/api/v1/buffers/:id/positions': { id: bufferA.id },
    '/api/v1/alerts/:id': { id: alertA.id },
    '/api/v1/planned-adjustments/:id': { id: adjustmentA.id },
    '/api/v1/demand-forecasts/:id': { id: forecastA.id },
    '/api/v1/adu-exclusions/:movement_id': { movement_id: shipmentA.movement_id },
    '/api/v1/stock/transfers/:id': { id: transferA.id },
    '/api/v1/stock/transfers/:id/receive': { id: transferA.id },
    '/api/v1/stock/transfers/:id/cancel': { id: transferA.id },
    '/api/v1/counts/:id': { id: countA.id },
    '/api/v1/counts/:id/lines': { id: countA.id },
    '/api/v1/counts/:id/post': { id: countA.id },
    '/api/v1/counts/:id/cancel': { id: countA.id },
    '/api/v1/reservations/:id': { id: reservationA.reservation_id },
    '/api/v1/reservations/:id/confirm': { id: reservationA.reservation_id },
    '/api/v1/reservations/:id/cancel': { id: reservationA.reservation_id },
    '/api/v1/boms/:id': { id: bomA.id },
    '/api/v1/suppliers/:id': { id: supplierA.id },
    '/api/v1/suppliers/:id/items/:product_id': { id: supplierA.id, product_id: productA.id },
    '/api/v1/locations/:id': { id: locationA.id },
    '/api/v1/products/:id': { id: productA.id },
    '/api/v1/products/:id/availability': { id: productA.id },
    '/api/v1/api-clients/:id': { id: clientA.id },
    '/api/v1/tenants/:id': { id: a.tenantId },
    '/api/v1/users/:id': { id: a.adminUserId },
    '/api/v1/users/:id/roles': { id: a.adminUserId },
    '/api/v1/users/:id/stores': { id: a.adminUserId },
    '/api/v1/users/:id/roles/:role_id': { id: a.adminUserId, role_id: aRoleId },
    '/api/v1/roles/:id': { id: aRoleId },
    '/api/v1/ai/conversations/:id': { id: conversationA.id },
    '/api/v1/ai/decisions/:id': { id: decisionA.id },
    '/api/v1/ai/decisions/:id/confirm': { id: decisionA.id },
    '/api/v1/ai/decisions/:id/decline': { id: decisionA.id },
    '/api/v1/notifications/:id/read': { id: notificationA.id },
  };
  const bodyFor: Record<string, object> = {
    'PUT /api/v1/imports/:id': { kind: 'products' },
    'PUT /api/v1/integrations/connections/:id': { name: 'hijacked' },
    'PUT /api/v1/webhooks/:id': { description: 'hijacked' },
    'POST /api/v1/sync/:type': { incremental: true },
    'POST /api/v1/imports/:id/commit': { mode: 'valid_rows' },
    'POST /api/v1/users/:id/roles': { role_id: aRoleId },
    'PUT /api/v1/roles/:id': { description: 'hijacked' },
    'PUT /api/v1/users/:id': { name: 'hijacked' },
    'PUT /api/v1/products/:id': { name: 'hijacked' },
    'PUT /api/v1/locations/:id': { name: 'hijacked' },
    'PUT /api/v1/suppliers/:id': { name: 'hijacked' },
    'PUT /api/v1/boms/:id': { lines: [{ component_id: componentA.id, quantity: 9 }] },
    'PUT /api/v1/suppliers/:id/items/:product_id': { lead_time_days: 1 },
    'PUT /api/v1/users/:id/stores': { store_ids: [] },
    'PUT /api/v1/buffers/:id': { order_cycle_days: 99 },
    'POST /api/v1/buffers/:id/simulate': { days: 30 },
    'PUT /api/v1/planned-adjustments/:id': {
      store_id: 'A-SECRET-LOC',
      start_date: '2026-01-01',
      end_date: '2026-01-31',
      demand_factor: 9,
    },
    'PUT /api/v1/demand-forecasts/:id': { quantity: 9 },
    'PUT /api/v1/orders/:id': { notes: 'hijacked' },
    'PUT /api/v1/listings/:id': { price_minor: 1 },
    'PATCH /api/v1/customers/:id': { name: 'hijacked' },
    'PUT /api/v1/orders/:id/status': { status: 'CANCELLED' },
    'POST /api/v1/orders/:id/reject': { reason: 'hijacked' },
    'POST /api/v1/orders/:id/receipts': { lines: [{ line_id: orderA.lines[0]?.id, quantity: 1 }] },
    'POST /api/v1/orders/:id/complete': { quantity: 1 },
    'PUT /api/v1/reorder-policies/:id': {
      product_id: componentA.id,
      store_id: 'A-SECRET-LOC',
      reorder_point: 9,
      reorder_quantity: 9,
    },
    'PUT /api/v1/counts/:id/lines': { lines: [{ product_id: productA.id, counted: 0 }] },
  };
  return { a, b, adminA, asA, idFor, bodyFor, orderA, customerOrderA, customerA };
};
