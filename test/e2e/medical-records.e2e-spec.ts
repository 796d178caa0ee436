import { randomUUID } from 'node:crypto';
import { Types } from 'mongoose';
import { AppointmentsRepository } from '../../src/modules/appointments/appointments.repository';
import { CARE_RELATIONSHIP_STATUSES } from '../../src/modules/appointments/appointments.service';
import type { AppointmentResponseDto } from '../../src/modules/appointments/dto/appointment-response.dto';
import type {
  BreakGlassGrantDto,
  RecordAccessDto,
} from '../../src/modules/clinical-access/dto/audit.dto';
import type { ClinicalAuditEntry } from '../../src/modules/clinical-access/schemas/clinical-audit-entry.schema';
import type {
  EncounterResponseDto,
  HealthProfileResponseDto,
  MedicalDocumentDto,
  PatientRecordDto,
  PrescriptionResponseDto,
} from '../../src/modules/medical-records/dto/records-response.dto';
import { MedicalRecordsRepository } from '../../src/modules/medical-records/medical-records.repository';
import { PatientRecordsService } from '../../src/modules/medical-records/patient-records.service';
import { RecordsPurgeListener } from '../../src/modules/medical-records/records-purge.listener';
import type { Encounter } from '../../src/modules/medical-records/schemas/encounter.schema';
import {
  adminEnv,
  API,
  bearer,
  bookRequest,
  createBookableDoctor,
  login,
  PNG,
  registerPatient,
  slotAfter,
  tally,
  type Account,
} from '../utils/api-journeys';
import { winningPlanStages } from '../utils/explain';
import { dataOf, errorOf, pageOf } from '../utils/responses';
import { createTestApp, type TestApp } from '../utils/test-app';

const HOUR_MS = 3_600_000;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * The medical records through HTTP: the admin creates the doctors (with an image), doctors set
 * their hours, patients register and book, the doctor completes the visit and writes the
 * encounter. The only things done in the database: moving a visit's start into the past (the
 * API cannot wait), ageing an encounter past its 24 h window, ending a break-glass grant early,
 * reading the raw collections and the audit log, and swapping two ciphertexts to prove they are
 * bound to their record.
 */
describe('medical records (e2e)', () => {
  let t: TestApp;
  let admin: Account;
  let doctor: Account;
  let otherDoctor: Account;
  let ravi: Account;
  let asha: Account;
  let pastHours = 3;

  const oid = (id: string) => new Types.ObjectId(id);
  const audit = () => t.connection.collection<ClinicalAuditEntry>('clinical_audit_log');
  const encounters = () => t.connection.collection<Encounter>('encounters');

  type Who = Account | null;
  /** One call with its own X-Request-Id, so its audit entries can be counted. */
  const call = async (
    method: 'get' | 'post' | 'patch' | 'put',
    path: string,
    who: Who,
    body?: object,
  ) => {
    const requestId = randomUUID();
    let req = t.http[method](`${API}${path}`).set('X-Request-Id', requestId);
    if (who) {
      req = req.set(bearer(who.accessToken));
    }
    const res = body === undefined ? await req : await req.send(body);
    return { res, requestId };
  };
  // The audit log has no requestId index of its own (the tests look entries up by the header
  // they sent); walking the _id index keeps the query legal under notablescan.
  const auditOf = (requestId: string) => audit().find({ requestId }).hint({ _id: 1 }).toArray();

  /** A visit of `patient` with `doc`, started in the past, completed by the doctor over HTTP. */
  const completedVisit = async (patient: Account, doc: Account = doctor): Promise<string> => {
    const booked = await bookRequest(t, patient, doc.id, slotAfter(2 + pastHours)).expect(201);
    const id = dataOf<AppointmentResponseDto>(booked).id;
    const startsAt = new Date(Date.now() - pastHours++ * HOUR_MS);
    await t.connection
      .collection('appointments')
      .updateOne(
        { _id: oid(id) },
        { $set: { startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000) } },
      );
    await t.http
      .post(`${API}/appointments/${id}/complete`)
      .set(bearer(doc.accessToken))
      .expect(200);
    return id;
  };

  const writeEncounter = async (appointmentId: string, body: object = NOTE, doc = doctor) => {
    const { res } = await call('post', `/appointments/${appointmentId}/encounter`, doc, body);
    expect(res.status).toBe(201);
    return dataOf<EncounterResponseDto>(res);
  };

  const NOTE = {
    chiefComplaint: 'Zebracough for three weeks',
    findings: 'Zebrawheeze bilateral',
    diagnosis: 'Zebrabronchitis',
    plan: 'Zebraplan rest and fluids',
    vitals: {
      heartRate: 88,
      bloodPressure: { systolic: 128, diastolic: 84 },
      bodyTemperature: 37.9,
    },
  };
  const RX = {
    medication: 'Zebramoxicillin 500 mg',
    dose: '1 capsule',
    route: 'oral',
    frequency: 'three times a day',
    duration: '7 days',
    quantity: 21,
    instructions: 'Zebrainstructions after food',
  };

  beforeAll(async () => {
    const { email, env } = adminEnv();
    t = await createTestApp({ env: { ...env, RECORDS_DOCUMENT_MAX_BYTES: '4096' } });
    admin = await login(t, email);
    doctor = await createBookableDoctor(t, admin);
    otherDoctor = await createBookableDoctor(t, admin);
    ravi = await registerPatient(t, 'Ravi Kumar');
    asha = await registerPatient(t, 'Asha Rao');
  }, 90_000);
  afterAll(() => t.close());

  it('journey: the doctor writes the visit, prescribes and amends; the patient reads their history', async () => {
    const visit = await completedVisit(ravi);

    const created = await call('post', `/appointments/${visit}/encounter`, doctor, NOTE);
    expect(created.res.status).toBe(201);
    const enc = dataOf<EncounterResponseDto>(created.res);
    expect(enc).toMatchObject({
      appointmentId: visit,
      patientId: ravi.id,
      doctorId: doctor.id,
      status: 'finished',
      chiefComplaint: NOTE.chiefComplaint,
      diagnosis: NOTE.diagnosis,
      vitals: {
        heartRate: { value: 88, unit: '/min' },
        bloodPressure: { systolic: 128, diastolic: 84, unit: 'mm[Hg]' },
        bodyTemperature: { value: 37.9, unit: 'Cel' },
      },
      locked: false,
      enteredInError: null,
      addenda: [],
      prescriptions: [],
    });
    const entries = await auditOf(created.requestId);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      actorRole: 'doctor',
      resourceType: 'encounter',
      resourceId: enc.id,
      action: 'create',
      purpose: 'treatment',
      outcome: 'allowed',
    });
    expect(entries[0].actorId?.toHexString()).toBe(doctor.id);
    expect(entries[0].patientId?.toHexString()).toBe(ravi.id);
    expect(JSON.stringify(entries)).not.toMatch(/Zebra/);

    const twice = await call('post', `/appointments/${visit}/encounter`, doctor, {});
    expect(twice.res.status).toBe(409);
    expect(errorOf(twice.res).code).toBe('ENCOUNTER_EXISTS');
    expect(await auditOf(twice.requestId)).toEqual([
      expect.objectContaining({ outcome: 'denied', action: 'create', purpose: null }),
    ]);

    const rx = await call('post', `/encounters/${enc.id}/prescriptions`, doctor, RX);
    expect(rx.res.status).toBe(201);
    expect(dataOf<PrescriptionResponseDto>(rx.res)).toMatchObject({
      ...RX,
      encounterId: enc.id,
      patientId: ravi.id,
      requesterId: doctor.id,
      status: 'active',
    });

    const edited = await call('patch', `/encounters/${enc.id}`, doctor, {
      plan: 'Zebraplan revised',
      findings: null,
    });
    expect(edited.res.status).toBe(200);
    expect(dataOf<EncounterResponseDto>(edited.res)).toMatchObject({
      plan: 'Zebraplan revised',
      findings: null,
      diagnosis: NOTE.diagnosis,
    });

    const addendum = await call('post', `/encounters/${enc.id}/addenda`, doctor, {
      text: 'Zebraaddendum CRP normal',
    });
    expect(addendum.res.status).toBe(201);
    expect(dataOf<EncounterResponseDto>(addendum.res).addenda).toEqual([
      expect.objectContaining({ authorId: doctor.id, text: 'Zebraaddendum CRP normal' }),
    ]);

    const profile = await call('put', '/me/health-profile', ravi, {
      allergies: [{ substance: 'Zebrapenicillin', severity: 'severe', reaction: 'Hives' }],
      chronicConditions: [{ name: 'Asthma', since: '2015' }],
      currentMedications: [{ medication: 'Salbutamol', dose: '2 puffs' }],
    });
    expect(profile.res.status).toBe(200);
    expect(dataOf<HealthProfileResponseDto>(profile.res).allergies).toEqual([
      { substance: 'Zebrapenicillin', reaction: 'Hives', severity: 'severe' },
    ]);

    // The patient reads the encounter, the chart and the history (read-only).
    const read = await call('get', `/appointments/${visit}/encounter`, ravi);
    expect(read.res.status).toBe(200);
    expect(dataOf<EncounterResponseDto>(read.res).prescriptions).toHaveLength(1);
    expect(dataOf<EncounterResponseDto>(read.res).addenda).toHaveLength(1);
    expect(await auditOf(read.requestId)).toEqual([
      expect.objectContaining({ purpose: 'self', outcome: 'allowed', action: 'read' }),
    ]);
    const chart = await call('get', `/patients/${ravi.id}`, ravi);
    expect(chart.res.status).toBe(200);
    expect(dataOf<PatientRecordDto>(chart.res)).toMatchObject({
      patient: { id: ravi.id, name: 'Ravi Kumar' },
      healthProfile: { allergies: [expect.objectContaining({ substance: 'Zebrapenicillin' })] },
      encountersTotal: 1,
    });
    expect(dataOf<PatientRecordDto>(chart.res).encounters[0].id).toBe(enc.id);
    const history = await call('get', `/patients/${ravi.id}/encounters?limit=5`, ravi);
    expect(pageOf<EncounterResponseDto>(history.res)).toMatchObject({
      total: 1,
      page: 1,
      limit: 5,
    });

    // The doctor caring for Ravi reads the chart with his health history (treatment).
    const byDoctor = await call('get', `/patients/${ravi.id}`, doctor);
    expect(byDoctor.res.status).toBe(200);
    expect(dataOf<PatientRecordDto>(byDoctor.res).healthProfile.currentMedications).toHaveLength(1);
    expect(await auditOf(byDoctor.requestId)).toEqual([
      expect.objectContaining({
        purpose: 'treatment',
        outcome: 'allowed',
        resourceType: 'patient',
      }),
    ]);

    // Documents: the patient uploads, the doctor lists and downloads; the bytes are as sent.
    const up = await t.http
      .post(`${API}/me/documents`)
      .set(bearer(ravi.accessToken))
      .field('title', 'Blood test')
      .attach('file', PDF, { filename: 'ravi-kumar-bloods.pdf', contentType: 'image/png' });
    expect(up.status).toBe(201);
    expect(dataOf<MedicalDocumentDto>(up)).toMatchObject({
      patientId: ravi.id,
      title: 'Blood test',
      fileName: 'ravi-kumar-bloods.pdf',
      contentType: 'application/pdf',
      size: PDF.length,
    });
    const docs = await call('get', `/patients/${ravi.id}/documents`, doctor);
    expect(pageOf<MedicalDocumentDto>(docs.res).total).toBe(1);
    const file = await t.http
      .get(`${API}/documents/${dataOf<MedicalDocumentDto>(up).id}/content`)
      .set(bearer(doctor.accessToken))
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(file.headers['content-type']).toMatch(/^application\/pdf/);
    expect(file.headers['cache-control']).toBe('no-store');
    expect(Buffer.compare(file.body as Buffer, PDF)).toBe(0);
  });

  describe('access matrix', () => {
    let visit: string;
    let enc: string;
    let rx: string;
    let doc: string;

    beforeAll(async () => {
      visit = await completedVisit(asha);
      enc = (await writeEncounter(visit)).id;
      rx = dataOf<PrescriptionResponseDto>(
        (await call('post', `/encounters/${enc}/prescriptions`, doctor, RX)).res,
      ).id;
      const up = await t.http
        .post(`${API}/me/documents`)
        .set(bearer(asha.accessToken))
        .attach('file', PNG, 'scan.png')
        .expect(201);
      doc = dataOf<MedicalDocumentDto>(up).id;
    });

    type Actor = 'patient' | 'ownDoctor' | 'otherDoctor' | 'admin' | 'otherPatient' | 'anonymous';
    const actor = (a: Actor): Who =>
      ({
        patient: asha,
        ownDoctor: doctor,
        otherDoctor,
        admin,
        otherPatient: ravi,
        anonymous: null,
      })[a];

    interface Route {
      name: string;
      method: 'get' | 'post' | 'patch' | 'put';
      path: () => string;
      body?: () => object;
      expect: Record<Actor, number>;
    }
    // Reads: patient (self) and own doctor 200; every other signed-in caller 404; anonymous 401.
    const read = {
      patient: 200,
      ownDoctor: 200,
      otherDoctor: 404,
      admin: 404,
      otherPatient: 404,
      anonymous: 401,
    };
    // Writes: only the encounter's author (its doctor) gets `ok`; another doctor cannot see the
    // encounter (404); other roles are refused by the role guard (403); anonymous 401.
    const authorWrite = (ok: number) => ({
      patient: 403,
      ownDoctor: ok,
      otherDoctor: 404,
      admin: 403,
      otherPatient: 403,
      anonymous: 401,
    });
    const routes: Route[] = [
      {
        name: 'GET encounter',
        method: 'get',
        path: () => `/appointments/${visit}/encounter`,
        expect: read,
      },
      { name: 'GET patient', method: 'get', path: () => `/patients/${asha.id}`, expect: read },
      {
        name: 'GET patient encounters',
        method: 'get',
        path: () => `/patients/${asha.id}/encounters`,
        expect: read,
      },
      {
        name: 'GET patient documents',
        method: 'get',
        path: () => `/patients/${asha.id}/documents`,
        expect: read,
      },
      {
        name: 'GET document content',
        method: 'get',
        path: () => `/documents/${doc}/content`,
        expect: read,
      },
      {
        name: 'PATCH encounter',
        method: 'patch',
        path: () => `/encounters/${enc}`,
        body: () => ({ plan: 'Zebraplan matrix' }),
        expect: authorWrite(200),
      },
      {
        name: 'POST addendum',
        method: 'post',
        path: () => `/encounters/${enc}/addenda`,
        body: () => ({ text: 'Zebra matrix addendum' }),
        expect: authorWrite(201),
      },
      {
        name: 'POST prescription',
        method: 'post',
        path: () => `/encounters/${enc}/prescriptions`,
        body: () => RX,
        expect: authorWrite(201),
      },
      {
        name: 'PATCH prescription (completed -> 409 for the prescriber after the first)',
        method: 'patch',
        path: () => `/prescriptions/${rx}`,
        body: () => ({ status: 'completed' }),
        expect: authorWrite(200),
      },
      {
        name: 'POST encounter (exists -> 409 for its doctor)',
        method: 'post',
        path: () => `/appointments/${visit}/encounter`,
        body: () => ({}),
        expect: authorWrite(409),
      },
      {
        name: 'GET own health profile',
        method: 'get',
        path: () => '/me/health-profile',
        expect: {
          patient: 200,
          ownDoctor: 403,
          otherDoctor: 403,
          admin: 403,
          otherPatient: 200,
          anonymous: 401,
        },
      },
      {
        name: 'GET own documents',
        method: 'get',
        path: () => '/me/documents',
        expect: {
          patient: 200,
          ownDoctor: 403,
          otherDoctor: 403,
          admin: 403,
          otherPatient: 200,
          anonymous: 401,
        },
      },
      {
        name: 'PUT own health profile',
        method: 'put',
        path: () => '/me/health-profile',
        body: () => ({ allergies: [], chronicConditions: [], currentMedications: [] }),
        expect: {
          patient: 200,
          ownDoctor: 403,
          otherDoctor: 403,
          admin: 403,
          otherPatient: 200,
          anonymous: 401,
        },
      },
      {
        // Last: it makes the encounter final.
        name: 'POST entered-in-error',
        method: 'post',
        path: () => `/encounters/${enc}/entered-in-error`,
        body: () => ({ reason: 'Zebra matrix' }),
        expect: authorWrite(200),
      },
    ];
    const actors: Actor[] = [
      'patient',
      'ownDoctor',
      'otherDoctor',
      'admin',
      'otherPatient',
      'anonymous',
    ];

    const roleOf: Record<Actor, string> = {
      patient: 'patient',
      ownDoctor: 'doctor',
      otherDoctor: 'doctor',
      admin: 'admin',
      otherPatient: 'patient',
      anonymous: 'anonymous',
    };

    it.each(routes.map((r) => [r.name, r] as const))(
      '%s: exact status per caller; every call is in the audit log once, guard refusals included',
      async (_name, route) => {
        for (const a of actors) {
          const { res, requestId } = await call(
            route.method,
            route.path(),
            actor(a),
            route.body?.(),
          );
          expect({ actor: a, status: res.status }).toEqual({ actor: a, status: route.expect[a] });
          const entries = await auditOf(requestId);
          expect({ actor: a, entries: entries.length }).toEqual({ actor: a, entries: 1 });
          const [entry] = entries;
          expect({ actor: a, role: entry.actorRole, outcome: entry.outcome }).toEqual({
            actor: a,
            role: roleOf[a],
            outcome: res.status < 300 ? 'allowed' : 'denied',
          });
          expect(entry.actorId?.toHexString() ?? null).toBe(actor(a)?.id ?? null);
          if (res.status === 401 || res.status === 403) {
            // Refused by the auth guards (no token, wrong role) before the service ran: recorded
            // through @ClinicalRoute with the error code answered.
            expect({ actor: a, reason: entry.reason, purpose: entry.purpose }).toEqual({
              actor: a,
              reason: errorOf(res).code,
              purpose: null,
            });
          }
          if (res.status === 404) {
            expect(errorOf(res).code).toMatch(/_NOT_FOUND$/);
            expect(entry.purpose).toBeNull();
          }
        }
      },
    );

    it('a doctor whose only booking with the patient was cancelled has no care relationship', async () => {
      const booked = await bookRequest(t, asha, otherDoctor.id, slotAfter(60)).expect(201);
      await t.http
        .post(`${API}/appointments/${dataOf<AppointmentResponseDto>(booked).id}/cancel`)
        .set(bearer(asha.accessToken))
        .send({})
        .expect(200);
      const { res } = await call('get', `/patients/${asha.id}`, otherDoctor);
      expect(res.status).toBe(404);
      expect(errorOf(res).code).toBe('PATIENT_NOT_FOUND');
      const early = await call(
        'post',
        `/appointments/${dataOf<AppointmentResponseDto>(booked).id}/encounter`,
        otherDoctor,
        {},
      );
      expect(early.res.status).toBe(422);
      expect(errorOf(early.res).code).toBe('APPOINTMENT_NOT_ATTENDED');
    });

    it('break-glass through the API: a stated reason opens one chart for reading, audited with the grant; it expires', async () => {
      const granted = await call('post', '/admin/break-glass', admin, {
        patientId: asha.id,
        reason: 'Patient unconscious in the emergency ward; treating doctor unreachable',
      });
      expect(granted.res.status).toBe(201);
      const grant = dataOf<BreakGlassGrantDto>(granted.res);
      expect(grant.patientId).toBe(asha.id);
      const [grantEntry] = await auditOf(granted.requestId);
      expect(grantEntry).toMatchObject({
        actorRole: 'admin',
        resourceType: 'break_glass',
        action: 'grant',
        purpose: 'break_glass',
        outcome: 'allowed',
      });
      expect(grantEntry.breakGlassGrantId?.toHexString()).toBe(grant.id);

      // The break-glass admin column of the matrix: every read route opens (purpose
      // break_glass, with the grant), every other route answers as for any admin.
      const reads = routes.filter((r) => r.expect === read);
      expect(reads).toHaveLength(5);
      for (const route of routes) {
        const { res, requestId } = await call(route.method, route.path(), admin, route.body?.());
        const status = route.expect === read ? 200 : route.expect.admin;
        expect({ route: route.name, status: res.status }).toEqual({ route: route.name, status });
        const entries = await auditOf(requestId);
        expect({ route: route.name, entries: entries.length }).toEqual({
          route: route.name,
          entries: 1,
        });
        const [entry] = entries;
        expect(entry.actorRole).toBe('admin');
        expect(entry.actorId?.toHexString()).toBe(admin.id);
        if (status === 200) {
          expect({ route: route.name, purpose: entry.purpose, outcome: entry.outcome }).toEqual({
            route: route.name,
            purpose: 'break_glass',
            outcome: 'allowed',
          });
          expect(entry.breakGlassGrantId?.toHexString()).toBe(grant.id);
        } else {
          // Reading only: writes (and the patient's own /me routes) stay refused by the guards.
          expect({ route: route.name, outcome: entry.outcome, reason: entry.reason }).toEqual({
            route: route.name,
            outcome: 'denied',
            reason: errorOf(res).code,
          });
          expect(entry.breakGlassGrantId).toBeNull();
        }
      }
      const chart = await call('get', `/patients/${asha.id}`, admin);
      expect(dataOf<PatientRecordDto>(chart.res).encounters.map((e) => e.id)).toContain(enc);

      // The grant is for one patient only.
      const other = await call('get', `/patients/${ravi.id}`, admin);
      expect(other.res.status).toBe(404);
      expect(errorOf(other.res).code).toBe('PATIENT_NOT_FOUND');
      expect(await auditOf(other.requestId)).toEqual([
        expect.objectContaining({ outcome: 'denied', purpose: null, breakGlassGrantId: null }),
      ]);

      // The patient sees the emergency reads in their own access history.
      const seen = await t.http
        .get(`${API}/me/record-access`)
        .query({ limit: 100 })
        .set(bearer(asha.accessToken))
        .expect(200);
      expect(
        pageOf<RecordAccessDto>(seen).items.filter(
          (e) => e.actor.role === 'admin' && e.purpose === 'break_glass' && e.action === 'read',
        ).length,
      ).toBeGreaterThanOrEqual(3);

      // Time is up (the API cannot wait an hour): the chart is closed again, and that is audited.
      await t.connection
        .collection('break_glass_grants')
        .updateOne({ _id: oid(grant.id) }, { $set: { expiresAt: new Date(Date.now() - 1000) } });
      for (const route of reads) {
        const { res, requestId } = await call('get', route.path(), admin);
        expect({ route: route.name, status: res.status }).toEqual({
          route: route.name,
          status: 404,
        });
        expect(errorOf(res).code).toMatch(/_NOT_FOUND$/);
        expect(await auditOf(requestId)).toEqual([
          expect.objectContaining({
            actorRole: 'admin',
            outcome: 'denied',
            purpose: null,
            breakGlassGrantId: null,
          }),
        ]);
      }
    });

    it('a confirmed upcoming visit already makes a care relationship (the doctor prepares)', async () => {
      const booked = await bookRequest(t, ravi, otherDoctor.id, slotAfter(80)).expect(201);
      expect(dataOf<AppointmentResponseDto>(booked).status).toBe('confirmed');
      const { res } = await call('get', `/patients/${ravi.id}`, otherDoctor);
      expect(res.status).toBe(200);
    });
  });

  describe('the 24 h rule, amendments and entered-in-error', () => {
    it('after 24 h the notes are locked (409 ENCOUNTER_LOCKED), addenda still work', async () => {
      const visit = await completedVisit(ravi);
      const enc = await writeEncounter(visit);
      // 23 h 59 min after writing it is still editable.
      await t.connection
        .collection<Encounter>('encounters')
        .updateOne(
          { _id: oid(enc.id) },
          { $set: { createdAt: new Date(Date.now() - 23.98 * HOUR_MS) } },
        );
      expect(
        (await call('patch', `/encounters/${enc.id}`, doctor, { plan: 'Zebra late' })).res.status,
      ).toBe(200);
      await t.connection
        .collection<Encounter>('encounters')
        .updateOne(
          { _id: oid(enc.id) },
          { $set: { createdAt: new Date(Date.now() - 24 * HOUR_MS - 1000) } },
        );
      const late = await call('patch', `/encounters/${enc.id}`, doctor, { plan: 'Zebra too late' });
      expect(late.res.status).toBe(409);
      expect(errorOf(late.res).code).toBe('ENCOUNTER_LOCKED');
      expect((errorOf(late.res).details as { editableUntil: string }).editableUntil).toEqual(
        expect.any(String),
      );
      expect(await auditOf(late.requestId)).toEqual([
        expect.objectContaining({ outcome: 'denied', action: 'update' }),
      ]);
      const rx = await call('post', `/encounters/${enc.id}/prescriptions`, doctor, RX);
      expect(errorOf(rx.res).code).toBe('ENCOUNTER_LOCKED');

      const amended = await call('post', `/encounters/${enc.id}/addenda`, doctor, {
        text: 'Zebra later',
      });
      expect(amended.res.status).toBe(201);
      expect(dataOf<EncounterResponseDto>(amended.res)).toMatchObject({
        locked: true,
        plan: 'Zebra late',
      });

      // The replaced versions are kept (sealed), never shown.
      const raw = await encounters().findOne({ _id: oid(enc.id) });
      expect(raw?.revisions).toHaveLength(1);
    });

    it('entered-in-error with a reason: kept, final; prescriptions follow their state machine', async () => {
      const visit = await completedVisit(asha);
      const enc = await writeEncounter(visit);
      const rx = dataOf<PrescriptionResponseDto>(
        (await call('post', `/encounters/${enc.id}/prescriptions`, doctor, RX)).res,
      ).id;

      const noReason = await call('patch', `/prescriptions/${rx}`, doctor, { status: 'stopped' });
      expect(noReason.res.status).toBe(400);
      const backToActive = await call('patch', `/prescriptions/${rx}`, doctor, {
        status: 'active',
      });
      expect(backToActive.res.status).toBe(400);
      const stopped = await call('patch', `/prescriptions/${rx}`, doctor, {
        status: 'stopped',
        reason: 'Zebrarash',
      });
      expect(stopped.res.status).toBe(200);
      expect(dataOf<PrescriptionResponseDto>(stopped.res).statusHistory).toEqual([
        expect.objectContaining({ status: 'active', reason: null }),
        expect.objectContaining({ status: 'stopped', reason: 'Zebrarash', by: doctor.id }),
      ]);
      const completed = await call('patch', `/prescriptions/${rx}`, doctor, {
        status: 'completed',
      });
      expect(completed.res.status).toBe(409);
      expect(errorOf(completed.res).code).toBe('INVALID_PRESCRIPTION_TRANSITION');
      const eie = await call('patch', `/prescriptions/${rx}`, doctor, {
        status: 'entered-in-error',
        reason: 'Wrong drug',
      });
      expect(eie.res.status).toBe(200);
      expect((await auditOf(eie.requestId))[0]).toMatchObject({ action: 'entered_in_error' });

      const noEncReason = await call('post', `/encounters/${enc.id}/entered-in-error`, doctor, {});
      expect(noEncReason.res.status).toBe(400);
      const marked = await call('post', `/encounters/${enc.id}/entered-in-error`, doctor, {
        reason: 'Zebra wrong patient',
      });
      expect(marked.res.status).toBe(200);
      expect(dataOf<EncounterResponseDto>(marked.res)).toMatchObject({
        status: 'entered-in-error',
        locked: true,
        enteredInError: { by: doctor.id, reason: 'Zebra wrong patient' },
      });
      for (const [method, path, body] of [
        ['patch', `/encounters/${enc.id}`, { plan: 'x' }],
        ['post', `/encounters/${enc.id}/addenda`, { text: 'x' }],
        ['post', `/encounters/${enc.id}/entered-in-error`, { reason: 'again' }],
        ['post', `/encounters/${enc.id}/prescriptions`, RX],
      ] as const) {
        const r = await call(method, path, doctor, body);
        expect(r.res.status).toBe(409);
        expect(errorOf(r.res).code).toBe('ENCOUNTER_ENTERED_IN_ERROR');
      }
      // Still there for the patient to read.
      expect(
        dataOf<EncounterResponseDto>(
          (await call('get', `/appointments/${visit}/encounter`, asha)).res,
        ).status,
      ).toBe('entered-in-error');
    });

    it('concurrent edits and addenda all apply, none lost; every version kept', async () => {
      const enc = await writeEncounter(await completedVisit(asha));
      const edits = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          t.http
            .patch(`${API}/encounters/${enc.id}`)
            .set(bearer(doctor.accessToken))
            .send({ plan: `Zebra plan ${i}` }),
        ),
      );
      expect(tally(edits)).toEqual({ '200': 4 });
      const notes = await Promise.all(
        [1, 2, 3].map((i) =>
          t.http
            .post(`${API}/encounters/${enc.id}/addenda`)
            .set(bearer(doctor.accessToken))
            .send({ text: `Zebra note ${i}` }),
        ),
      );
      expect(tally(notes)).toEqual({ '201': 3 });
      const raw = await encounters().findOne({ _id: oid(enc.id) });
      expect(raw?.revision).toBe(4);
      expect(raw?.revisions).toHaveLength(4);
      expect(raw?.addenda).toHaveLength(3);
    });

    it('two concurrent first encounters of one visit: one 201, one 409 ENCOUNTER_EXISTS', async () => {
      const visit = await completedVisit(ravi);
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t.http
            .post(`${API}/appointments/${visit}/encounter`)
            .set(bearer(doctor.accessToken))
            .send({ plan: 'race' }),
        ),
      );
      expect(tally(results)).toEqual({ '201': 1, '409 ENCOUNTER_EXISTS': 2 });
    });
  });

  describe('encryption at rest', () => {
    it('no clinical value is stored in clear (encounters, prescriptions, profiles, documents)', async () => {
      const raw = JSON.stringify(
        await Promise.all(
          ['encounters', 'prescriptions', 'health_profiles', 'medical_documents'].map((c) =>
            t.connection.collection(c).find({}).hint({ _id: 1 }).toArray(),
          ),
        ),
      );
      expect(raw.length).toBeGreaterThan(1000);
      expect(raw).not.toMatch(
        /Zebra|Hives|Asthma|Salbutamol|capsule|three times|ravi-kumar|Blood test/,
      );
      expect(raw).not.toMatch(/"heartRate"|"systolic"|PDF-1/);
      const logged = JSON.stringify(await audit().find({}).hint({ _id: 1 }).toArray());
      expect(logged).not.toMatch(/Zebra|Hives|Asthma/);
    });

    it('a ciphertext moved to another record fails its integrity check (503 RECORD_INTEGRITY_ERROR)', async () => {
      const v1 = await completedVisit(asha);
      const v2 = await completedVisit(asha);
      const e1 = await writeEncounter(v1, { diagnosis: 'Zebra one' });
      const e2 = await writeEncounter(v2, { diagnosis: 'Zebra two' });
      const col = encounters();
      const [a, b] = await Promise.all([
        col.findOne({ _id: oid(e1.id) }),
        col.findOne({ _id: oid(e2.id) }),
      ]);
      await col.updateOne({ _id: oid(e1.id) }, { $set: { note: b?.note } });
      await col.updateOne({ _id: oid(e2.id) }, { $set: { note: a?.note } });
      const res = await call('get', `/appointments/${v1}/encounter`, asha);
      expect(res.res.status).toBe(503);
      expect(errorOf(res.res).code).toBe('RECORD_INTEGRITY_ERROR');
      expect(JSON.stringify(res.res.body)).not.toMatch(/Zebra/);
      // Put back: both read again.
      await col.updateOne({ _id: oid(e1.id) }, { $set: { note: a?.note } });
      await col.updateOne({ _id: oid(e2.id) }, { $set: { note: b?.note } });
      expect(
        dataOf<EncounterResponseDto>((await call('get', `/appointments/${v1}/encounter`, asha)).res)
          .diagnosis,
      ).toBe('Zebra one');
    });
  });

  describe('input', () => {
    let enc: string;
    beforeAll(async () => {
      enc = (await writeEncounter(await completedVisit(ravi))).id;
    });

    it.each([
      ['get', '/appointments/not-an-id/encounter'],
      ['get', '/patients/123/encounters'],
      ['patch', '/encounters/zzz'],
      ['patch', '/prescriptions/1'],
      ['get', '/documents/abc/content'],
    ] as const)('%s %s: invalid id is 400 INVALID_ID', async (method, path) => {
      const who =
        path.startsWith('/encounters') || path.startsWith('/prescriptions') ? doctor : ravi;
      const { res } = await call(method, path, who, method === 'get' ? undefined : { plan: 'x' });
      expect(res.status).toBe(400);
      expect(errorOf(res).code).toBe('INVALID_ID');
    });

    it('unknown fields, Mongo operators, bad types and oversized values are 400; an empty edit too', async () => {
      const cases: [string, object][] = [
        ['unknown', { plan: 'x', secret: 1 }],
        ['operator', { plan: { $ne: null } }],
        ['nested unknown', { vitals: { heartRate: 70, colour: 'red' } }],
        ['out of range', { vitals: { heartRate: 4000 } }],
        ['string number', { vitals: { heartRate: '70' } }],
        ['oversized', { findings: 'x'.repeat(4001) }],
        ['empty', {}],
      ];
      for (const [name, body] of cases) {
        const { res } = await call('patch', `/encounters/${enc}`, doctor, body);
        expect({ name, status: res.status }).toEqual({ name, status: 400 });
      }
      const op = await call('put', '/me/health-profile', ravi, {
        allergies: [{ substance: { $gt: '' } }],
        chronicConditions: [],
        currentMedications: [],
      });
      expect(op.res.status).toBe(400);
      const tooMany = await call('put', '/me/health-profile', ravi, {
        allergies: Array.from({ length: 51 }, () => ({ substance: 'x' })),
        chronicConditions: [],
        currentMedications: [],
      });
      expect(tooMany.res.status).toBe(400);
      const badRx = await call('post', `/encounters/${enc}/prescriptions`, doctor, {
        medication: 'x',
      });
      expect(badRx.res.status).toBe(400);
      const big = await call('patch', `/encounters/${enc}`, doctor, { plan: 'x'.repeat(200_000) });
      expect(big.res.status).toBe(413);
    });

    it('documents: by content only, size-limited, a file is required', async () => {
      const up = (buf: Buffer | null, name = 'f.pdf') => {
        const req = t.http.post(`${API}/me/documents`).set(bearer(ravi.accessToken));
        return buf ? req.attach('file', buf, name) : req.field('title', 'nothing');
      };
      const html = await up(Buffer.from('<html><script>alert(1)</script>'), 'evil.pdf');
      expect(html.status).toBe(400);
      expect(errorOf(html).code).toBe('UNSUPPORTED_DOCUMENT_TYPE');
      const none = await up(null);
      expect(none.status).toBe(400);
      expect(errorOf(none).code).toBe('DOCUMENT_REQUIRED');
      const huge = await up(Buffer.concat([PDF, Buffer.alloc(5000)]));
      expect(huge.status).toBe(413);
      expect(errorOf(huge).code).toBe('DOCUMENT_TOO_LARGE');
      const json = await t.http
        .post(`${API}/me/documents`)
        .set(bearer(ravi.accessToken))
        .send({ file: 'JVBERi0=' });
      expect(json.status).toBe(400);
      const extra = await t.http
        .post(`${API}/me/documents`)
        .set(bearer(ravi.accessToken))
        .field('owner', 'someone')
        .attach('file', PDF, 'a.pdf');
      expect(extra.status).toBe(400);
    });
  });

  describe('indexes', () => {
    it('the history, prescriptions, documents and care-relationship queries use their indexes', async () => {
      const records = t.get(MedicalRecordsRepository);
      const indexOf = (plan: unknown) => {
        const stages = winningPlanStages(plan);
        expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
        expect(stages.map((s) => s.stage)).not.toContain('SORT');
        return stages.find((s) => s.indexName)?.indexName;
      };
      expect(indexOf(await records.explainEncountersOfPatient(ravi.id, 0, 20))).toBe(
        'patient_period',
      );
      expect(indexOf(await records.explainDocuments(ravi.id, 0, 20))).toBe('patient_created');
      const stages = winningPlanStages(
        await records.explainPrescriptionsOf([new Types.ObjectId()]),
      );
      expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
      expect(stages.find((s) => s.indexName)?.indexName).toBe('encounter_created');
      const care = winningPlanStages(
        await t
          .get(AppointmentsRepository)
          .explainAppointmentWith(doctor.id, ravi.id, CARE_RELATIONSHIP_STATUSES),
      );
      expect(care.find((s) => s.indexName)?.indexName).toBe('doctor_patient_status');
    });
  });

  describe('export', () => {
    it('exportFor opens the whole record of a patient (for GET /me/export)', async () => {
      const out = await t.get(PatientRecordsService).exportFor(ravi.id);
      expect(out.healthProfile.patientId).toBe(ravi.id);
      expect(out.encounters.length).toBeGreaterThan(1);
      expect(out.encounters.every((e) => e.patientId === ravi.id)).toBe(true);
      expect(out.documents.every((d) => d.patientId === ravi.id)).toBe(true);
    });
  });

  describe('account purge', () => {
    it('records are kept, marked de-identified with their retention date; file names are dropped', async () => {
      const patient = await registerPatient(t, 'Purged Person');
      const visit = await completedVisit(patient);
      const enc = await writeEncounter(visit, { diagnosis: 'Zebra kept' });
      await t.http
        .post(`${API}/me/documents`)
        .set(bearer(patient.accessToken))
        .attach('file', PDF, 'purged-person.pdf')
        .expect(201);
      await t.get(RecordsPurgeListener).onPurged({ userId: patient.id });
      const raw = await encounters().findOne({ _id: oid(enc.id) });
      expect(raw?.deidentifiedAt).toBeInstanceOf(Date);
      const years =
        (raw!.retainUntil!.getTime() - raw!.deidentifiedAt!.getTime()) / (365.25 * 24 * HOUR_MS);
      expect(Math.round(years)).toBe(10);
      const docs = await call('get', `/patients/${patient.id}/documents`, doctor);
      expect(pageOf<MedicalDocumentDto>(docs.res).items[0].fileName).toBeNull();
      const read = await call('get', `/appointments/${visit}/encounter`, doctor);
      expect(dataOf<EncounterResponseDto>(read.res).diagnosis).toBe('Zebra kept');
    });
  });
});
