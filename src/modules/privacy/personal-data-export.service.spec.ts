import type { DiscoveryService } from '@nestjs/core';
import type { AuthUser } from '../../common/auth/auth-user';
import { Role } from '../../common/auth/role.enum';
import type { PersonalDataSection } from '../../common/privacy/personal-data-section';
import type { ClinicalAuditService } from '../clinical-access/clinical-audit.service';
import { PersonalDataExportService } from './personal-data-export.service';

const caller: AuthUser = {
  id: '65a1b2c3d4e5f60718293a4b',
  role: Role.Patient,
  sessionId: 's',
  email: 'p@example.com',
  passwordChangeRequired: false,
};
const request = { requestId: 'r-1', ip: '10.0.0.1' };

function section(name: string, exportFor: () => Promise<unknown>): PersonalDataSection {
  return { name, collections: [name], exportFor: jest.fn(exportFor) };
}

function build(instances: unknown[], record = jest.fn().mockResolvedValue(undefined)) {
  const discovery = {
    getProviders: () => instances.map((instance, i) => ({ name: `P${i}`, instance })),
  } as unknown as DiscoveryService;
  const audit = { record } as unknown as ClinicalAuditService;
  const service = new PersonalDataExportService(discovery, audit);
  return { service, record };
}

describe('PersonalDataExportService', () => {
  it('audits first, then puts every section in name order', async () => {
    const order: string[] = [];
    const record = jest.fn(() => {
      order.push('audit');
      return Promise.resolve();
    });
    const { service } = build(
      [
        section('reviews', () => (order.push('reviews'), Promise.resolve([1]))),
        section('account', () => (order.push('account'), Promise.resolve({ id: caller.id }))),
      ],
      record,
    );
    service.onModuleInit();
    const doc = await service.exportFor(caller, request);
    expect(order[0]).toBe('audit');
    expect(record).toHaveBeenCalledWith({
      actor: { userId: caller.id, role: 'patient' },
      patientId: caller.id,
      resource: { type: 'export', id: null },
      action: 'export',
      purpose: 'self',
      outcome: 'allowed',
      request,
    });
    expect(Object.keys(doc.sections)).toEqual(['account', 'reviews']);
    expect(doc.subject).toEqual({ userId: caller.id, role: 'patient' });
    expect(service.registered().map((s) => s.name)).toEqual(['reviews', 'account']);
  });

  it('exports nothing when the audit cannot be written', async () => {
    const s = section('account', () => Promise.resolve({}));
    const { service } = build([s], jest.fn().mockRejectedValue(new Error('audit down')));
    service.onModuleInit();
    await expect(service.exportFor(caller, request)).rejects.toThrow('audit down');
    expect(s.exportFor).not.toHaveBeenCalled();
  });

  it('fails the whole export when one section fails (never a partial file)', async () => {
    const { service } = build([
      section('account', () => Promise.resolve({})),
      section('payments', () => Promise.reject(new Error('db down'))),
    ]);
    service.onModuleInit();
    await expect(service.exportFor(caller, request)).rejects.toThrow('db down');
  });

  it('refuses to start with two sections of one name, or a marked class that is not a section', () => {
    const twice = build([
      section('account', () => Promise.resolve({})),
      section('account', () => Promise.resolve({})),
    ]).service;
    expect(() => twice.onModuleInit()).toThrow(
      'Personal data sections with the same name: account',
    );
    const broken = build([{ name: 'x' }]).service;
    expect(() => broken.onModuleInit()).toThrow(
      'P0 is marked @PersonalDataExporter() but is not a PersonalDataSection',
    );
  });
});
