// The JSON Schema of a configuration file, for editors (yaml-language-server), generated from the
// same zod schema the loader uses. Shipped as schema/lvsd.schema.json.
import * as z from 'zod';
import { fileSchema } from './schema/root.js';

export const SCHEMA_ID = 'https://lvsd.dev/schema/lvsd.schema.json';

export function configJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(fileSchema, { io: 'input', unrepresentable: 'any', target: 'draft-7' });
  return { ...schema, $id: SCHEMA_ID, title: 'lvsd configuration file' };
}
