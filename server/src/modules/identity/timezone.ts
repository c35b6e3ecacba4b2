import { z } from 'zod';
import { isTimeZone } from '../../platform/dates.ts';

/** A user's or an organisation's time zone, as a request names it. */
export const Timezone = z.string().refine(isTimeZone, {
  message: 'must be an IANA time zone such as America/Bogota',
});
