/** Planning's day arithmetic is the platform's: ISO `YYYY-MM-DD`, computed in UTC. */
export { addDays, dayNumber, isoDay } from '../../../platform/dates.ts';
