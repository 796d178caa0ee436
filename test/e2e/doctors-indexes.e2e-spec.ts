import {
  DoctorsRepository,
  type DoctorListCriteria,
} from '../../src/modules/doctors/doctors.repository';
import { DoctorSort, SORT_SPECS } from '../../src/modules/doctors/domain/doctor-sort';
import { createDoctor } from '../factories/doctors.factory';
import { winningPlanStages } from '../utils/explain';
import { createTestApp, TestApp } from '../utils/test-app';

type Filters = Omit<DoctorListCriteria, 'sort' | 'listedOnly'>;

const FILTERS: Record<string, Filters> = {
  none: {},
  speciality: { speciality: 'cardiologist' },
  search: { search: 'asha' },
  searchTwoWords: { search: 'asha ra' },
  maxFee: { maxFee: 60000 },
  minRating: { minRating: 4 },
  accepting: { accepting: true },
  notAccepting: { accepting: false },
  all: {
    speciality: 'cardiologist',
    search: 'asha',
    maxFee: 60000,
    minRating: 4,
    accepting: true,
  },
};

/**
 * Every filter and sort of the public doctor list must be answered by an index. The queries
 * explained are built by the repository methods the service runs, so a change to the query shape
 * is checked here too.
 */
describe('doctors list indexes (e2e)', () => {
  let t: TestApp;
  let repo: DoctorsRepository;

  beforeAll(async () => {
    t = await createTestApp();
    repo = t.get(DoctorsRepository);
    // A few documents so the planner has real keys to choose between.
    await createDoctor(t, { name: 'Dr. Asha Rao', speciality: 'cardiologist', fee: 50000 });
    await createDoctor(t, { name: 'Dr. Ravi Kumar', speciality: 'dermatologist', fee: 70000 });
    await createDoctor(t, { name: 'Dr. Hidden', visible: false });
  });
  afterAll(() => t.close());

  const criteria = (filters: Filters, sort: DoctorSort): DoctorListCriteria => ({
    ...filters,
    listedOnly: true,
    sort: SORT_SPECS[sort],
  });

  const cases: [string, DoctorSort][] = [];
  for (const f of Object.keys(FILTERS)) {
    for (const s of Object.values(DoctorSort)) {
      cases.push([f, s]);
    }
  }

  it.each(cases)('filter %s + sort %s: page and total use an index', async (f, s) => {
    const c = criteria(FILTERS[f], s);
    for (const explain of [
      await repo.listQuery(c, 20, 20).explain('queryPlanner'),
      await repo.countQuery(c).explain('queryPlanner'),
    ]) {
      const stages = winningPlanStages(explain);
      expect(stages.map((st) => st.stage)).not.toContain('COLLSCAN');
      expect(
        stages.some((st) => st.stage === 'IXSCAN' && st.indexName?.startsWith('listed_')),
      ).toBe(true);
    }
  });

  it.each(Object.values(DoctorSort))(
    'sort %s (alone and per speciality) is read off an index, not sorted in memory',
    async (s) => {
      for (const filters of [FILTERS.none, FILTERS.speciality]) {
        const stages = winningPlanStages(
          await repo.listQuery(criteria(filters, s), 0, 20).explain('queryPlanner'),
        );
        const names = stages.map((st) => st.stage);
        expect(names).toContain('IXSCAN');
        expect(names).not.toContain('SORT');
        expect(names).not.toContain('COLLSCAN');
      }
    },
  );

  it('the speciality counts aggregate matches through an index', async () => {
    const stages = winningPlanStages(
      await repo.listedCountsBySpecialityAggregate().explain('queryPlanner'),
    );
    expect(stages.map((st) => st.stage)).not.toContain('COLLSCAN');
    expect(stages.map((st) => st.stage)).toContain('IXSCAN');
  });

  it('the index check itself finds a collection scan, in find and aggregate explains', () => {
    // Guards the tests above against a plan walker that never finds anything. (CI runs the
    // server with notablescan, which refuses to even explain a real collection scan.)
    const find = {
      queryPlanner: { winningPlan: { stage: 'SORT', inputStage: { stage: 'COLLSCAN' } } },
    };
    const aggregate = {
      stages: [
        {
          $cursor: {
            queryPlanner: {
              winningPlan: {
                stage: 'FETCH',
                inputStages: [{ stage: 'IXSCAN' }, { stage: 'COLLSCAN' }],
              },
            },
          },
        },
      ],
    };
    expect(winningPlanStages(find).map((st) => st.stage)).toContain('COLLSCAN');
    expect(winningPlanStages(aggregate).map((st) => st.stage)).toContain('COLLSCAN');
  });
});
