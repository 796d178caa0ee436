import { Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllExceptionsFilter } from './all-exceptions.filter';

function fakeResponse() {
  const res = {
    headersSent: false,
    statusCode: 0,
    body: undefined as unknown,
    setHeader: jest.fn(),
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      return res;
    },
  };
  return res;
}

describe('AllExceptionsFilter', () => {
  afterEach(() => jest.restoreAllMocks());

  it('answers an unexpected error with a generic 500 and logs it without stack or personal data', () => {
    const logged: unknown[][] = [];
    jest.spyOn(Logger.prototype, 'error').mockImplementation((...args: unknown[]) => {
      logged.push(args);
    });
    const res = fakeResponse();
    const req = { id: 'req-1', method: 'POST', path: '/api/v1/x' } as unknown as Request;
    const err = new Error('Cannot reach ravi@example.com');
    AllExceptionsFilter.respond(err, req, res as unknown as Response);

    expect(res.statusCode).toBe(500);
    expect(res.body).toEqual({
      success: false,
      message: 'Internal server error',
      code: 'INTERNAL_ERROR',
      requestId: 'req-1',
    });
    const text = JSON.stringify(logged);
    expect(text).toContain('Cannot reach [email]');
    expect(text).not.toContain('ravi@example.com');
    expect(text).not.toContain(err.stack?.split('\n')[1]?.trim() ?? 'never');
    expect(text).not.toMatch(/\bat .+:\d+:\d+/);
  });
});
