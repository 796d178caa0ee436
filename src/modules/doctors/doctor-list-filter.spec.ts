import { AccountStatus } from '../users/domain/account-status';
import { doctorListFilter, isListed } from './doctors.repository';
import { SORT_SPECS } from './domain/doctor-sort';
import { ApprovalStatus } from './schemas/doctor.schema';

const sort = SORT_SPECS.popularity;

describe('doctorListFilter', () => {
  it('always pins listed=true for the public list and nothing else by default', () => {
    expect(doctorListFilter({ listedOnly: true, sort })).toEqual({ listed: true });
    expect(doctorListFilter({ listedOnly: false, sort })).toEqual({});
  });

  it('turns search words into anchored, escaped prefixes of the lower-cased name words', () => {
    const one = doctorListFilter({ listedOnly: true, search: ' ÁSHA ', sort });
    expect(one.nameWords).toEqual(/^asha/);
    const f = doctorListFilter({ listedOnly: true, search: 'Rao (x', sort });
    expect(f.$and).toEqual([{ nameWords: /^rao/ }, { nameWords: /^x/ }]);
    expect(doctorListFilter({ listedOnly: true, search: '.*', sort })).toEqual({ listed: true });
  });

  it('maps ranges and flags to indexed paths', () => {
    const f = doctorListFilter({
      listedOnly: false,
      speciality: 'ent',
      maxFee: 100,
      minRating: 4,
      accepting: true,
      visible: false,
      accountStatus: AccountStatus.Suspended,
      approvalStatus: ApprovalStatus.Revoked,
      sort,
    });
    expect(f).toMatchObject({
      speciality: 'ent',
      'fee.amount': { $lte: 100 },
      'rating.average': { $gte: 4 },
      acceptingAppointments: true,
      visible: false,
      accountStatus: 'suspended',
      approvalStatus: 'revoked',
    });
  });
});

describe('isListed', () => {
  const base = {
    approvalStatus: ApprovalStatus.Approved,
    visible: true,
    accountStatus: AccountStatus.Active,
    mustChangePassword: false,
  };
  it('needs approval, visibility, an active account and no pending password change', () => {
    expect(isListed(base)).toBe(true);
    expect(isListed({ ...base, visible: false })).toBe(false);
    expect(isListed({ ...base, approvalStatus: ApprovalStatus.Revoked })).toBe(false);
    expect(isListed({ ...base, accountStatus: AccountStatus.Suspended })).toBe(false);
    expect(isListed({ ...base, accountStatus: AccountStatus.Deleted })).toBe(false);
    expect(isListed({ ...base, mustChangePassword: true })).toBe(false);
  });
});
