import { DiscoveryService } from '@nestjs/core';
import type { Role } from '../auth/role.enum';

/** Whose data a section exports: the signed-in caller, never anyone named in the request. */
export interface PersonalDataSubject {
  userId: string;
  role: Role;
}

/**
 * One module's part of a user's data export (GDPR Art. 15/20). Each module that stores data
 * keyed by a user provides one (or more), reading only its own collections through its own
 * repository, and decorates the class with `@PersonalDataExporter()`; the privacy module finds
 * every such provider at start-up and puts their results side by side in the export document.
 *
 * A section maps its records field by field into plain JSON (ids as strings, dates as
 * `Date`s): it never spreads a stored document, so a field added to a schema later (a hash, a
 * token, a provider secret) does not reach an export unless someone adds it here on purpose.
 */
export interface PersonalDataSection {
  /** The section's key in the export document's `sections`; unique across the app. */
  readonly name: string;
  /**
   * The collections this section covers (declared, not derived): the completeness test checks
   * that every collection keyed by a user is covered by some section or explicitly excluded.
   */
  readonly collections: readonly string[];
  /** Everything the section holds about the subject. Must not throw for a user with no data. */
  exportFor(subject: PersonalDataSubject): Promise<unknown>;
}

/**
 * Marks a provider as a PersonalDataSection so the privacy module discovers it (Nest's
 * DiscoveryService): modules register a section by listing it in their `providers`, without
 * importing the privacy module (which comes after all of them).
 */
export const PersonalDataExporter = DiscoveryService.createDecorator<void>();
