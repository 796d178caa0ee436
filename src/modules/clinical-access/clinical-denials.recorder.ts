import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ClinicalRoute } from '../../common/auth/clinical-route';
import { requestOriginOf } from '../../common/decorators/request-origin.decorator';
import { GuardDenials, GuardDenialObserver, type GuardDenial } from '../auth/guards/guard-denials';
import { ClinicalAuditService } from './clinical-audit.service';

const OBJECT_ID = /^[0-9a-f]{24}$/i;

/**
 * Records the auth guards' refusals of routes marked `@ClinicalRoute` (no token, a wrong role, a
 * pending password change) as denied audit entries. The guards know nothing of clinical data:
 * they report every refusal to GuardDenials, and this observer keeps those of clinical routes.
 */
@Injectable()
export class ClinicalDenialsRecorder extends GuardDenialObserver implements OnModuleInit {
  constructor(
    private readonly denials: GuardDenials,
    private readonly reflector: Reflector,
    private readonly audit: ClinicalAuditService,
  ) {
    super();
  }

  onModuleInit(): void {
    this.denials.observe(this);
  }

  async denied({ context, user, error }: GuardDenial): Promise<void> {
    const meta = this.reflector.getAllAndOverride(ClinicalRoute, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!meta) {
      return;
    }
    const req = context.switchToHttp().getRequest<Request>();
    const raw = meta.idParam ? (req.params as Record<string, unknown>)[meta.idParam] : undefined;
    // Only a well-formed id is kept: the route would refuse anything else with 400 anyway.
    const id = typeof raw === 'string' && OBJECT_ID.test(raw) ? raw.toLowerCase() : null;
    await this.audit.record({
      actor: user ? { userId: user.id, role: user.role } : { userId: null, role: 'anonymous' },
      patientId: meta.idIsPatient ? id : null,
      resource: { type: meta.resource, id },
      action: meta.action,
      purpose: null,
      outcome: 'denied',
      reason: error.code,
      request: requestOriginOf(req),
    });
  }
}
