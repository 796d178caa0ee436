import { Injectable } from '@nestjs/common';
import {
  PersonalDataExporter,
  type PersonalDataSection,
  type PersonalDataSubject,
} from '../../common/privacy/personal-data-section';
import { PasswordResetsRepository } from './password-resets.repository';
import { SessionsRepository } from './sessions.repository';

/**
 * Signed-in devices and password reset requests: when, from where, what became of them. Never a
 * token hash or a reset code. Failed sign-ins (`login_failures`) are keyed by e-mail and IP, not
 * by user, and expire within the lockout window: not exported (see the completeness test).
 */
@PersonalDataExporter()
@Injectable()
export class AuthPersonalDataSection implements PersonalDataSection {
  readonly name = 'auth';
  readonly collections = ['sessions', 'password_resets'] as const;

  constructor(
    private readonly sessions: SessionsRepository,
    private readonly resets: PasswordResetsRepository,
  ) {}

  async exportFor({ userId }: PersonalDataSubject) {
    const [sessions, resets] = await Promise.all([
      this.sessions.listAllOfUser(userId),
      this.resets.listOfUser(userId),
    ]);
    return {
      sessions: sessions.map((s) => ({
        id: String(s._id),
        userAgent: s.userAgent,
        ip: s.ip,
        createdAt: s.createdAt,
        lastUsedAt: s.lastUsedAt,
        expiresAt: s.expiresAt,
        revokedAt: s.revokedAt,
        revokedReason: s.revokedReason,
      })),
      passwordResets: resets.map((r) => ({
        requestedAt: r.createdAt,
        expiresAt: r.expiresAt,
        usedAt: r.usedAt,
      })),
    };
  }
}
