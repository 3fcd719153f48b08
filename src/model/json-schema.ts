import * as z from 'zod';
import { SystemModelSchema } from './schema.js';

/** The SystemModel as JSON Schema (draft 2020-12), the text committed under schema/. */
export function modelJsonSchemaText(): string {
  const schema = z.toJSONSchema(SystemModelSchema, { target: 'draft-2020-12' });
  return `${JSON.stringify({ ...schema, $id: 'https://plumbline.dev/schema/model.schema.json', title: 'Plumbline SystemModel' }, null, 2)}\n`;
}
