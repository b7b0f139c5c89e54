import { readFile } from 'node:fs/promises';

import { describe, expect, it } from 'vitest';

import { generateSchemaTypes, schemaPath, specPath } from '../../scripts/api-types.mjs';

describe('generated API types', () => {
  it('schema.d.ts matches openapi.json (run `npm run gen:api` when this fails)', async () => {
    const expected = await generateSchemaTypes(specPath);
    const committed = await readFile(schemaPath, 'utf8');
    expect(committed, 'src/api/schema.d.ts is stale: run `npm run gen:api`').toBe(expected);
  });
});
