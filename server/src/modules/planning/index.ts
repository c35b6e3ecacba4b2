import { eventConsumer, on } from '../../platform/events/consumer.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Module } from '../module.ts';
import { inventoryEvents } from '../inventory/index.ts';
import { adjustmentsRoutes } from './adjustments.routes.ts';
import { createAdjustmentsService } from './adjustments.service.ts';
import { aduExclusionsRoutes } from './adu-exclusions.routes.ts';
import { createAduExclusionsService, productBufferItems } from './adu-exclusions.service.ts';
import { alertsRoutes } from './alerts.routes.ts';
import { createAlertsService } from './alerts.service.ts';
import { createBufferRecalculation } from './buffers.recalculate.ts';
import { buffersRoutes } from './buffers.routes.ts';
import { createBuffersService } from './buffers.service.ts';
import { createBufferViews } from './buffers.view.ts';
import { seedPlanningDemo } from './demo.ts';
import { planningErrors } from './errors.ts';
import { planningEvents } from './events.ts';
import { forecastsRoutes } from './forecasts.routes.ts';
import { createForecastsService } from './forecasts.service.ts';
import { historyRoutes } from './history.routes.ts';
import { createHistoryService } from './history.service.ts';
import { netFlowConsumer } from './net-flow.consumer.ts';
import { positionsRoutes } from './positions.routes.ts';
import { createPositionsService } from './positions.service.ts';
import { profileRoutes } from './profiles.routes.ts';
import { createProfilesService } from './profiles.service.ts';
import { simulateRoutes } from './simulate.routes.ts';
import { createSimulateService } from './simulate.service.ts';
import { suggestionsRoutes } from './suggestions.routes.ts';
import { createSuggestionsService } from './suggestions.service.ts';

export { bufferFacts } from './buffer-facts.ts';
export { createBufferRecalculation } from './buffers.recalculate.ts';
export { createBuffersService } from './buffers.service.ts';
export { type Adjustment, factorsFor } from './domain/adjustments.ts';
export { type CommandOutcome, runCompute, runDlt } from './domain/command.ts';
export { type ZoneInput, type Zones, zones as bufferZones } from './domain/zones.ts';
export { planningEvents } from './events.ts';
export { bufferedItems, type EngineForecast, replaceEngineForecasts } from './forecasts.engine.ts';
export {
  announceForecasts,
  type ForecastClash,
  type ForecastRow,
  forecastClashes,
  upsertForecasts,
} from './forecasts.import.ts';
export { lockForecasts } from './forecasts.lock.ts';
export { bufferProjectionFacts } from './projection-facts.ts';
export { standardProfileId } from './profiles.service.ts';

/**
 * DDMRP planning (ARCHITECTURE.md §2): profiles, buffers, net flow, suggestions, forecasts,
 * planned adjustments, alerts and history.
 */
export const planningModule = (p: Platform): Module => {
  const svc = createBuffersService(p);
  const recalc = createBufferRecalculation(p);
  return {
    name: 'planning',
    errors: planningErrors,
    seedDemo: (demo) => seedPlanningDemo(p, demo, svc),
    routes: (app) => {
      profileRoutes(app, createProfilesService(p));
      buffersRoutes(app, createBufferViews(p), svc, recalc);
      positionsRoutes(app, createPositionsService(p));
      suggestionsRoutes(app, createSuggestionsService(p, recalc.calculateInTx));
      alertsRoutes(app, createAlertsService(p));
      historyRoutes(app, createHistoryService(p));
      simulateRoutes(app, createSimulateService(p));
      adjustmentsRoutes(app, createAdjustmentsService(p));
      forecastsRoutes(app, createForecastsService(p));
      aduExclusionsRoutes(app, createAduExclusionsService(p));
    },
    consumers: [
      netFlowConsumer(p, recalc),
      eventConsumer(p.log, 'planning-adjustments', [
        // A planned adjustment resizes every buffer of its scope, old and new.
        on(planningEvents.adjustmentChanged, async (e) => {
          if (e.tenantId) await recalc.recalculateScope(e.tenantId, e.payload);
        }),
      ]),
      eventConsumer(p.log, 'planning-forecasts', [
        // New forecasts move the ADU of buffers reading the future; only their items recompute.
        on(planningEvents.forecastChanged, async (e) => {
          if (e.tenantId) await recalc.recalculateItems(e.tenantId, e.payload.items);
        }),
      ]),
      eventConsumer(p.log, 'planning-demand-history', [
        // Sales history loaded from a spreadsheet or an ERP moves past ADU of its items (ADR 0009).
        on(inventoryEvents.demandRecorded, async (e) => {
          if (e.tenantId) await recalc.recalculateItems(e.tenantId, e.payload.items);
        }),
      ]),
      eventConsumer(p.log, 'planning-adu-exclusions', [
        // Leaving a movement out of ADU, or counting it again, re-sizes every buffer of its product.
        on(planningEvents.aduExclusionChanged, async (e) => {
          const tenantId = e.tenantId;
          if (!tenantId) return;
          const items = await p.uow.forTenant(tenantId, (tx) =>
            productBufferItems(tx, tenantId, e.payload.product_id),
          );
          await recalc.recalculateItems(tenantId, items);
        }),
      ]),
    ],
    jobs: [
      {
        name: 'planning-daily-recalculation',
        cron: '15 2 * * *',
        handler: async () => {
          await recalc.recalculateAll();
        },
      },
    ],
  };
};
