import { JobLeaseService } from '../../src/modules/jobs/job-lease.service';
import { createTestApp, uniqueDatabaseUri, type TestApp } from '../utils/test-app';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LeaseDoc {
  _id: string;
  owner: string;
  expiresAt: Date;
}

describe('job leases (e2e, two app instances over one database)', () => {
  let a: TestApp;
  let b: TestApp;
  let leaseA: JobLeaseService;
  let leaseB: JobLeaseService;

  const leases = () => a.connection.collection<LeaseDoc>('job_leases');

  beforeAll(async () => {
    const uri = uniqueDatabaseUri();
    a = await createTestApp({ mongodbUri: uri });
    b = await createTestApp({ mongodbUri: uri });
    leaseA = a.get(JobLeaseService);
    leaseB = b.get(JobLeaseService);
  });
  afterAll(async () => {
    await b?.close({ dropDatabase: false });
    await a?.close();
  });

  it('gives each instance its own owner id', () => {
    expect(leaseA.owner).not.toBe(leaseB.owner);
  });

  it('lets exactly one of two concurrent instances run the job', async () => {
    const ranBy: string[] = [];
    const work = (who: string) => async () => {
      ranBy.push(who);
      await sleep(300);
      return who;
    };
    const [ra, rb] = await Promise.all([
      leaseA.runExclusive('race', work('a')),
      leaseB.runExclusive('race', work('b')),
    ]);
    expect([ra.ran, rb.ran].filter(Boolean)).toHaveLength(1);
    expect(ranBy).toHaveLength(1);
    const winner = ra.ran ? ra : rb;
    expect(winner.result).toBe(ranBy[0]);
    expect((ra.ran ? rb : ra).result).toBeUndefined();
  });

  it('runs the job many times concurrently without ever overlapping', async () => {
    let inside = 0;
    let maxInside = 0;
    let runs = 0;
    const work = async () => {
      inside += 1;
      runs += 1;
      maxInside = Math.max(maxInside, inside);
      await sleep(20);
      inside -= 1;
    };
    const attempts = Array.from({ length: 10 }, (_, i) =>
      (i % 2 ? leaseA : leaseB).runExclusive('storm', work),
    );
    const results = await Promise.all(attempts);
    expect(maxInside).toBe(1);
    expect(results.filter((r) => r.ran)).toHaveLength(runs);
    expect(runs).toBeGreaterThanOrEqual(1);
  });

  it('releases the lease when the work ends, so the next run can start', async () => {
    expect((await leaseA.runExclusive('sequential', async () => 1)).ran).toBe(true);
    expect(await leases().findOne({ _id: 'sequential' })).toBeNull();
    expect((await leaseB.runExclusive('sequential', async () => 2)).result).toBe(2);
  });

  it('releases the lease when the work throws, and rethrows', async () => {
    await expect(
      leaseA.runExclusive('failing', async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await leases().findOne({ _id: 'failing' })).toBeNull();
    expect((await leaseB.runExclusive('failing', async () => 'ok')).ran).toBe(true);
  });

  it('does not run while another owner holds a live lease', async () => {
    await leases().insertOne({
      _id: 'held',
      owner: 'some-live-instance',
      expiresAt: new Date(Date.now() + 60_000),
    });
    let ran = false;
    const result = await leaseA.runExclusive('held', async () => {
      ran = true;
    });
    expect(result).toEqual({ ran: false });
    expect(ran).toBe(false);
    expect(await leases().findOne({ _id: 'held' })).toMatchObject({ owner: 'some-live-instance' });
  });

  it('takes over an expired lease left by a dead owner', async () => {
    await leases().insertOne({
      _id: 'orphaned',
      owner: 'dead-instance',
      expiresAt: new Date(Date.now() - 1000),
    });
    let ownerDuringWork: string | undefined;
    const result = await leaseB.runExclusive('orphaned', async () => {
      ownerDuringWork = (await leases().findOne({ _id: 'orphaned' }))?.owner;
      return 'taken over';
    });
    expect(result).toEqual({ ran: true, result: 'taken over' });
    expect(ownerDuringWork).toBe(leaseB.owner);
  });

  it('holds the lease for JOB_LEASE_SECONDS while the work runs', async () => {
    let expiresAt: Date | undefined;
    const before = Date.now();
    await leaseA.runExclusive('duration', async () => {
      expiresAt = (await leases().findOne({ _id: 'duration' }))?.expiresAt;
    });
    const seconds = a.config.JOB_LEASE_SECONDS;
    expect(expiresAt!.getTime()).toBeGreaterThanOrEqual(before + seconds * 1000 - 1000);
    expect(expiresAt!.getTime()).toBeLessThanOrEqual(Date.now() + seconds * 1000 + 1000);
  });

  it('renews the lease while long work runs, so it does not expire under it', async () => {
    const fast = await createTestApp({
      mongodbUri: a.config.MONGODB_URI,
      env: { JOB_LEASE_SECONDS: '5' },
    });
    try {
      const lease = fast.get(JobLeaseService);
      const seen: number[] = [];
      await lease.runExclusive('long', async () => {
        seen.push((await leases().findOne({ _id: 'long' }))!.expiresAt.getTime());
        await sleep(2200); // renewal runs every JOB_LEASE_SECONDS / 3
        seen.push((await leases().findOne({ _id: 'long' }))!.expiresAt.getTime());
      });
      expect(seen[1]).toBeGreaterThan(seen[0] + 1000);
    } finally {
      await fast.close({ dropDatabase: false });
    }
  });

  it('does not delete a lease another owner took over meanwhile', async () => {
    await leaseA.runExclusive('stolen', async () => {
      // As if our lease had expired mid-run and another instance had taken it.
      await leases().updateOne(
        { _id: 'stolen' },
        { $set: { owner: 'newer-instance', expiresAt: new Date(Date.now() + 60_000) } },
      );
    });
    expect(await leases().findOne({ _id: 'stolen' })).toMatchObject({ owner: 'newer-instance' });
  });

  it('refuses an overlapping run of the same job inside one instance', async () => {
    let release!: () => void;
    const first = leaseA.runExclusive(
      'reentrant',
      () => new Promise<void>((resolve) => (release = resolve)),
    );
    await sleep(50);
    const second = await leaseA.runExclusive('reentrant', async () => 'second');
    expect(second).toEqual({ ran: false });
    release();
    expect((await first).ran).toBe(true);
  });
});
