import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { Model, type ClientSession } from 'mongoose';
import type { OnlineProvider } from './domain/provider';
import { ProviderEvent } from './schemas/provider-event.schema';

/** The only code that touches payment_provider_events. */
@Injectable()
export class ProviderEventsRepository {
  constructor(@InjectModel(ProviderEvent.name) private readonly model: Model<ProviderEvent>) {}

  /** Records the event in the caller's transaction; E11000 when it was recorded before. */
  async record(
    provider: OnlineProvider,
    eventId: string,
    type: string,
    outcome: string,
    session: ClientSession,
  ): Promise<void> {
    await this.model.create([{ _id: `${provider}:${eventId}`, provider, type, outcome }], {
      session,
    });
  }

  exists(provider: OnlineProvider, eventId: string): Promise<boolean> {
    return this.model
      .exists({ _id: `${provider}:${eventId}` })
      .exec()
      .then((r) => r !== null);
  }
}
