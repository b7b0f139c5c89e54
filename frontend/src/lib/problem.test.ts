import { describe, expect, it } from 'vitest';

import { fieldErrors, toProblem } from './problem';

const badRequest = { status: 422, statusText: 'Unprocessable Entity' };

describe('toProblem', () => {
  it('keeps what a problem+json body says, field errors included', () => {
    const problem = toProblem(
      {
        $schema: 'http://127.0.0.1/api/schemas/ErrorModel.json',
        type: 'about:blank',
        title: 'Unprocessable Entity',
        status: 422,
        detail: 'validation failed',
        errors: [
          { location: 'body.claimed_amount', message: '金额必须大于 0', value: '-1' },
          { location: 'body.claimed_amount', message: '最多两位小数' },
        ],
      },
      badRequest,
    );
    expect(problem).toMatchObject({ title: 'Unprocessable Entity', status: 422, detail: 'validation failed' });
    expect(fieldErrors(problem)).toEqual({ 'body.claimed_amount': ['金额必须大于 0', '最多两位小数'] });
  });

  it('turns a plain-text or empty error from a proxy into a problem with the HTTP status', () => {
    expect(toProblem('upstream connect error', { status: 502, statusText: 'Bad Gateway' })).toEqual({
      title: 'Bad Gateway',
      status: 502,
      detail: 'upstream connect error',
    });
    expect(toProblem(undefined, { status: 504, statusText: '' })).toEqual({
      title: 'HTTP 504',
      status: 504,
      detail: undefined,
    });
  });
});
