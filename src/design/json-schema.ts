import * as z from 'zod';
import { RequirementsSchema } from './requirements.js';

/** The requirements file format as JSON Schema (draft 2020-12), the text committed under schema/. */
export function requirementsJsonSchemaText(): string {
  const schema = z.toJSONSchema(RequirementsSchema, { target: 'draft-2020-12', io: 'input' });
  return `${JSON.stringify({ ...schema, $id: 'https://plumbline.dev/schema/requirements.schema.json', title: 'Plumbline requirements' }, null, 2)}\n`;
}
