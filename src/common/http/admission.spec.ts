import { EventEmitter } from 'node:events';
import type { NextFunction, Request, Response } from 'express';
import { admission, bypassesAdmission } from './admission';

class FakeRes extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  headers: Record<string, string> = {};
  body: unknown;
  setHeader(name: string, value: string) {
    this.headers[name.toLowerCase()] = value;
  }
  status(code: number) {
    this.statusCode = code;
    return this;
  }
  json(body: unknown) {
    this.body = body;
    this.headersSent = true;
    this.emit('finish');
    return this;
  }
  finish() {
    this.emit('finish');
    this.emit('close');
  }
}

const req = (path = '/api/v1/users/me', contentType?: string) =>
  ({
    path,
    method: 'GET',
    headers: contentType ? { 'content-type': contentType } : {},
  }) as unknown as Request;

function harness(options = { maxInFlight: 2, queueLimit: 10, queueTimeoutMs: 60_000 }) {
  const mw = admission(options);
  const started: number[] = [];
  const responses: FakeRes[] = [];
  const send = (i: number, r: Request = req()) => {
    const res = new FakeRes();
    responses[i] = res;
    mw(r, res as unknown as Response, (() => started.push(i)) as NextFunction);
    return res;
  };
  return { send, started, responses };
}

describe('admission', () => {
  afterEach(() => jest.useRealTimers());

  it('lets maxInFlight requests in and starts the others in arrival order as places free', () => {
    const h = harness();
    [0, 1, 2, 3].forEach((i) => h.send(i));
    expect(h.started).toEqual([0, 1]);
    h.responses[1].finish();
    expect(h.started).toEqual([0, 1, 2]);
    h.responses[0].emit('close'); // a connection closed mid-request frees its place too
    expect(h.started).toEqual([0, 1, 2, 3]);
  });

  it('gives a place back once when both finish and close are emitted', () => {
    const h = harness();
    [0, 1, 2, 3, 4].forEach((i) => h.send(i));
    h.responses[0].finish(); // finish + close: one place
    expect(h.started).toEqual([0, 1, 2]);
  });

  it('drops a waiting request whose client went away, and never starts it', () => {
    const h = harness();
    [0, 1, 2, 3].forEach((i) => h.send(i));
    h.responses[2].emit('close');
    h.responses[0].finish();
    expect(h.started).toEqual([0, 1, 3]);
  });

  it('answers 503 with Retry-After when the queue is full', () => {
    const h = harness({ maxInFlight: 1, queueLimit: 1, queueTimeoutMs: 60_000 });
    [0, 1, 2].forEach((i) => h.send(i));
    expect(h.started).toEqual([0]);
    expect(h.responses[2].statusCode).toBe(503);
    expect(h.responses[2].headers['retry-after']).toBe('1');
    expect(h.responses[2].body).toMatchObject({ success: false, code: 'SERVICE_UNAVAILABLE' });
    h.responses[0].finish();
    expect(h.started).toEqual([0, 1]);
  });

  it('answers 503 to a request that waited queueTimeoutMs, and it never starts', () => {
    jest.useFakeTimers();
    const h = harness({ maxInFlight: 1, queueLimit: 10, queueTimeoutMs: 1000 });
    [0, 1].forEach((i) => h.send(i));
    jest.advanceTimersByTime(1000);
    expect(h.responses[1].statusCode).toBe(503);
    h.responses[0].finish();
    expect(h.started).toEqual([0]);
    h.send(2);
    expect(h.started).toEqual([0, 2]);
  });

  it('never holds back probes, the notification stream or uploads, nor anything with limit 0', () => {
    expect(bypassesAdmission(req('/health'))).toBe(true);
    expect(bypassesAdmission(req('/health/ready'))).toBe(true);
    expect(bypassesAdmission(req('/api/v1/health'))).toBe(true);
    expect(bypassesAdmission(req('/api/v1/healthy'))).toBe(false);
    expect(bypassesAdmission(req('/api/v1/notifications/stream'))).toBe(true);
    expect(bypassesAdmission(req('/api/v1/admin/doctors', 'multipart/form-data; boundary=x'))).toBe(
      true,
    );
    expect(bypassesAdmission(req('/api/v1/users/me', 'application/json'))).toBe(false);
    const h = harness({ maxInFlight: 1, queueLimit: 10, queueTimeoutMs: 60_000 });
    h.send(0);
    h.send(1, req('/health'));
    expect(h.started).toEqual([0, 1]);
    const off = harness({ maxInFlight: 0, queueLimit: 0, queueTimeoutMs: 1 });
    [0, 1, 2].forEach((i) => off.send(i));
    expect(off.started).toEqual([0, 1, 2]);
  });
});
