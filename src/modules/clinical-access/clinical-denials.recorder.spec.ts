import { Controller, Get, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { Role } from '../../common/auth/role.enum';
import { commonError, CommonErrorCode } from '../../common/errors/error-codes';
import { GuardDenials } from '../auth/guards/guard-denials';
import type { ClinicalAccessEntry } from './clinical-access.types';
import type { ClinicalAuditService } from './clinical-audit.service';
import { ClinicalDenialsRecorder } from './clinical-denials.recorder';

@Controller()
class Routes {
  @Get(':id')
  @ClinicalRoute({ resource: 'patient', action: 'read', idParam: 'id', idIsPatient: true })
  patient(): void {}

  @Get(':id')
  @ClinicalRoute({ resource: 'encounter', action: 'update', idParam: 'id' })
  encounter(): void {}

  @Get()
  plain(): void {}
}

function contextFor(handler: keyof Routes, params: Record<string, string>): ExecutionContext {
  const req = { params, id: 'req-12345678', ip: '203.0.113.7', socket: {} };
  return {
    getClass: () => Routes,
    getHandler: () => Routes.prototype[handler],
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
}

describe('ClinicalDenialsRecorder', () => {
  const recorded: ClinicalAccessEntry[] = [];
  const audit = {
    record: async (e: ClinicalAccessEntry) => void recorded.push(e),
  } as unknown as ClinicalAuditService;
  const denials = new GuardDenials();
  const recorder = new ClinicalDenialsRecorder(denials, new Reflector(), audit);
  recorder.onModuleInit();
  const unauthorized = commonError(CommonErrorCode.Unauthorized, 'Authentication required');
  const refuse = (ctx: ExecutionContext, user: Parameters<GuardDenials['refuse']>[1] = null) =>
    expect(denials.refuse(ctx, user, unauthorized)).rejects.toBe(unauthorized);

  beforeEach(() => {
    recorded.length = 0;
  });

  it("records a refused patient route with the route's id as the patient", async () => {
    const id = '665F1C2E8F1B2A0012345678';
    await refuse(contextFor('patient', { id }));
    expect(recorded).toEqual([
      {
        actor: { userId: null, role: 'anonymous' },
        patientId: id.toLowerCase(),
        resource: { type: 'patient', id: id.toLowerCase() },
        action: 'read',
        purpose: null,
        outcome: 'denied',
        reason: 'UNAUTHORIZED',
        request: { requestId: 'req-12345678', ip: '203.0.113.7' },
      },
    ]);
  });

  it('records the caller and keeps the patient unknown when the id is not the patient', async () => {
    const user = {
      id: '665f1c2e8f1b2a0012345679',
      role: Role.Patient,
      sessionId: 's',
      email: 'p@example.com',
      passwordChangeRequired: false,
    };
    await refuse(contextFor('encounter', { id: '665f1c2e8f1b2a001234567a' }), user);
    expect(recorded[0]).toMatchObject({
      actor: { userId: user.id, role: 'patient' },
      patientId: null,
      resource: { type: 'encounter', id: '665f1c2e8f1b2a001234567a' },
      action: 'update',
    });
  });

  it('drops a malformed id (the route would answer 400), and ignores unmarked routes', async () => {
    await refuse(contextFor('patient', { id: 'x'.repeat(5000) }));
    expect(recorded[0]).toMatchObject({ patientId: null, resource: { type: 'patient', id: null } });
    recorded.length = 0;
    await refuse(contextFor('plain', {}));
    expect(recorded).toEqual([]);
  });
});
