import { BaseSequencer, type TestSpecification } from 'vitest/node';

// The e2e files share one server and its demo users. identity.e2e.ts tests
// the first sign-in of bureau.admin (TOTP enrolment), so it runs first;
// scsettings.e2e.ts then resets that second factor and the region's
// settings; notifications.e2e.ts counts a user's unread notices. The other
// files follow in name order, so that a run is the same every time.
const FIRST = ['identity.e2e.ts', 'scsettings.e2e.ts', 'notifications.e2e.ts'];

export default class E2ESequencer extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const name = f.moduleId.split('/').pop() ?? '';
      const i = FIRST.indexOf(name);
      return i === -1 ? FIRST.length : i;
    };
    return Promise.resolve(
      [...files].sort((a, b) => rank(a) - rank(b) || a.moduleId.localeCompare(b.moduleId)),
    );
  }
}
