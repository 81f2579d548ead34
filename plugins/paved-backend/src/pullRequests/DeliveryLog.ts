import { PavedStore } from '../database/PavedStore';

const TABLE = 'paved_git_webhook_deliveries';

/**
 * The git host's deliveries Paved accepted, by delivery id: each is handled once, on whichever replica it
 * lands, and a replay of one is refused. Entries older than the retention are pruned.
 */
export class DeliveryLog extends PavedStore {
  /**
   * Records a delivery; false when its id was recorded before (a replay or a redelivery of one already
   * handled).
   */
  async accept(
    deliveryId: string,
    subject: string,
    now: Date = new Date(),
  ): Promise<boolean> {
    const inserted = await this.db(TABLE)
      .insert({
        delivery_id: deliveryId,
        subject: subject.slice(0, 255),
        received_at: now,
      })
      .onConflict('delivery_id')
      .ignore()
      .returning('delivery_id');
    return inserted.length === 1;
  }

  /** Forgets deliveries accepted before `before`; returns how many. */
  async prune(before: Date): Promise<number> {
    return this.db(TABLE).where('received_at', '<', before).delete();
  }
}
