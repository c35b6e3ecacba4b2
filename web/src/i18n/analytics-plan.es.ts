import type { analyticsPlanEn } from './analytics-plan.en.ts';
import type { Message } from './plural.ts';

/** Spanish strings of the Analytics accuracy and DDS&OP tabs (spread into es.ts); every English key is here. */
export const analyticsPlanEs: Record<keyof typeof analyticsPlanEn, Message> = {
  'accuracy.tab': 'Precisión del pronóstico',
  'accuracy.subtitle':
    'El pronóstico de cada mes, tal como estaba antes de empezar el mes, frente a lo que se vendió. Solo meses completos.',
  'accuracy.overall': 'Global',
  'accuracy.by_method': 'Por método',
  'accuracy.by_class': 'Por tipo de demanda',
  'accuracy.monthly': 'Sesgo y WAPE por mes',
  'accuracy.method': 'Método',
  'accuracy.class': 'Tipo de demanda',
  'accuracy.items': 'Artículos',
  'accuracy.forecast': 'Pronóstico',
  'accuracy.actual': 'Real',
  'accuracy.bias': 'Sesgo',
  'accuracy.mae': 'MAE',
  'accuracy.wape': 'WAPE',
  'accuracy.rmsse': 'RMSSE',
  'accuracy.bias_help': 'Σ(pronóstico − real) ÷ Σ real: por encima de 0 el pronóstico se pasó.',
  'accuracy.wape_help': 'Σ|pronóstico − real| ÷ Σ real: la parte de la demanda que el pronóstico no acertó.',
  'accuracy.rmsse_help':
    'Error frente al pronóstico «igual que el mes pasado»: por debajo de 1, el motor lo hizo mejor.',
  'accuracy.none': 'Todavía no hay nada que evaluar',
  'accuracy.none_body':
    'La precisión aparece cuando termina un mes que el motor pronosticó de antemano. Los pronósticos se calculan cada noche.',
  'ddsop.tab': 'DDS&OP',
  'ddsop.subtitle':
    'Los buffers redimensionados semana a semana según los pronósticos y los ajustes planificados: el inventario que el plan pedirá mantener y lo que pedirá a proveedores y producción.',
  'ddsop.weeks': 'Semanas',
  'ddsop.target_value': 'Objetivo de inventario medio (valor)',
  'ddsop.target_units': 'Objetivo de inventario medio (unidades)',
  'ddsop.chart': 'Objetivo de inventario medio a costo, por semana',
  'ddsop.suppliers': 'Carga semanal por proveedor',
  'ddsop.manufactured': 'Carga semanal por artículo fabricado',
  'ddsop.supplier': 'Proveedor',
  'ddsop.no_supplier': 'Sin proveedor preferido',
  'ddsop.item': 'Artículo',
  'ddsop.total': 'Total',
  'ddsop.space_note': 'El espacio de almacén no se proyecta: los productos aún no tienen volumen.',
  'ddsop.none': 'No hay buffers calculados que proyectar',
  'ddsop.none_body': 'Crea buffers en Planificación; su proyección aparece aquí tras su primer cálculo.',
};
