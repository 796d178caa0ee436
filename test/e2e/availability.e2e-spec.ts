import { DateTime } from 'luxon';
import { Role } from '../../src/common/auth/role.enum';
import { AvailabilityService } from '../../src/modules/availability/availability.service';
import {
  SlotOccupancy,
  TakenIntervalsProvider,
  takenTimeOf,
  type TakenTime,
} from '../../src/modules/availability/slot-occupancy';
import { createAdmin, createDoctor, type TestDoctor } from '../factories/doctors.factory';
import {
  bearer,
  createUserWithRole,
  registerPatient,
  type TestUser,
} from '../factories/users.factory';
import { createTestApp, TestApp } from '../utils/test-app';
import { API } from '../utils/http';
import { bodyOf, dataOf, envelopeOf, errorOf, pageOf } from '../utils/responses';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { CompactSlotsResponseDto } from '../../src/modules/availability/dto/slots-response.dto';
import type { SlotsResponseDto } from '../../src/modules/availability/dto/slots-response.dto';
import type {
  ScheduleOverrideResponseDto,
  ScheduleResponseDto,
} from '../../src/modules/availability/dto/schedule-response.dto';
import type { PublicDoctorDto } from '../../src/modules/doctors/dto/doctor-response.dto';

const ZONE = 'Asia/Kolkata';
const ME = `${API}/doctors/me/schedule`;
const admin = (id: string) => `${API}/admin/doctors/${id}/schedule`;
const slots = (id: string) => `${API}/doctors/${id}/slots`;

type Interval = { start: string; end: string };
type Weekly = Record<string, Interval[]>;

/** Distinct hours per weekday, so a week of slots can be checked against it day by day. */
const WEEKLY: Weekly = {
  mon: [
    { start: '14:00', end: '16:00' },
    { start: '09:00', end: '12:00' },
  ],
  tue: [{ start: '10:00', end: '11:00' }],
  thu: [{ start: '08:00', end: '09:30' }],
  fri: [{ start: '09:00', end: '10:00' }],
  sat: [{ start: '10:00', end: '12:00' }],
};
const SCHEDULE = {
  timezone: ZONE,
  slotMinutes: 30,
  bufferMinutes: 10,
  minNoticeMinutes: 60,
  maxAdvanceDays: 30,
  weekly: WEEKLY,
};

const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
const hhmm = (m: number) =>
  `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Local start times a weekday should offer (Asia/Kolkata has no DST, so minutes add up). */
function expectedTimes(weekly: Weekly, date: string, slot: number, buffer: number): string[] {
  const key = WEEKDAY_KEYS[DateTime.fromISO(date).weekday - 1];
  const out: string[] = [];
  for (const i of [...(weekly[key] ?? [])].sort((a, b) => a.start.localeCompare(b.start))) {
    for (let m = toMinutes(i.start); m + slot <= toMinutes(i.end); m += slot + buffer) {
      out.push(hhmm(m));
    }
  }
  return out;
}

/** A local date `days` after today in the doctor's zone. */
const inDays = (days: number, zone = ZONE) =>
  DateTime.now().setZone(zone).plus({ days }).toISODate() as string;

interface SlotBody {
  start: string;
  end: string;
  localStart: string;
  localEnd: string;
  available: boolean;
}
interface DayBody {
  date: string;
  slots: SlotBody[];
}

describe('availability (e2e)', () => {
  let t: TestApp;
  let adminUser: TestUser;
  let patient: TestUser;
  let doctor: TestDoctor;
  let other: TestDoctor;

  beforeAll(async () => {
    t = await createTestApp();
    adminUser = await createAdmin(t);
    patient = await registerPatient(t);
    doctor = await createDoctor(t, { timezone: 'Europe/London' });
    other = await createDoctor(t);
  });
  afterAll(() => t.close());

  const putMine = (body: unknown, who: { accessToken: string } = doctor) =>
    t.http
      .put(ME)
      .set(bearer(who.accessToken))
      .send(body as object);

  describe('GET/PUT /doctors/me/schedule', () => {
    it('requires a token and the doctor role', async () => {
      await t.http.get(ME).expect(401);
      await t.http.put(ME).send(SCHEDULE).expect(401);
      for (const user of [patient, adminUser]) {
        const res = await t.http.get(ME).set(bearer(user.accessToken)).expect(403);
        expect(errorOf(res).success).toBe(false);
        await putMine(SCHEDULE, user).expect(403);
      }
    });

    it('returns defaults, closed every day, before a schedule is saved', async () => {
      const res = await t.http.get(ME).set(bearer(doctor.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(res)).toEqual({
        doctorId: doctor.id,
        timezone: 'Europe/London',
        slotMinutes: 30,
        bufferMinutes: 0,
        minNoticeMinutes: 60,
        maxAdvanceDays: 30,
        weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
        configured: false,
        updatedAt: null,
      });
    });

    it('saves the schedule, sorts intervals and moves the time zone to the profile', async () => {
      const res = await putMine(SCHEDULE).expect(200);
      expect(envelopeOf(res).message).toBe('Schedule saved');
      expect(dataOf<ScheduleResponseDto>(res)).toMatchObject({
        doctorId: doctor.id,
        timezone: ZONE,
        slotMinutes: 30,
        bufferMinutes: 10,
        configured: true,
        weekly: {
          mon: [
            { start: '09:00', end: '12:00' },
            { start: '14:00', end: '16:00' },
          ],
          wed: [],
          sun: [],
        },
      });
      const again = await t.http.get(ME).set(bearer(doctor.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(again)).toEqual(dataOf<ScheduleResponseDto>(res));
      const profile = await t.http.get(`${API}/doctors/${doctor.id}`).expect(200);
      expect(dataOf<PublicDoctorDto>(profile).timezone).toBe(ZONE);
    });

    it('replaces the whole schedule on PUT and keeps the zone when it is omitted', async () => {
      const res = await putMine({ weekly: { sun: [{ start: '10:00', end: '11:00' }] } }).expect(
        200,
      );
      expect(dataOf<ScheduleResponseDto>(res)).toMatchObject({
        timezone: ZONE,
        slotMinutes: 30,
        bufferMinutes: 0,
        minNoticeMinutes: 60,
        maxAdvanceDays: 30,
        weekly: { mon: [], sun: [{ start: '10:00', end: '11:00' }] },
      });
      await putMine(SCHEDULE).expect(200);
    });

    it.each([
      ['an invalid time zone', { ...SCHEDULE, timezone: 'Mars/Olympus' }],
      ['an offset instead of a zone', { ...SCHEDULE, timezone: '+05:30' }],
      [
        'overlapping intervals',
        {
          ...SCHEDULE,
          weekly: {
            mon: [
              { start: '09:00', end: '12:00' },
              { start: '11:00', end: '13:00' },
            ],
          },
        },
      ],
      ['end before start', { ...SCHEDULE, weekly: { mon: [{ start: '12:00', end: '09:00' }] } }],
      ['an empty interval', { ...SCHEDULE, weekly: { mon: [{ start: '09:00', end: '09:00' }] } }],
      [
        '9:00 without leading zero',
        { ...SCHEDULE, weekly: { mon: [{ start: '9:00', end: '12:00' }] } },
      ],
      ['24:30', { ...SCHEDULE, weekly: { mon: [{ start: '09:00', end: '24:30' }] } }],
      ['24:00 as a start', { ...SCHEDULE, weekly: { mon: [{ start: '24:00', end: '24:00' }] } }],
      ['slotMinutes 4', { ...SCHEDULE, slotMinutes: 4 }],
      ['slotMinutes 241', { ...SCHEDULE, slotMinutes: 241 }],
      ['slotMinutes as a string', { ...SCHEDULE, slotMinutes: '30' }],
      ['slotMinutes fractional', { ...SCHEDULE, slotMinutes: 30.5 }],
      ['bufferMinutes -1', { ...SCHEDULE, bufferMinutes: -1 }],
      ['bufferMinutes 241', { ...SCHEDULE, bufferMinutes: 241 }],
      ['minNoticeMinutes 10081', { ...SCHEDULE, minNoticeMinutes: 10081 }],
      ['maxAdvanceDays 0', { ...SCHEDULE, maxAdvanceDays: 0 }],
      ['maxAdvanceDays 366', { ...SCHEDULE, maxAdvanceDays: 366 }],
      [
        'an unknown weekday',
        { ...SCHEDULE, weekly: { funday: [{ start: '09:00', end: '10:00' }] } },
      ],
      ['an unknown top-level field', { ...SCHEDULE, doctorId: '665f1c2e8f1b2a0012345678' }],
      [
        'an unknown interval field',
        { ...SCHEDULE, weekly: { mon: [{ start: '09:00', end: '10:00', x: 1 }] } },
      ],
      ['a missing weekly', { timezone: ZONE }],
      ['weekly as an array', { ...SCHEDULE, weekly: [] }],
      [
        'a day that is not an array',
        { ...SCHEDULE, weekly: { mon: { start: '09:00', end: '10:00' } } },
      ],
      ['a non-object interval', { ...SCHEDULE, weekly: { mon: ['09:00-10:00'] } }],
      [
        '25 intervals in a day',
        {
          ...SCHEDULE,
          weekly: {
            mon: Array.from({ length: 25 }, (_, i) => ({
              start: hhmm(i * 50),
              end: hhmm(i * 50 + 30),
            })),
          },
        },
      ],
    ])('rejects %s with 400', async (_label, body) => {
      const res = await putMine(body).expect(400);
      expect(res.body).toMatchObject({ success: false, code: 'VALIDATION_FAILED' });
    });

    it('names the overlapping intervals in the error', async () => {
      const res = await putMine({
        ...SCHEDULE,
        weekly: {
          tue: [
            { start: '09:00', end: '12:00' },
            { start: '11:00', end: '13:00' },
          ],
        },
      }).expect(400);
      expect(errorOf(res).message).toMatch(/09:00-12:00 overlaps 11:00-13:00/);
      expect(errorOf(res).details).toEqual([
        { field: 'weekly.tue', errors: [expect.stringMatching(/overlaps/)] },
      ]);
    });

    it('accepts touching intervals and 24:00 as an end', async () => {
      const res = await putMine({
        ...SCHEDULE,
        weekly: {
          ...WEEKLY,
          sun: [
            { start: '20:00', end: '22:00' },
            { start: '22:00', end: '24:00' },
          ],
        },
      }).expect(200);
      expect(dataOf<ScheduleResponseDto>(res).weekly.sun).toHaveLength(2);
      await putMine(SCHEDULE).expect(200);
    });

    it('rejects Mongo operators before validation', async () => {
      const res = await putMine({ ...SCHEDULE, weekly: { mon: { $gt: '' } } }).expect(400);
      expect(errorOf(res).code).toBe('FORBIDDEN_KEY');
      const top = await putMine({ ...SCHEDULE, $set: { slotMinutes: 1 } }).expect(400);
      expect(errorOf(top).code).toBe('FORBIDDEN_KEY');
    });

    it('left the saved schedule untouched after every rejected request', async () => {
      const res = await t.http.get(ME).set(bearer(doctor.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(res)).toMatchObject({
        timezone: ZONE,
        slotMinutes: 30,
        bufferMinutes: 10,
        weekly: { tue: [{ start: '10:00', end: '11:00' }], sun: [] },
      });
    });

    it("is resolved before the doctors module's :id routes", async () => {
      const res = await t.http.get(ME).set(bearer(other.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(res).doctorId).toBe(other.id);
      // The other doctor's schedule is its own: doctor's PUT above did not touch it.
      expect(dataOf<ScheduleResponseDto>(res).configured).toBe(false);
    });
  });

  describe('date overrides (me)', () => {
    const date = inDays(40);
    const url = (d: string) => `${ME}/overrides/${d}`;

    it('requires a token and the doctor role', async () => {
      await t.http.get(`${ME}/overrides`).expect(401);
      await t.http.put(url(date)).send({ intervals: [] }).expect(401);
      await t.http.delete(url(date)).expect(401);
      await t.http.get(`${ME}/overrides`).set(bearer(patient.accessToken)).expect(403);
      await t.http
        .put(url(date))
        .set(bearer(patient.accessToken))
        .send({ intervals: [] })
        .expect(403);
      await t.http.delete(url(date)).set(bearer(adminUser.accessToken)).expect(403);
    });

    it('adds, replaces idempotently, lists and removes an override', async () => {
      const first = await t.http
        .put(url(date))
        .set(bearer(doctor.accessToken))
        .send({ intervals: [], reason: '  Conference ' })
        .expect(200);
      expect(dataOf<ScheduleOverrideResponseDto>(first)).toMatchObject({
        date,
        intervals: [],
        reason: 'Conference',
      });

      const body = {
        intervals: [
          { start: '15:00', end: '16:00' },
          { start: '10:00', end: '11:00' },
        ],
      };
      for (let i = 0; i < 2; i++) {
        const res = await t.http
          .put(url(date))
          .set(bearer(doctor.accessToken))
          .send(body)
          .expect(200);
        expect(dataOf<ScheduleOverrideResponseDto>(res)).toMatchObject({
          date,
          intervals: [
            { start: '10:00', end: '11:00' },
            { start: '15:00', end: '16:00' },
          ],
          reason: null,
        });
      }
      await t.http
        .put(url(inDays(45)))
        .set(bearer(doctor.accessToken))
        .send({ intervals: [] })
        .expect(200);

      const all = await t.http.get(`${ME}/overrides`).set(bearer(doctor.accessToken)).expect(200);
      expect(pageOf<ScheduleOverrideResponseDto>(all)).toMatchObject({
        total: 2,
        page: 1,
        limit: 20,
      });
      expect(
        pageOf<ScheduleOverrideResponseDto>(all).items.map((o: { date: string }) => o.date),
      ).toEqual([date, inDays(45)]);

      const filtered = await t.http
        .get(`${ME}/overrides`)
        .query({ from: inDays(41), to: inDays(60) })
        .set(bearer(doctor.accessToken))
        .expect(200);
      expect(
        pageOf<ScheduleOverrideResponseDto>(filtered).items.map((o: { date: string }) => o.date),
      ).toEqual([inDays(45)]);

      const paged = await t.http
        .get(`${ME}/overrides`)
        .query({ limit: 1, page: 2 })
        .set(bearer(doctor.accessToken))
        .expect(200);
      expect(pageOf<ScheduleOverrideResponseDto>(paged)).toMatchObject({
        total: 2,
        page: 2,
        limit: 1,
      });
      expect(pageOf<ScheduleOverrideResponseDto>(paged).items).toHaveLength(1);

      const otherList = await t.http
        .get(`${ME}/overrides`)
        .set(bearer(other.accessToken))
        .expect(200);
      expect(pageOf<ScheduleOverrideResponseDto>(otherList).total).toBe(0);

      await t.http
        .delete(url(inDays(45)))
        .set(bearer(doctor.accessToken))
        .expect(200);
      const gone = await t.http
        .delete(url(inDays(45)))
        .set(bearer(doctor.accessToken))
        .expect(404);
      expect(errorOf(gone).code).toBe('SCHEDULE_OVERRIDE_NOT_FOUND');
      // Another doctor cannot remove this doctor's override: their `me` has none.
      await t.http.delete(url(date)).set(bearer(other.accessToken)).expect(404);
    });

    it.each(['2026-02-30', '2026-13-01', '2026-3-1', 'tomorrow', '20260301'])(
      'rejects the date %s with 400',
      async (bad) => {
        const res = await t.http
          .put(url(bad))
          .set(bearer(doctor.accessToken))
          .send({ intervals: [] })
          .expect(400);
        expect(errorOf(res).code).toBe('INVALID_DATE');
        await t.http.delete(url(bad)).set(bearer(doctor.accessToken)).expect(400);
      },
    );

    it.each([
      ['missing intervals', {}],
      ['intervals not an array', { intervals: 'none' }],
      [
        'overlapping intervals',
        {
          intervals: [
            { start: '09:00', end: '11:00' },
            { start: '10:00', end: '12:00' },
          ],
        },
      ],
      ['end before start', { intervals: [{ start: '11:00', end: '10:00' }] }],
      ['a bad time', { intervals: [{ start: '9:00', end: '10:00' }] }],
      ['a too-long reason', { intervals: [], reason: 'x'.repeat(201) }],
      ['a non-string reason', { intervals: [], reason: 42 }],
      ['an unknown field', { intervals: [], date: '2026-01-01' }],
      [
        '25 intervals',
        {
          intervals: Array.from({ length: 25 }, (_, i) => ({
            start: hhmm(i * 50),
            end: hhmm(i * 50 + 30),
          })),
        },
      ],
    ])('rejects an override with %s', async (_label, body) => {
      const res = await t.http
        .put(url(date))
        .set(bearer(doctor.accessToken))
        .send(body)
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });

    it('rejects bad list filters', async () => {
      const res = await t.http
        .get(`${ME}/overrides`)
        .query({ from: inDays(10), to: inDays(5) })
        .set(bearer(doctor.accessToken))
        .expect(400);
      expect(errorOf(res).code).toBe('INVALID_DATE_RANGE');
      await t.http
        .get(`${ME}/overrides`)
        .query({ from: '2026-02-30' })
        .set(bearer(doctor.accessToken))
        .expect(400);
      await t.http
        .get(`${ME}/overrides`)
        .query({ limit: 101 })
        .set(bearer(doctor.accessToken))
        .expect(400);
      const op = await t.http
        .get(`${ME}/overrides`)
        .query({ 'from[$gt]': '' })
        .set(bearer(doctor.accessToken))
        .expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
    });
  });

  describe('admin routes', () => {
    it('reject anonymous callers, patients and doctors', async () => {
      await t.http.get(admin(doctor.id)).expect(401);
      for (const user of [patient, doctor]) {
        await t.http.get(admin(doctor.id)).set(bearer(user.accessToken)).expect(403);
        await t.http.put(admin(other.id)).set(bearer(user.accessToken)).send(SCHEDULE).expect(403);
        await t.http
          .get(`${admin(other.id)}/overrides`)
          .set(bearer(user.accessToken))
          .expect(403);
        await t.http
          .put(`${admin(other.id)}/overrides/${inDays(3)}`)
          .set(bearer(user.accessToken))
          .send({ intervals: [] })
          .expect(403);
        await t.http
          .delete(`${admin(other.id)}/overrides/${inDays(3)}`)
          .set(bearer(user.accessToken))
          .expect(403);
      }
      const mine = await t.http.get(ME).set(bearer(other.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(mine).configured).toBe(false);
    });

    it("read and write any doctor's schedule and overrides", async () => {
      const got = await t.http.get(admin(doctor.id)).set(bearer(adminUser.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(got)).toMatchObject({
        doctorId: doctor.id,
        timezone: ZONE,
        configured: true,
      });

      const put = await t.http
        .put(admin(other.id))
        .set(bearer(adminUser.accessToken))
        .send({ ...SCHEDULE, timezone: 'America/New_York', slotMinutes: 20 })
        .expect(200);
      expect(dataOf<ScheduleResponseDto>(put)).toMatchObject({
        doctorId: other.id,
        timezone: 'America/New_York',
        slotMinutes: 20,
      });
      const seen = await t.http.get(ME).set(bearer(other.accessToken)).expect(200);
      expect(dataOf<ScheduleResponseDto>(seen)).toEqual(dataOf<ScheduleResponseDto>(put));

      const date = inDays(5);
      await t.http
        .put(`${admin(other.id)}/overrides/${date}`)
        .set(bearer(adminUser.accessToken))
        .send({ intervals: [], reason: 'Leave' })
        .expect(200);
      const list = await t.http
        .get(`${admin(other.id)}/overrides`)
        .set(bearer(adminUser.accessToken))
        .expect(200);
      expect(pageOf<ScheduleOverrideResponseDto>(list).items).toEqual([
        { date, intervals: [], reason: 'Leave', updatedAt: expect.any(String) },
      ]);
      await t.http
        .delete(`${admin(other.id)}/overrides/${date}`)
        .set(bearer(adminUser.accessToken))
        .expect(200);
      await t.http
        .delete(`${admin(other.id)}/overrides/${date}`)
        .set(bearer(adminUser.accessToken))
        .expect(404);
    });

    it('answer 400 for malformed ids and 404 for ids that are not doctors', async () => {
      for (const bad of ['abc', 'me', '665f1c2e8f1b2a001234567z']) {
        const res = await t.http.get(admin(bad)).set(bearer(adminUser.accessToken)).expect(400);
        expect(errorOf(res).code).toBe('INVALID_ID');
      }
      for (const id of [patient.id, adminUser.id, '665f1c2e8f1b2a0012345678']) {
        const res = await t.http.get(admin(id)).set(bearer(adminUser.accessToken)).expect(404);
        expect(errorOf(res).code).toBe('DOCTOR_NOT_FOUND');
        await t.http.put(admin(id)).set(bearer(adminUser.accessToken)).send(SCHEDULE).expect(404);
        await t.http
          .put(`${admin(id)}/overrides/${inDays(3)}`)
          .set(bearer(adminUser.accessToken))
          .send({ intervals: [] })
          .expect(404);
        await t.http
          .get(`${admin(id)}/overrides`)
          .set(bearer(adminUser.accessToken))
          .expect(404);
      }
    });

    it('validate the body like the doctor route', async () => {
      const res = await t.http
        .put(admin(other.id))
        .set(bearer(adminUser.accessToken))
        .send({ ...SCHEDULE, timezone: 'Not/AZone' })
        .expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });
  });

  describe('GET /doctors/:id/slots', () => {
    const from = inDays(2);
    const to = inDays(8);

    const getSlots = (id: string, query: Record<string, string>) =>
      t.http.get(slots(id)).query(query);

    beforeAll(async () => {
      await putMine(SCHEDULE).expect(200);
    });

    it('is public and matches the weekly hours for a concrete week', async () => {
      const res = await getSlots(doctor.id, { from, to }).expect(200);
      const data = dataOf<SlotsResponseDto>(res);
      expect(data).toMatchObject({
        doctorId: doctor.id,
        timezone: ZONE,
        displayTimezone: ZONE,
        slotMinutes: 30,
      });
      expect(data.days.map((d) => d.date)).toEqual(
        Array.from({ length: 7 }, (_, i) => inDays(2 + i)),
      );
      let total = 0;
      for (const day of data.days) {
        const local = day.slots.map((s) =>
          DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm'),
        );
        expect({ date: day.date, local }).toEqual({
          date: day.date,
          local: expectedTimes(WEEKLY, day.date, 30, 10),
        });
        for (const s of day.slots) {
          total++;
          expect(s.available).toBe(true);
          expect(s.start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/);
          expect(Date.parse(s.end) - Date.parse(s.start)).toBe(30 * 60_000);
          expect(s.localStart).toMatch(/\+05:30$/);
          expect(Date.parse(s.localStart)).toBe(Date.parse(s.start));
          expect(Date.parse(s.localEnd)).toBe(Date.parse(s.end));
          expect(DateTime.fromISO(s.start, { zone: ZONE }).toISODate()).toBe(day.date);
        }
      }
      expect(total).toBeGreaterThan(10);
    });

    it('shows local times in the requested display zone without moving the slots', async () => {
      const base = await getSlots(doctor.id, { from, to }).expect(200);
      const res = await getSlots(doctor.id, { from, to, tz: 'America/New_York' }).expect(200);
      expect(dataOf<SlotsResponseDto>(res).displayTimezone).toBe('America/New_York');
      const a = (dataOf<SlotsResponseDto>(base).days as DayBody[]).flatMap((d) => d.slots);
      const b = (dataOf<SlotsResponseDto>(res).days as DayBody[]).flatMap((d) => d.slots);
      expect(b.map((s) => s.start)).toEqual(a.map((s) => s.start));
      for (const s of b) {
        expect(s.localStart).toMatch(/-0[45]:00$/);
        expect(Date.parse(s.localStart)).toBe(Date.parse(s.start));
      }
    });

    it('drops the slots of a day off and uses custom hours of an override', async () => {
      const monday = Array.from({ length: 7 }, (_, i) => inDays(2 + i)).find(
        (d) => DateTime.fromISO(d).weekday === 1,
      ) as string;
      const wednesday = Array.from({ length: 7 }, (_, i) => inDays(2 + i)).find(
        (d) => DateTime.fromISO(d).weekday === 3,
      ) as string;
      await t.http
        .put(`${ME}/overrides/${monday}`)
        .set(bearer(doctor.accessToken))
        .send({ intervals: [], reason: 'Holiday' })
        .expect(200);
      await t.http
        .put(`${ME}/overrides/${wednesday}`)
        .set(bearer(doctor.accessToken))
        .send({ intervals: [{ start: '18:00', end: '19:00' }] })
        .expect(200);
      const res = await getSlots(doctor.id, { from, to }).expect(200);
      const byDate = new Map(
        (dataOf<SlotsResponseDto>(res).days as DayBody[]).map((d) => [d.date, d.slots]),
      );
      expect(byDate.get(monday)).toEqual([]);
      expect(
        byDate
          .get(wednesday)
          ?.map((s) => DateTime.fromISO(s.start, { zone: ZONE }).toFormat('HH:mm')),
      ).toEqual(['18:00']);

      await t.http.delete(`${ME}/overrides/${monday}`).set(bearer(doctor.accessToken)).expect(200);
      await t.http
        .delete(`${ME}/overrides/${wednesday}`)
        .set(bearer(doctor.accessToken))
        .expect(200);
      const back = await getSlots(doctor.id, { from: monday, to: monday }).expect(200);
      expect(dataOf<SlotsResponseDto>(back).days[0].slots).toHaveLength(
        expectedTimes(WEEKLY, monday, 30, 10).length,
      );
    });

    it('lists slots inside the minimum notice as unavailable and omits the past', async () => {
      await putMine({ ...SCHEDULE, minNoticeMinutes: 10080, weekly: everyDay() }).expect(200);
      const res = await getSlots(doctor.id, { from: inDays(-3), to: inDays(12) }).expect(200);
      const days = dataOf<SlotsResponseDto>(res).days as DayBody[];
      expect(days).toHaveLength(16);
      const now = Date.now();
      for (const day of days) {
        for (const s of day.slots) {
          expect(Date.parse(s.start)).toBeGreaterThanOrEqual(now - 5_000);
          const insideNotice = Date.parse(s.start) < now + 10080 * 60_000 - 60_000;
          const outsideNotice = Date.parse(s.start) > now + 10080 * 60_000 + 60_000;
          if (insideNotice) {
            expect(s.available).toBe(false);
          }
          if (outsideNotice) {
            expect(s.available).toBe(true);
          }
        }
      }
      expect(days.slice(0, 3).every((d) => d.slots.length === 0)).toBe(true);
      expect(days[days.length - 1].slots.every((s) => s.available)).toBe(true);
      expect(days[5].slots.length).toBeGreaterThan(0);
      expect(days[5].slots.every((s) => !s.available)).toBe(true);
    });

    it('omits slots beyond the booking horizon but still lists the dates', async () => {
      await putMine({
        ...SCHEDULE,
        minNoticeMinutes: 0,
        maxAdvanceDays: 2,
        weekly: everyDay(),
      }).expect(200);
      const res = await getSlots(doctor.id, { from: inDays(1), to: inDays(5) }).expect(200);
      const counts = (dataOf<SlotsResponseDto>(res).days as DayBody[]).map((d) => d.slots.length);
      expect(counts).toEqual([1, 1, 0, 0, 0]);
      await putMine(SCHEDULE).expect(200);
    });

    it('asks the registered occupancy provider once and marks taken slots unavailable', async () => {
      const calls: Array<{ doctorId: string; from: Date; to: Date }> = [];
      const day = Array.from({ length: 7 }, (_, i) => inDays(2 + i)).find(
        (d) => DateTime.fromISO(d).weekday === 1,
      ) as string;
      const first = expectedTimes(WEEKLY, day, 30, 10);
      expect(first.length).toBeGreaterThan(1);
      class FakeTaken extends TakenIntervalsProvider {
        findTakenTime(doctorId: string, from: Date, to: Date): Promise<TakenTime> {
          calls.push({ doctorId, from, to });
          const start = DateTime.fromISO(`${day}T${first[0]}`, { zone: ZONE }).toJSDate();
          return Promise.resolve(
            takenTimeOf([{ start, end: new Date(start.getTime() + 30 * 60_000) }]),
          );
        }
      }
      const occupancy = t.get(SlotOccupancy);
      const previous = occupancy.use(new FakeTaken());
      try {
        const res = await getSlots(doctor.id, { from: day, to: day }).expect(200);
        const daySlots = dataOf<SlotsResponseDto>(res).days[0].slots as SlotBody[];
        expect(daySlots.map((s) => s.available)).toEqual(first.map((_, i) => i !== 0));
        expect(calls).toHaveLength(1);
        expect(calls[0].doctorId).toBe(doctor.id);
        // One bounded window covering the listed slots (asked before the doctor's zone is known,
        // so it spans the date's widest possible UTC range).
        expect(calls[0].from.getTime()).toBeLessThanOrEqual(Date.parse(daySlots[0].start));
        expect(calls[0].to.getTime()).toBeGreaterThanOrEqual(
          Date.parse(daySlots[daySlots.length - 1].end),
        );
        expect(calls[0].to.getTime() - calls[0].from.getTime()).toBeLessThanOrEqual(4 * 86_400_000);
        // A range with nothing to list (all past) needs no occupancy query at all.
        await getSlots(doctor.id, { from: inDays(-10), to: inDays(-5) }).expect(200);
        expect(calls).toHaveLength(1);
      } finally {
        occupancy.use(previous);
      }
    });

    it('agrees with AvailabilityService.checkSlot, the check bookings will use', async () => {
      const service = t.get(AvailabilityService);
      const res = await getSlots(doctor.id, { from, to }).expect(200);
      const listed = (dataOf<SlotsResponseDto>(res).days as DayBody[]).flatMap((d) => d.slots);
      expect(listed.length).toBeGreaterThan(0);
      for (const s of listed) {
        await expect(service.checkSlot(doctor.id, new Date(s.start))).resolves.toMatchObject({
          ok: true,
          slot: { start: new Date(s.start), end: new Date(s.end) },
        });
        const misaligned = new Date(Date.parse(s.start) + 5 * 60_000);
        await expect(service.checkSlot(doctor.id, misaligned)).resolves.toEqual({
          ok: false,
          reason: 'not_a_slot',
        });
      }
      const day = listed[0].start;
      const date = DateTime.fromISO(day, { zone: ZONE }).toISODate() as string;
      await t.http
        .put(`${ME}/overrides/${date}`)
        .set(bearer(doctor.accessToken))
        .send({ intervals: [] })
        .expect(200);
      await expect(service.checkSlot(doctor.id, new Date(day))).resolves.toEqual({
        ok: false,
        reason: 'not_a_slot',
      });
      await t.http.delete(`${ME}/overrides/${date}`).set(bearer(doctor.accessToken)).expect(200);
    });

    it('returns every date, all empty, for a doctor who never saved a schedule', async () => {
      const fresh = await createDoctor(t);
      const res = await getSlots(fresh.id, { from, to }).expect(200);
      expect(dataOf<SlotsResponseDto>(res).days).toHaveLength(7);
      expect(
        (dataOf<SlotsResponseDto>(res).days as DayBody[]).every((d) => d.slots.length === 0),
      ).toBe(true);
    });

    it.each([
      ['no dates', {}],
      ['no to', { from: '2026-03-01' }],
      ['an impossible date', { from: '2026-02-30', to: '2026-03-02' }],
      ['a non-ISO date', { from: '2026-3-1', to: '2026-03-02' }],
      ['an invalid display zone', { from: '2026-03-01', to: '2026-03-02', tz: 'Mars/Olympus' }],
      ['an unknown parameter', { from: '2026-03-01', to: '2026-03-02', limit: '5' }],
    ])('rejects %s with 400', async (_label, query) => {
      const res = await getSlots(doctor.id, query as Record<string, string>).expect(400);
      expect(errorOf(res).code).toBe('VALIDATION_FAILED');
    });

    it('rejects reversed and too long ranges', async () => {
      const reversed = await getSlots(doctor.id, { from: '2026-03-05', to: '2026-03-01' }).expect(
        400,
      );
      expect(errorOf(reversed).code).toBe('INVALID_DATE_RANGE');
      const long = await getSlots(doctor.id, { from: '2026-03-01', to: '2026-04-01' }).expect(400);
      expect(errorOf(long).code).toBe('DATE_RANGE_TOO_LONG');
      await getSlots(doctor.id, { from: '2026-03-01', to: '2026-03-31' }).expect(200);
      const op = await t.http.get(slots(doctor.id)).query({ 'from[$gt]': '' }).expect(400);
      expect(errorOf(op).code).toBe('FORBIDDEN_KEY');
      const arr = await t.http.get(
        `${slots(doctor.id)}?from=2026-03-01&from=2026-03-02&to=2026-03-03`,
      );
      expect(arr.status).toBe(400);
    });

    it('answers 400 for malformed ids, including "me"', async () => {
      for (const bad of ['me', 'abc', '665f1c2e8f1b2a001234567z']) {
        const res = await getSlots(bad, { from, to }).expect(400);
        expect(errorOf(res).code).toBe('INVALID_ID');
      }
    });

    it('answers 404 for unknown ids, non-doctors and doctors who are not public', async () => {
      const hidden = await createDoctor(t, { visible: false });
      const notAccepting = await createDoctor(t, { acceptingAppointments: false });
      const hiddenSchedule = { ...SCHEDULE, weekly: everyDay() };
      await putMine(hiddenSchedule, hidden).expect(200);
      await putMine(hiddenSchedule, notAccepting).expect(200);
      for (const id of ['665f1c2e8f1b2a0012345678', patient.id, hidden.id, notAccepting.id]) {
        const res = await getSlots(id, { from, to }).expect(404);
        expect(errorOf(res).code).toBe('DOCTOR_NOT_FOUND');
      }
      // Still manageable by the doctor and by admins.
      await t.http.get(ME).set(bearer(hidden.accessToken)).expect(200);
      await t.http.get(admin(hidden.id)).set(bearer(adminUser.accessToken)).expect(200);
    });

    it('is documented in the OpenAPI document', async () => {
      const res = await t.http.get('/docs-json').expect(200);
      const paths = Object.keys(bodyOf<OpenAPIObject>(res).paths);
      expect(paths).toEqual(
        expect.arrayContaining([
          `${API}/doctors/{id}/slots`,
          `${API}/doctors/me/schedule`,
          `${API}/doctors/me/schedule/overrides`,
          `${API}/doctors/me/schedule/overrides/{date}`,
          `${API}/admin/doctors/{id}/schedule`,
          `${API}/admin/doctors/{id}/schedule/overrides`,
          `${API}/admin/doctors/{id}/schedule/overrides/{date}`,
        ]),
      );
    });
  });

  describe('GET /doctors/:id/slots/compact', () => {
    const compact = (id: string) => `${slots(id)}/compact`;
    /** What the compact form must say, derived from the full form of the same query. */
    const fromFull = (full: { days: DayBody[] } & Record<string, unknown>) => ({
      doctorId: full.doctorId,
      timezone: full.timezone,
      displayTimezone: full.displayTimezone,
      slotMinutes: full.slotMinutes,
      days: full.days.map((d) => ({
        date: d.date,
        starts: d.slots.map((s) => s.localStart.replace(/^(.{16}):00/, '$1')),
        available: d.slots.map((s) => s.available),
      })),
    });
    let kolkata: TestDoctor;

    beforeAll(async () => {
      kolkata = await createDoctor(t);
      await putMine(SCHEDULE, kolkata).expect(200);
    });

    it('is public and has exactly the shape and slots of the full form, in minute precision', async () => {
      const query = { from: inDays(2), to: inDays(8) };
      const full = await t.http.get(slots(kolkata.id)).query(query).expect(200);
      const res = await t.http.get(compact(kolkata.id)).query(query).expect(200);
      expect(res.body).toMatchObject({ success: true, message: 'Slots' });
      expect(res.headers['cache-control']).toBe('public, max-age=5');
      const data = dataOf<CompactSlotsResponseDto>(res);
      expect(data).toEqual(fromFull(dataOf<SlotsResponseDto>(full)));
      expect(Object.keys(data).sort()).toEqual(
        ['days', 'displayTimezone', 'doctorId', 'slotMinutes', 'timezone'].sort(),
      );
      const first = data.days.find((d) => d.starts.length > 0)!;
      expect(Object.keys(first).sort()).toEqual(['available', 'date', 'starts']);
      const expectedFirst = expectedTimes(WEEKLY, first.date, 30, 10)[0];
      expect(first.starts[0]).toBe(`${first.date}T${expectedFirst}+05:30`);
      expect(data.days.flatMap((d) => d.starts).length).toBeGreaterThan(10);
      // Even for a sparse week, with the envelope, under half the bytes of the full form.
      expect(JSON.stringify(res.body).length * 2).toBeLessThan(JSON.stringify(full.body).length);
    });

    it('writes the starts in the display zone given by tz', async () => {
      const query = { from: inDays(2), to: inDays(8), tz: 'America/New_York' };
      const full = await t.http.get(slots(kolkata.id)).query(query).expect(200);
      const res = await t.http.get(compact(kolkata.id)).query(query).expect(200);
      const data = dataOf<CompactSlotsResponseDto>(res);
      expect(data.displayTimezone).toBe('America/New_York');
      expect(data.timezone).toBe(ZONE);
      expect(data).toEqual(fromFull(dataOf<SlotsResponseDto>(full)));
      for (const start of data.days.flatMap((d) => d.starts)) {
        expect(start).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}-0[45]:00$/);
      }
    });

    it("carries each slot's own offset across a DST change day", async () => {
      const zone = 'America/New_York';
      const ny = await createDoctor(t);
      await putMine(
        {
          timezone: zone,
          slotMinutes: 30,
          bufferMinutes: 0,
          minNoticeMinutes: 0,
          maxAdvanceDays: 365,
          weekly: Object.fromEntries(
            WEEKDAY_KEYS.map((d) => [d, [{ start: '00:00', end: '04:00' }]]),
          ),
        },
        ny,
      ).expect(200);
      // The next local date (2..360 days ahead) on which New York's clocks change.
      let date = inDays(2, zone);
      const offsetAt = (d: string, hour: number) =>
        DateTime.fromISO(d, { zone }).set({ hour }).offset;
      for (let i = 0; i < 360 && offsetAt(date, 0) === offsetAt(date, 5); i++) {
        date = DateTime.fromISO(date).plus({ days: 1 }).toISODate() as string;
      }
      const springForward = offsetAt(date, 5) > offsetAt(date, 0);
      const query = { from: date, to: date };
      const full = await t.http.get(slots(ny.id)).query(query).expect(200);
      const res = await t.http.get(compact(ny.id)).query(query).expect(200);
      const data = dataOf<CompactSlotsResponseDto>(res);
      expect(data).toEqual(fromFull(dataOf<SlotsResponseDto>(full)));
      const [day] = data.days;
      // 00:00-04:00 local is 3 real hours on a spring-forward night, 5 on a fall-back night.
      expect(day.starts).toHaveLength(springForward ? 6 : 10);
      const offsets = new Set(day.starts.map((s) => s.slice(16)));
      expect([...offsets].sort()).toEqual(['-04:00', '-05:00']);
      if (springForward) {
        expect(day.starts.slice(3, 5)).toEqual([`${date}T01:30-05:00`, `${date}T03:00-04:00`]);
      } else {
        // The repeated hour is offered twice, told apart by the offset.
        expect(day.starts.slice(2, 6)).toEqual([
          `${date}T01:00-04:00`,
          `${date}T01:30-04:00`,
          `${date}T01:00-05:00`,
          `${date}T01:30-05:00`,
        ]);
      }
      const instants = day.starts.map((s) => Date.parse(s));
      expect(instants).toEqual(
        dataOf<SlotsResponseDto>(full).days[0].slots.map((s: SlotBody) => Date.parse(s.start)),
      );
    });

    it('validates like the full form', async () => {
      const query = { from: inDays(2), to: inDays(3) };
      const bad = await t.http
        .get(`${API}/doctors/not-an-id/slots/compact`)
        .query(query)
        .expect(400);
      expect(errorOf(bad).code).toBe('INVALID_ID');
      const unknown = await t.http
        .get(compact(kolkata.id))
        .query({ ...query, format: 'compact' })
        .expect(400);
      expect(errorOf(unknown).code).toBe('VALIDATION_FAILED');
      const reversed = await t.http
        .get(compact(kolkata.id))
        .query({ from: inDays(3), to: inDays(2) })
        .expect(400);
      expect(errorOf(reversed).code).toBe('INVALID_DATE_RANGE');
      const missing = await t.http
        .get(compact('665f1c2e8f1b2a0012345678'))
        .query(query)
        .expect(404);
      expect(errorOf(missing).code).toBe('DOCTOR_NOT_FOUND');
      const operator = await t.http
        .get(`${compact(kolkata.id)}?from[$gt]=2026-01-01&to=${query.to}`)
        .expect(400);
      expect(errorOf(operator).success).toBe(false);
    });

    it('is documented in the OpenAPI document', async () => {
      const res = await t.http.get('/docs-json').expect(200);
      const doc = bodyOf<OpenAPIObject>(res);
      const op = doc.paths[`${API}/doctors/{id}/slots/compact`]?.get;
      expect(op).toBeDefined();
      expect(doc.components!.schemas!.CompactSlotsResponseDto).toBeDefined();
      expect((doc.components!.schemas!.CompactSlotDayDto as SchemaObject).required).toEqual(
        expect.arrayContaining(['date', 'starts', 'available']),
      );
    });
  });

  it('a user who is not a doctor gets 404 on the me routes', async () => {
    // A doctor-role account without a doctor profile (not created through the doctors module).
    const bare = await createUserWithRole(t, Role.Doctor);
    const res = await t.http.get(ME).set(bearer(bare.accessToken)).expect(404);
    expect(errorOf(res).code).toBe('DOCTOR_NOT_FOUND');
    await putMine(SCHEDULE, bare).expect(404);
  });
});

function everyDay(): Weekly {
  return Object.fromEntries(WEEKDAY_KEYS.map((d) => [d, [{ start: '10:00', end: '11:00' }]]));
}
