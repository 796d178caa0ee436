import { Types } from 'mongoose';
import {
  ReviewsRepository,
  type AdminReviewCriteria,
} from '../../src/modules/reviews/reviews.repository';
import { winningPlanStages } from '../utils/explain';
import { createTestApp, type TestApp } from '../utils/test-app';

/** The hot review queries are index scans that return the page in index order (no SORT). */
describe('review indexes (e2e)', () => {
  let t: TestApp;
  let repo: ReviewsRepository;
  const doctorId = new Types.ObjectId().toHexString();

  beforeAll(async () => {
    t = await createTestApp();
    repo = t.get(ReviewsRepository);
    // A few documents so the planner has keys to choose between.
    const now = Date.now();
    await t.connection.collection('reviews').insertMany(
      Array.from({ length: 30 }, (_, i) => ({
        appointmentId: new Types.ObjectId(),
        doctorId: i % 3 === 0 ? new Types.ObjectId(doctorId) : new Types.ObjectId(),
        patientId: new Types.ObjectId(),
        patientName: 'Test P.',
        rating: (i % 5) + 1,
        text: null,
        status: i % 4 === 0 ? 'hidden' : 'published',
        completedAt: new Date(now - i * 3_600_000),
        reportsCount: i % 4 === 0 ? 3 : 0,
        openReports: i % 4 === 0 ? 3 : 0,
        ...(i % 4 === 0 ? { reported: true, lastReportedAt: new Date(now - i * 60_000) } : {}),
        createdAt: new Date(now - i * 60_000),
        updatedAt: new Date(now - i * 60_000),
      })),
    );
  });
  afterAll(() => t.close());

  const stagesOf = async (q: { explain(v: 'queryPlanner'): Promise<unknown> }) =>
    winningPlanStages(await q.explain('queryPlanner'));

  it.each([
    ['newest', 'doctor_status_created'],
    ['highest', 'doctor_status_rating'],
    ['lowest', 'doctor_status_rating'],
  ] as const)('the public list sorted %s reads %s in order', async (sort, index) => {
    const stages = await stagesOf(repo.publicListQuery(doctorId, sort, 20, 20));
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    expect(stages.map((s) => s.stage)).not.toContain('SORT');
    expect(stages.some((s) => s.stage === 'IXSCAN' && s.indexName === index)).toBe(true);
  });

  it('the reported queue reads reported_queue in order', async () => {
    const stages = await stagesOf(repo.adminListQuery({ reported: true }, 0, 20));
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    expect(stages.map((s) => s.stage)).not.toContain('SORT');
    expect(stages.some((s) => s.stage === 'IXSCAN' && s.indexName === 'reported_queue')).toBe(true);
  });

  it.each<[string, AdminReviewCriteria]>([
    ['everything', {}],
    ['hidden', { hidden: true }],
    ['published', { hidden: false }],
    ['one doctor', { doctorId }],
    ['one doctor, hidden', { doctorId, hidden: true }],
    ['one doctor, reported', { doctorId, reported: true }],
  ])('the admin list of %s is an index scan', async (_label, criteria) => {
    const stages = await stagesOf(repo.adminListQuery(criteria, 0, 20));
    expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    expect(stages.map((s) => s.stage)).toContain('IXSCAN');
  });

  it('the patient’s own list and the dashboard figures use indexes', async () => {
    const own = await stagesOf(repo.patientListQuery(new Types.ObjectId().toHexString(), 0, 20));
    expect(own.map((s) => s.stage)).toContain('IXSCAN');
    expect(own.map((s) => s.stage)).not.toContain('COLLSCAN');
    const from = new Date(Date.now() - 86_400_000);
    for (const agg of [
      repo.starsInRange(from, new Date()),
      repo.starsInRange(from, new Date(), doctorId),
    ]) {
      const stages = winningPlanStages(await agg.explain('queryPlanner'));
      expect(stages.map((s) => s.stage)).toContain('IXSCAN');
      expect(stages.map((s) => s.stage)).not.toContain('COLLSCAN');
    }
  });
});
