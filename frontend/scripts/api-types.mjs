// The one place that turns the OpenAPI document into TypeScript types, shared
// by `npm run gen:api` (scripts/gen-api.mjs) and the staleness test
// (src/api/schema.test.ts), so both always produce the same bytes. It calls
// openapi-typescript's Node API exactly as its CLI does with no flags
// (COMMENT_HEADER + astToString(openapiTS(url))).
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

export const frontendDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const repoRoot = path.resolve(frontendDir, '..');
export const specPath = path.join(frontendDir, 'src', 'api', 'openapi.json');
export const schemaPath = path.join(frontendDir, 'src', 'api', 'schema.d.ts');

/** Types for the OpenAPI document at `spec` (default: the committed one), as schema.d.ts text. */
export async function generateSchemaTypes(spec = specPath) {
  const ast = await openapiTS(pathToFileURL(spec), { silent: true });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}
