import { Types } from 'mongoose';
import { BreakGlassService } from '../../src/modules/clinical-access/break-glass.service';
import { RecordAccessService } from '../../src/modules/clinical-access/record-access.service';
import {
  adminEnv,
  API,
  bearer,
  createDoctorRequest,
  createBookableDoctor,
  INITIAL_DOCTOR_PASSWORD,
  login,
  PASSWORD,
  uniqueEmail,
  type Account,
} from '../utils/api-journeys';
import { drainNotifications } from '../utils/notifications';
import { readableMail, startSmtpCapture, type SmtpCapture } from '../utils/smtp';
import { createTestApp, type TestApp } from '../utils/test-app';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import type { AuthTokensDto } from '../../src/modules/auth/dto/auth-tokens.dto';
import type {
  AuditEntryDto,
  BreakGlassGrantDto,
  ChainReportDto,
  RecordAccessDto,
} from '../../src/modules/clinical-access/dto/audit.dto';
import type { AdminDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';
import type { NotificationDto } from '../../src/modules/notifications/dto/notification.dto';

const REASON = 'Patient unconscious in the emergency ward; treating doctor unreachable';

/** The clinical access audit and break-glass, state set up through the public API. */
describe('clinical access (e2e)', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let admin: Account;
  let doctor: Account;

  const register = async (name = 'Asha Patient') => {
    const email = uniqueEmail('patient');
    const res = await t.http
      .post(`${API}/auth/register`)
      .send({ name, email, password: PASSWORD })
      .expect(201);
    return {
      id: dataOf<AuthTokensDto>(res).user.id,
      accessToken: dataOf<AuthTokensDto>(res).accessToken,
      email,
    };
  };
  const recordAccess = (who: Account | null, query = '') => {
    const req = t.http.get(`${API}/me/record-access${query}`);
    return who ? req.set(bearer(who.accessToken)) : req;
  };
  const auditList = (query: Record<string, string | number>) =>
    t.http.get(`${API}/admin/audit`).query(query).set(bearer(admin.accessToken));
  const breakGlass = (who: Account | null, body: unknown) => {
    const req = t.http.post(`${API}/admin/break-glass`).send(body as object);
    return who ? req.set(bearer(who.accessToken)) : req;
  };

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    const a = adminEnv();
    t = await createTestApp({
      env: {
        ...a.env,
        SMTP_HOST: '127.0.0.1',
        SMTP_PORT: String(smtp.port),
        SMTP_SECURE: 'false',
        SMTP_FROM: 'DocBook <no-reply@docbook.test>',
        BREAK_GLASS_MINUTES: '45',
      },
    });
    admin = await login(t, a.email);
    doctor = await createBookableDoctor(t, admin);
  }, 60_000);

  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('GET /me/record-access', () => {
    it("lists the patient's own reads of it, newest first, each read itself recorded", async () => {
      const patient = await register('Ravi Kumar');
      const first = await recordAccess(patient)
        .set('X-Request-Id', 'journey-read-0001')
        .expect(200);
      expect(pageOf<RecordAccessDto>(first)).toMatchObject({ total: 1, page: 1, limit: 20 });
      expect(pageOf<RecordAccessDto>(first).items).toEqual([
        {
          at: expect.any(String),
          actor: { role: 'patient', name: 'Ravi Kumar', you: true },
          action: 'list',
          resourceType: 'record_access',
          purpose: 'self',
          outcome: 'allowed',
        },
      ]);
      const second = await recordAccess(patient, '?limit=1').expect(200);
      expect(pageOf<RecordAccessDto>(second)).toMatchObject({ total: 2, page: 1, limit: 1 });
      expect(pageOf<RecordAccessDto>(second).items).toHaveLength(1);
      expect(Date.parse(pageOf<RecordAccessDto>(second).items[0].at)).toBeGreaterThanOrEqual(
        Date.parse(pageOf<RecordAccessDto>(first).items[0].at),
      );

      // The admin's view of the same entry: request id and client IP, no clinical values.
      const entries = await auditList({ patientId: patient.id, limit: 100 }).expect(200);
      const mine = pageOf<AuditEntryDto>(entries).items.find(
        (e) => e.requestId === 'journey-read-0001',
      );
      expect(mine).toMatchObject({
        actor: { id: patient.id, role: 'patient' },
        patientId: patient.id,
        resource: { type: 'record_access', id: null },
        action: 'list',
        purpose: 'self',
        outcome: 'allowed',
        reason: null,
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        breakGlassGrantId: null,
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
    });

    it('validates paging (400) and refuses unknown query fields', async () => {
      const patient = await register();
      for (const q of ['?limit=0', '?limit=101', '?page=abc', '?sort=at']) {
        const res = await recordAccess(patient, q).expect(400);
        expect(errorOf(res).code).toBe('VALIDATION_FAILED');
      }
      const op = await recordAccess(patient, '?page[$gt]=1').expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
    });

    it('refusals by the guards answer as before and are recorded as denied', async () => {
      const before = await t.http.get(`${API}/notifications`).expect(401);
      const anonymous = await recordAccess(null)
        .set('X-Request-Id', 'denied-anon-0001')
        .expect(401);
      const { requestId: _a, ...anonBody } = errorOf(anonymous);
      const { requestId: _b, ...plainBody } = errorOf(before);
      expect(anonBody).toEqual(plainBody);
      expect(errorOf(anonymous).code).toBe('UNAUTHORIZED');

      const badToken = await t.http
        .get(`${API}/me/record-access`)
        .set('Authorization', 'Bearer not-a-token')
        .set('X-Request-Id', 'denied-token-0001')
        .expect(401);
      expect(errorOf(badToken).code).toBe('UNAUTHORIZED');

      const asDoctor = await recordAccess(doctor)
        .set('X-Request-Id', 'denied-doctor-01')
        .expect(403);
      expect(errorOf(asDoctor)).toMatchObject({ success: false, code: 'FORBIDDEN_ROLE' });
      const asAdmin = await recordAccess(admin).set('X-Request-Id', 'denied-admin-001').expect(403);
      expect(errorOf(asAdmin).code).toBe('FORBIDDEN_ROLE');

      // A doctor an admin created, still on the initial password.
      const email = uniqueEmail('pending');
      const created = await createDoctorRequest(t, admin, email).expect(201);
      const pending = await login(t, email, INITIAL_DOCTOR_PASSWORD);
      const held = await recordAccess(pending).set('X-Request-Id', 'denied-pending-1').expect(403);
      expect(errorOf(held).code).toBe('PASSWORD_CHANGE_REQUIRED');

      const denied = await auditList({
        resourceType: 'record_access',
        outcome: 'denied',
        limit: 100,
      }).expect(200);
      const byRequest = new Map(pageOf<AuditEntryDto>(denied).items.map((e) => [e.requestId, e]));
      expect(byRequest.get('denied-anon-0001')).toMatchObject({
        actor: { id: null, role: 'anonymous' },
        patientId: null,
        resource: { type: 'record_access', id: null },
        action: 'list',
        purpose: null,
        outcome: 'denied',
        reason: 'UNAUTHORIZED',
      });
      expect(byRequest.get('denied-token-0001')).toMatchObject({
        actor: { id: null, role: 'anonymous' },
        reason: 'UNAUTHORIZED',
      });
      expect(byRequest.get('denied-doctor-01')).toMatchObject({
        actor: { id: doctor.id, role: 'doctor' },
        reason: 'FORBIDDEN_ROLE',
      });
      expect(byRequest.get('denied-admin-001')).toMatchObject({
        actor: { id: admin.id, role: 'admin' },
        reason: 'FORBIDDEN_ROLE',
      });
      expect(byRequest.get('denied-pending-1')).toMatchObject({
        actor: { id: dataOf<AdminDoctorDto>(created).id, role: 'doctor' },
        reason: 'PASSWORD_CHANGE_REQUIRED',
      });

      // A refused route that is not clinical leaves no entry.
      const total = pageOf<AuditEntryDto>(denied).total;
      await t.http.get(`${API}/admin/outbox`).set(bearer(doctor.accessToken)).expect(403);
      const after = await auditList({ resourceType: 'record_access', outcome: 'denied' }).expect(
        200,
      );
      expect(pageOf<AuditEntryDto>(after).total).toBe(total);
    });
  });

  describe('GET /admin/audit', () => {
    it('filters by patient, actor, action, outcome, resource type and dates, newest first', async () => {
      const p1 = await register();
      const p2 = await register();
      const start = new Date().toISOString();
      await recordAccess(p1).expect(200);
      await recordAccess(p1).expect(200);
      await recordAccess(p2).expect(200);

      // The admin's own queries name the patient too (purpose audit): filter by actor as well.
      const ofP1 = await auditList({
        patientId: p1.id,
        actorId: p1.id,
        resourceType: 'record_access',
      }).expect(200);
      expect(pageOf<AuditEntryDto>(ofP1).total).toBe(2);
      const [newer, older] = pageOf<AuditEntryDto>(ofP1).items;
      expect(newer.seq).toBeGreaterThan(older.seq);
      expect(Date.parse(newer.at)).toBeGreaterThanOrEqual(Date.parse(older.at));

      const byActor = await auditList({ actorId: p2.id }).expect(200);
      expect(pageOf<AuditEntryDto>(byActor).items.map((e) => e.actor.id)).toEqual([p2.id]);
      const combined = await auditList({
        patientId: p1.id,
        actorId: p1.id,
        action: 'list',
        outcome: 'allowed',
        resourceType: 'record_access',
        from: start,
        to: new Date(Date.now() + 60_000).toISOString(),
      }).expect(200);
      expect(pageOf<AuditEntryDto>(combined).total).toBe(2);
      const none = await auditList({ patientId: p1.id, outcome: 'denied' }).expect(200);
      expect(pageOf<AuditEntryDto>(none)).toMatchObject({ items: [], total: 0 });
      const later = await auditList({ from: new Date(Date.now() + 60_000).toISOString() }).expect(
        200,
      );
      expect(pageOf<AuditEntryDto>(later).total).toBe(0);
      const paged = await auditList({ patientId: p1.id, actorId: p1.id, limit: 1, page: 2 }).expect(
        200,
      );
      expect(pageOf<AuditEntryDto>(paged)).toMatchObject({ total: 2, page: 2, limit: 1 });
      expect(pageOf<AuditEntryDto>(paged).items[0].id).toBe(older.id);
    });

    it('records the admin query itself (purpose audit)', async () => {
      const p = await register();
      await auditList({ patientId: p.id }).set('X-Request-Id', 'admin-query-0001').expect(200);
      const res = await auditList({ actorId: admin.id, action: 'list', limit: 100 }).expect(200);
      expect(
        pageOf<AuditEntryDto>(res).items.find((e) => e.requestId === 'admin-query-0001'),
      ).toMatchObject({
        actor: { id: admin.id, role: 'admin' },
        patientId: p.id,
        resource: { type: 'record_access', id: null },
        purpose: 'audit',
        outcome: 'allowed',
      });
    });

    it('refuses bad filters with 400, other roles with 403, anonymous with 401', async () => {
      const cases: [Record<string, string>, string][] = [
        [{ patientId: 'nope' }, 'INVALID_ID'],
        [{ actorId: '123' }, 'INVALID_ID'],
        [{ outcome: 'maybe' }, 'VALIDATION_FAILED'],
        [{ action: 'delete' }, 'VALIDATION_FAILED'],
        [{ resourceType: 'x-ray' }, 'VALIDATION_FAILED'],
        [{ from: 'yesterday' }, 'VALIDATION_FAILED'],
        [{ color: 'red' }, 'VALIDATION_FAILED'],
        [{ limit: '1000' }, 'VALIDATION_FAILED'],
        [
          { from: '2026-12-02T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
          'INVALID_DATE_RANGE',
        ],
      ];
      for (const [query, code] of cases) {
        const res = await auditList(query).expect(400);
        expect(errorOf(res).code).toBe(code);
      }
      const op = await t.http
        .get(`${API}/admin/audit?patientId[$ne]=x`)
        .set(bearer(admin.accessToken))
        .expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
      const patient = await register();
      for (const who of [patient, doctor]) {
        const res = await t.http.get(`${API}/admin/audit`).set(bearer(who.accessToken)).expect(403);
        expect(errorOf(res).code).toBe('FORBIDDEN_ROLE');
        const v = await t.http
          .get(`${API}/admin/audit/verify`)
          .set(bearer(who.accessToken))
          .expect(403);
        expect(errorOf(v).code).toBe('FORBIDDEN_ROLE');
      }
      expect(errorOf(await t.http.get(`${API}/admin/audit`).expect(401)).code).toBe('UNAUTHORIZED');
      expect(errorOf(await t.http.get(`${API}/admin/audit/verify`).expect(401)).code).toBe(
        'UNAUTHORIZED',
      );
    });

    it('the chain of everything above verifies', async () => {
      const res = await t.http
        .get(`${API}/admin/audit/verify`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<ChainReportDto>(res)).toMatchObject({ intact: true, firstBreak: null });
      expect(dataOf<ChainReportDto>(res).checked).toBe(dataOf<ChainReportDto>(res).head.seq);
      expect(dataOf<ChainReportDto>(res).checked).toBeGreaterThan(5);
    });
  });

  describe('POST /admin/break-glass', () => {
    it('grants time-boxed access, audited, announced to the patient in the app and by e-mail', async () => {
      const patient = await register('Meera Shah');
      const before = Date.now();
      const res = await breakGlass(admin, { patientId: patient.id, reason: `  ${REASON}  ` })
        .set('X-Request-Id', 'break-glass-0001')
        .expect(201);
      const grant = dataOf<BreakGlassGrantDto>(res);
      expect(grant).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{24}$/),
        patientId: patient.id,
        reason: REASON,
        grantedAt: expect.any(String),
        expiresAt: expect.any(String),
      });
      const minutes = (Date.parse(grant.expiresAt) - Date.parse(grant.grantedAt)) / 60_000;
      expect(minutes).toBe(45);
      expect(Date.parse(grant.grantedAt)).toBeGreaterThanOrEqual(before - 1000);

      // The records module asks this before serving the admin.
      const active = await t.get(BreakGlassService).activeGrant(admin.id, patient.id);
      expect(active).toEqual({
        id: grant.id,
        adminId: admin.id,
        patientId: patient.id,
        expiresAt: new Date(grant.expiresAt),
      });
      expect(await t.get(BreakGlassService).activeGrant(doctor.id, patient.id)).toBeNull();
      expect(await t.get(BreakGlassService).activeGrant(admin.id, doctor.id)).toBeNull();
      expect(await t.get(BreakGlassService).activeGrant('bad', patient.id)).toBeNull();

      const listed = await t.http
        .get(`${API}/admin/break-glass`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<BreakGlassGrantDto[]>(listed).map((g) => g.id)).toContain(grant.id);

      const audit = await auditList({ patientId: patient.id, resourceType: 'break_glass' }).expect(
        200,
      );
      expect(pageOf<AuditEntryDto>(audit).items).toEqual([
        expect.objectContaining({
          actor: { id: admin.id, role: 'admin' },
          patientId: patient.id,
          resource: { type: 'break_glass', id: grant.id },
          action: 'grant',
          purpose: 'break_glass',
          outcome: 'allowed',
          requestId: 'break-glass-0001',
          breakGlassGrantId: grant.id,
        }),
      ]);
      // The reason is kept with the grant, never in the audit entry.
      expect(JSON.stringify(pageOf<AuditEntryDto>(audit).items)).not.toContain('unconscious');

      const seen = await recordAccess(patient).expect(200);
      expect(pageOf<RecordAccessDto>(seen).items).toContainEqual({
        at: expect.any(String),
        actor: { role: 'admin', name: 'Administrator', you: false },
        action: 'grant',
        resourceType: 'break_glass',
        purpose: 'break_glass',
        outcome: 'allowed',
      });

      // The whole history in the same shape, for the data export.
      const history = await t.get(RecordAccessService).history(patient.id);
      expect(history[0]).toMatchObject({ action: 'list', resourceType: 'record_access' });
      expect(history).toContainEqual(expect.objectContaining({ resourceType: 'break_glass' }));

      const sent = await drainNotifications(t);
      expect(sent).toMatchObject({ failed: 0 });
      const inbox = await t.http
        .get(`${API}/notifications`)
        .set(bearer(patient.accessToken))
        .expect(200);
      const note = pageOf<NotificationDto>(inbox).items.find(
        (n) => n.type === 'record_break_glass',
      );
      expect(note).toMatchObject({ title: 'Emergency access to your record' });
      expect(note?.body).toContain(REASON);
      const mails = smtp.to(patient.email);
      expect(mails).toHaveLength(1);
      const text = readableMail(mails[0].raw);
      expect(text).toContain('Emergency access to your DocBook medical record');
      expect(text).toContain('break-glass');
      // The reason stays in the app.
      expect(text).not.toContain('unconscious');
      // Delivered once, even when the relay runs again.
      await drainNotifications(t);
      expect(smtp.to(patient.email)).toHaveLength(1);
    });

    it('a grant ends when its time is up', async () => {
      const patient = await register();
      const res = await breakGlass(admin, { patientId: patient.id, reason: REASON }).expect(201);
      await t.connection
        .collection('break_glass_grants')
        .updateOne(
          { _id: new Types.ObjectId(dataOf<BreakGlassGrantDto>(res).id) },
          { $set: { expiresAt: new Date(Date.now() - 1000) } },
        );
      expect(await t.get(BreakGlassService).activeGrant(admin.id, patient.id)).toBeNull();
      const listed = await t.http
        .get(`${API}/admin/break-glass`)
        .set(bearer(admin.accessToken))
        .expect(200);
      expect(dataOf<BreakGlassGrantDto[]>(listed).map((g) => g.id)).not.toContain(
        dataOf<BreakGlassGrantDto>(res).id,
      );
    });

    it('answers 404 for an id that is no patient, and validates the body', async () => {
      const patient = await register();
      for (const id of [new Types.ObjectId().toHexString(), doctor.id, admin.id]) {
        const res = await breakGlass(admin, { patientId: id, reason: REASON }).expect(404);
        expect(errorOf(res).code).toBe('PATIENT_NOT_FOUND');
      }
      const cases: [unknown, string][] = [
        [{ patientId: 'nope', reason: REASON }, 'INVALID_ID'],
        [{ patientId: patient.id }, 'VALIDATION_FAILED'],
        [{ patientId: patient.id, reason: 'too short' }, 'VALIDATION_FAILED'],
        [{ patientId: patient.id, reason: '          x         ' }, 'VALIDATION_FAILED'],
        [{ patientId: patient.id, reason: 'x'.repeat(501) }, 'VALIDATION_FAILED'],
        [{ patientId: patient.id, reason: 42 }, 'VALIDATION_FAILED'],
        [{ patientId: patient.id, reason: REASON, minutes: 600 }, 'VALIDATION_FAILED'],
        [{ reason: REASON }, 'VALIDATION_FAILED'],
      ];
      for (const [body, code] of cases) {
        const res = await breakGlass(admin, body).expect(400);
        expect(errorOf(res).code).toBe(code);
      }
      const op = await breakGlass(admin, { patientId: { $ne: null }, reason: REASON }).expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
      // 500 characters is the limit.
      await breakGlass(admin, { patientId: patient.id, reason: 'x'.repeat(500) }).expect(201);
      // Nothing was granted by the refused calls.
      const audit = await auditList({ patientId: patient.id, resourceType: 'break_glass' }).expect(
        200,
      );
      expect(pageOf<AuditEntryDto>(audit).total).toBe(1);
    });

    it('refuses other roles (403, recorded as denied) and anonymous callers (401)', async () => {
      const patient = await register();
      for (const who of [patient, doctor]) {
        const res = await breakGlass(who, { patientId: patient.id, reason: REASON }).expect(403);
        expect(errorOf(res).code).toBe('FORBIDDEN_ROLE');
        const list = await t.http
          .get(`${API}/admin/break-glass`)
          .set(bearer(who.accessToken))
          .expect(403);
        expect(errorOf(list).code).toBe('FORBIDDEN_ROLE');
      }
      const anon = await breakGlass(null, { patientId: patient.id, reason: REASON }).expect(401);
      expect(errorOf(anon).code).toBe('UNAUTHORIZED');
      const denied = await auditList({ resourceType: 'break_glass', outcome: 'denied' }).expect(
        200,
      );
      const actors = pageOf<AuditEntryDto>(denied).items.map((e) => e.actor.role);
      expect(actors).toEqual(expect.arrayContaining(['patient', 'doctor', 'anonymous']));
      expect(await t.get(BreakGlassService).activeGrant(doctor.id, patient.id)).toBeNull();
    });
  });
});
