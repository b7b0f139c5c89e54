import { describe, expect, it } from 'vitest';

import { accessFor } from './access';

describe('accessFor', () => {
  it('shows every page while there is no signed-in user', () => {
    expect(Object.values(accessFor(null)).every(Boolean)).toBe(true);
  });

  it('gives a user without roles no workbench', () => {
    expect(accessFor({ roles: [] }).canViewWorkbench).toBe(false);
    expect(accessFor({ roles: ['expert'] }).canViewWorkbench).toBe(true);
  });
});
