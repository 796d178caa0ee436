import { Injectable } from '@nestjs/common';

export interface ActiveBreakGlassGrant {
  id: string;
  adminId: string;
  patientId: string;
  expiresAt: Date;
}

/**
 * Time-boxed emergency read access for an admin to one patient's record. (STUB: no grants exist
 * until the break-glass work lands; the signature is the contract the records module uses.)
 */
@Injectable()
export class BreakGlassService {
  // eslint-disable-next-line @typescript-eslint/require-await
  async activeGrant(_adminId: string, _patientId: string): Promise<ActiveBreakGlassGrant | null> {
    return null;
  }
}
