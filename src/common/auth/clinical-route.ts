import { Reflector } from '@nestjs/core';

/** The parts of a clinical record an access can touch (the audit's resource types). */
export const CLINICAL_RESOURCE_TYPES = [
  'patient',
  'encounter',
  'prescription',
  'addendum',
  'health_profile',
  'document',
  'record_access',
  'export',
  'break_glass',
] as const;
export type ClinicalResourceType = (typeof CLINICAL_RESOURCE_TYPES)[number];

export const CLINICAL_ACTIONS = [
  'read',
  'list',
  'create',
  'update',
  'amend',
  'entered_in_error',
  'export',
  'grant',
] as const;
export type ClinicalAction = (typeof CLINICAL_ACTIONS)[number];

export interface ClinicalRouteMeta {
  resource: ClinicalResourceType;
  action: ClinicalAction;
  /** The route parameter naming the resource (e.g. 'id'), recorded as the resource id. */
  idParam?: string;
  /** Set when that parameter is the patient's own id (e.g. GET /patients/:id). */
  idIsPatient?: boolean;
}

/**
 * Marks a route as touching clinical data. Besides documenting it, the marker lets the auth
 * guards record a denied attempt (anonymous, wrong role) in the clinical access audit; the
 * service records allowed and denied accesses it decides itself.
 */
export const ClinicalRoute = Reflector.createDecorator<ClinicalRouteMeta>();
