import { z } from 'zod';

/**
 * `schema` with unknown keys refused at every level (objects, array
 * elements, record values, optionals), so a test that parses a complete
 * domain object through it fails when the schema lacks one of its fields.
 */
export function strictSchema(schema: z.ZodType): z.ZodType {
  if (schema instanceof z.ZodObject) return z.strictObject(Object.fromEntries(Object.entries(schema.shape as Record<string, z.ZodType>).map(([k, v]) => [k, strictSchema(v)])));
  if (schema instanceof z.ZodArray) return z.array(strictSchema(schema.element as z.ZodType));
  if (schema instanceof z.ZodRecord) return z.record(schema.keyType as z.ZodString, strictSchema(schema.valueType as z.ZodType));
  if (schema instanceof z.ZodOptional) return strictSchema(schema.unwrap() as z.ZodType).optional();
  return schema;
}
