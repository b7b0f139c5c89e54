// npm run gen:api — regenerate the API contract, from the root or from frontend/:
//   1. the Go backend writes frontend/src/api/openapi.json
//      (`go run ./backend/cmd/teyi openapi --out …`, run in the repository root);
//   2. openapi-typescript turns it into frontend/src/api/schema.d.ts.
// `--types-only` skips step 1 and regenerates the types from the committed document.
import { execFileSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { generateSchemaTypes, repoRoot, schemaPath, specPath } from './api-types.mjs';

const typesOnly = process.argv.includes('--types-only');

if (!typesOnly) {
  try {
    execFileSync('go', ['run', './backend/cmd/teyi', 'openapi', '--out', specPath], {
      cwd: repoRoot,
      stdio: 'inherit',
    });
  } catch (err) {
    console.error(`gen:api: \`go run ./backend/cmd/teyi openapi\` failed (${err.message}).`);
    process.exit(1);
  }
}

await writeFile(schemaPath, await generateSchemaTypes(specPath), 'utf8');
console.log(`gen:api: ${path.relative(repoRoot, specPath)} → ${path.relative(repoRoot, schemaPath)}`);
