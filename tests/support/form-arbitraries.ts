import fc from 'fast-check';
import { z } from 'zod';
import { hostileValues } from './hostile-values.ts';

type FieldSchema = { type?: string; enum?: string[]; const?: string; maxLength?: number; pattern?: string };
type ObjectSchema = { properties: Record<string, FieldSchema>; required?: string[] };

const hostile = fc.constantFrom(...hostileValues);

/**
 * A generator of values for one field, driven by its JSON Schema as zod exports it: the values
 * the schema allows (its enum, its const, strings within its length or pattern), strings just
 * past its limits, and hostile ones. `hint` adds values the schema cannot express (a real
 * country code, an email address) so that valid forms come up too.
 */
function fieldArbitrary(field: FieldSchema, hint?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const choices: fc.Arbitrary<string>[] = [hostile, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 30 })];
  if (field.enum) choices.push(fc.constantFrom(...field.enum), fc.constantFrom(...field.enum));
  if (field.const !== undefined) choices.push(fc.constant(field.const), fc.constant(field.const));
  if (field.pattern) choices.push(fc.stringMatching(new RegExp(field.pattern)));
  if (field.maxLength !== undefined) {
    const max = field.maxLength;
    choices.push(fc.string({ minLength: Math.max(0, max - 2), maxLength: max + 2 }));
  }
  if (hint) choices.push(hint, hint);
  return fc.oneof(...choices);
}

/**
 * Forms for a zod schema, field by field from its JSON Schema: each field present or missing,
 * sometimes with a field the schema does not know.
 */
export function formArbitrary(schema: z.ZodType, hints: Record<string, fc.Arbitrary<string>> = {}): fc.Arbitrary<Record<string, string>> {
  const { properties } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as unknown as ObjectSchema;
  const fields = Object.fromEntries(Object.entries(properties).map(([name, field]) => [name, fc.option(fieldArbitrary(field, hints[name]), { freq: 6, nil: undefined })]));
  return fc
    .tuple(fc.record(fields), fc.option(fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), hostile), { freq: 4, nil: undefined }))
    .map(([values, extra]) => {
      const form: Record<string, string> = {};
      for (const [name, value] of Object.entries(values)) if (value !== undefined) form[name] = value;
      if (extra && !(extra[0] in form)) form[extra[0]] = extra[1];
      return form;
    });
}

/**
 * Whether the server must accept this form, judged by the same zod schema, on the form as the
 * server reads it: through URL encoding (broken UTF-16 repaired), with only the schema's fields,
 * and an empty or missing field as Astro passes it (undefined when optional, else null).
 */
export function validForm(schema: z.ZodObject, form: Record<string, string>): boolean {
  const read = Object.fromEntries(
    Object.entries(schema.shape).map(([name, field]) => {
      const value = form[name]?.toWellFormed();
      return [name, value ? value : (field as z.ZodType).def.type === 'optional' ? undefined : null];
    }),
  );
  return schema.safeParse(read).success;
}
