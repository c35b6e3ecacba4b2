import { QuantityIn } from '../catalog/index.ts';

/**
 * A quantity above zero, as a JSON number or decimal string (kept as text for numeric), at most
 * a billion with 6 decimals; the product's unit step is checked once the product is known.
 */
export const OrderQuantity = QuantityIn('positive');
