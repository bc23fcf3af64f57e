// fault.renameField: upstream renames a field (a schema change nobody announced). The serving request
// still asks for the old name, finds nothing, and the pipeline imputes: every value of the field is
// missing (NaN for a numeric field, filled by the transform version's fill value; MISSING for a
// categorical one, which encodes to no active category). The logged records carry the gap too, so
// the refits that follow learn on an empty column.
import { z } from 'zod';
import {
  ANY_TASK,
  active,
  blankField,
  fieldFaultProblems,
  fieldParam,
  windowOf,
  windowShape,
} from './fault-common.ts';
import type { EventDef } from './types.ts';

const schema = z
  .strictObject({
    kind: z.literal('fault.renameField'),
    ...windowShape,
    field: fieldParam('Raw field (numeric or categorical) that upstream renames.'),
    to: z
      .string()
      .min(1)
      .optional()
      .describe('Its new upstream name, for reports. Default: the field name with a "_v2" suffix.'),
  })
  .describe('Upstream renames a field: serving sees it missing and imputes.');

export const faultRenameField: EventDef<typeof schema> = {
  kind: 'fault.renameField',
  doc: 'Upstream renames a raw field; serving finds it missing on every row and imputes (numeric: the fill value; categorical: no category).',
  cause: 'pipeline',
  tasks: ANY_TASK,
  schema,
  check(e, scenario) {
    return fieldFaultProblems(e, 'any', scenario);
  },
  incident(e, scenario) {
    return {
      ...windowOf(e, scenario),
      affects: ['pipeline', e.field],
      label: `${e.field} renamed upstream to ${e.to ?? `${e.field}_v2`}: serving imputes it`,
    };
  },
  apply() {},
  corrupt(e, { t, schema: raw, raw: batch }) {
    if (active(e, t)) blankField(raw, batch, e.field);
  },
};
