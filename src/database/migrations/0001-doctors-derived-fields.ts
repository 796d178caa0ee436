import type { Migration } from './migration';
import { eachDocument } from './each-document';

/** Mirrors src/modules/doctors/domain/doctor-name.ts as of this migration (frozen on purpose). */
function normaliseName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface DoctorFields {
  _id: unknown;
  name?: string;
  nameLower?: string;
  nameWords?: string[];
  approvalStatus?: string;
  visible?: boolean;
  accountStatus?: string;
  listed?: boolean;
}

/**
 * Doctors written before `listed`, `nameLower` and `nameWords` existed lack them, so public lists
 * (which lead with `listed: true`) and name search (`nameWords`) silently leave them out. This
 * derives them from the stored fields, with the rules the app writes them with.
 */
export const migration: Migration = {
  id: '0001-doctors-derived-fields',
  description: 'Derive listed, nameLower and nameWords for doctors that lack them',
  async up(db, logger) {
    const doctors = db.collection<DoctorFields>('doctors');
    const changed = await eachDocument(doctors, (d) => {
      const set: Partial<DoctorFields> = {};
      const listed =
        d.approvalStatus === 'approved' && d.visible === true && d.accountStatus === 'active';
      if (d.listed !== listed) {
        set.listed = listed;
      }
      if (typeof d.name === 'string') {
        const nameLower = normaliseName(d.name.trim());
        const nameWords = [...new Set(nameLower.split(' ').filter(Boolean))];
        if (d.nameLower !== nameLower) {
          set.nameLower = nameLower;
        }
        if (JSON.stringify(d.nameWords) !== JSON.stringify(nameWords)) {
          set.nameWords = nameWords;
        }
      }
      return Object.keys(set).length ? set : null;
    });
    logger.log(`0001: updated ${changed} doctor(s)`);
  },
};
