import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  registerPatient,
  slotAfter,
  type Account,
} from '../utils/api-journeys';
import { drainNotifications } from '../utils/notifications';
import { createTestApp, type TestApp } from '../utils/test-app';
import { errorOf } from '../utils/responses';

interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/** A minimal SSE client over node:http: parses events and comments as they arrive. */
class SseClient {
  readonly events: SseEvent[] = [];
  comments = 0;
  status = 0;
  headers: IncomingMessage['headers'] = {};
  private res: IncomingMessage | null = null;
  private buffer = '';

  static open(port: number, token: string, lastEventId?: string): Promise<SseClient> {
    const client = new SseClient();
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: `${API}/notifications/stream`,
          headers: {
            ...bearer(token),
            Accept: 'text/event-stream',
            ...(lastEventId ? { 'Last-Event-ID': lastEventId } : {}),
          },
        },
        (res) => {
          client.res = res;
          client.status = res.statusCode ?? 0;
          client.headers = res.headers;
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => client.feed(chunk));
          resolve(client);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  private feed(chunk: string): void {
    this.buffer += chunk;
    let at: number;
    while ((at = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, at);
      this.buffer = this.buffer.slice(at + 2);
      const e: SseEvent = { event: 'message', data: '' };
      let fields = 0;
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) {
          this.comments += 1;
        } else if (line.startsWith('id: ')) {
          e.id = line.slice(4);
          fields++;
        } else if (line.startsWith('event: ')) {
          e.event = line.slice(7);
          fields++;
        } else if (line.startsWith('data: ')) {
          e.data += line.slice(6);
          fields++;
        }
      }
      if (fields > 0 && e.event !== 'message') {
        this.events.push(e);
      }
    }
  }

  of(name: string): SseEvent[] {
    return this.events.filter((e) => e.event === name);
  }

  async waitFor(pred: () => boolean, ms = 5000): Promise<void> {
    const until = Date.now() + ms;
    while (!pred()) {
      if (Date.now() > until) {
        throw new Error(`timed out; events: ${JSON.stringify(this.events)}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  close(): void {
    this.res?.destroy();
  }
}

describe('notifications stream over SSE, across two instances (e2e)', () => {
  let a: TestApp;
  let b: TestApp;
  let portB: number;
  let portA: number;
  let doctor: Account;
  let patient: Account;
  const clients: SseClient[] = [];
  const open = async (port: number, who: Account, lastEventId?: string) => {
    const c = await SseClient.open(port, who.accessToken, lastEventId);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    const { email, env } = adminEnv();
    const streamEnv = {
      ...env,
      NOTIFICATIONS_STREAM_POLL_MS: '200',
      NOTIFICATIONS_STREAM_HEARTBEAT_MS: '1000',
    };
    a = await createTestApp({ env: streamEnv });
    b = await createTestApp({ env: streamEnv, mongodbUri: a.config.MONGODB_URI });
    await a.app.listen(0, '127.0.0.1');
    await b.app.listen(0, '127.0.0.1');
    portA = (a.app.getHttpServer().address() as AddressInfo).port;
    portB = (b.app.getHttpServer().address() as AddressInfo).port;
    const admin = await login(a, email);
    doctor = await createBookableDoctor(a, admin);
    patient = await registerPatient(a);
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await b.close({ dropDatabase: false });
    await a.close();
  });

  it('requires a bearer token', async () => {
    const res = await b.http.get(`${API}/notifications/stream`).expect(401);
    expect(errorOf(res).code).toBe('UNAUTHORIZED');
  });

  it('pushes a notification created on instance A to a client of instance B, with the unread count and heartbeats', async () => {
    const doc = await open(portB, doctor);
    expect(doc.status).toBe(200);
    expect(doc.headers['content-type']).toContain('text/event-stream');
    await doc.waitFor(() => doc.of('unread-count').length === 1);
    // The doctor's welcome notification is already there, unread.
    expect(JSON.parse(doc.of('unread-count')[0].data)).toMatchObject({ count: 1 });

    await bookRequest(a, patient, doctor.id, slotAfter(50)).expect(201);
    await drainNotifications(a);
    await doc.waitFor(() => doc.of('notification').length === 1, 3000);
    const [n] = doc.of('notification');
    expect(JSON.parse(n.data)).toMatchObject({ type: 'new_booking', readAt: null });
    expect(n.id).toMatch(/^\d+$/);
    await doc.waitFor(() => doc.of('unread-count').length === 2);
    expect(JSON.parse(doc.of('unread-count')[1].data)).toMatchObject({ count: 2 });
    // The patient's stream (on A) gets the patient's notification, not the doctor's.
    await doc.waitFor(() => doc.comments >= 1, 3000);
    doc.close();
  });

  it('a dropped client resumes with Last-Event-ID: nothing lost, nothing repeated', async () => {
    const first = await open(portB, doctor);
    await first.waitFor(() => first.of('unread-count').length === 1);
    await bookRequest(a, patient, doctor.id, slotAfter(60)).expect(201);
    await drainNotifications(a);
    await first.waitFor(() => first.of('notification').length === 1);
    const lastId = first.of('notification')[0].id as string;
    first.close();

    // While no client is connected, two more notifications arrive.
    const p2 = await registerPatient(a);
    await bookRequest(a, p2, doctor.id, slotAfter(61)).expect(201);
    await a.http.put(`${API}/follows/${doctor.id}`).set(bearer(p2.accessToken)).expect(200);
    await drainNotifications(a);

    // The client comes back on the other instance.
    const again = await open(portA, doctor, lastId);
    await again.waitFor(() => again.of('notification').length >= 2);
    await new Promise((r) => setTimeout(r, 600)); // a few more ticks: nothing repeats
    const ids = again.of('notification').map((e) => Number(e.id));
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBeGreaterThan(Number(lastId));
    expect(ids[1]).toBeGreaterThan(ids[0]);
    expect(
      again
        .of('notification')
        .map((e) => (JSON.parse(e.data) as { type: string }).type)
        .sort(),
    ).toEqual(['new_booking', 'new_follower']);

    // A client on each instance: one new notification reaches both, once each.
    const other = await open(portB, doctor);
    await other.waitFor(() => other.of('unread-count').length === 1);
    const p3 = await registerPatient(a);
    await bookRequest(b, p3, doctor.id, slotAfter(62)).expect(201);
    await Promise.all([drainNotifications(a), drainNotifications(b)]);
    await other.waitFor(() => other.of('notification').length === 1);
    await again.waitFor(() => again.of('notification').length === 3);
    await new Promise((r) => setTimeout(r, 600));
    expect(other.of('notification')).toHaveLength(1);
    expect(again.of('notification')).toHaveLength(3);
    expect(other.of('notification')[0].id).toBe(again.of('notification')[2].id);
  });
});
