import { ALERTS_TABLE } from '../../ingest/schema/alerts-table.js';
import type { Storage } from '../../ingest/storage.js';
import type { Alert } from './alert.js';
import { ALERT_COLUMNS_SQL, alertFromRow, alertToRow } from './alert-row.js';

/** Alerts in storage (`agentfleet_alerts`, created by migration 3): every version is inserted, the newest one is read. */
export interface AlertStore {
  /**
   * The newest version of every stored alert, resolved ones included (the
   * book needs them: a problem that returns reopens its alert, and its next
   * version must be higher than any stored). Oldest first, ties by id.
   */
  load(): Promise<Alert[]>;
  /** Inserts these versions; storing an older version than one already stored changes nothing. */
  save(alerts: readonly Alert[]): Promise<void>;
}

export function createAlertStore(storage: Storage): AlertStore {
  return {
    async load() {
      // FINAL: parts not merged yet may still hold older versions of an alert.
      const rows = await storage.query(
        `SELECT ${ALERT_COLUMNS_SQL} FROM {database:Identifier}.{table:Identifier} FINAL ORDER BY first_seen, id`,
        { database: storage.database, table: ALERTS_TABLE },
      );
      return rows.map(alertFromRow);
    },
    save: (alerts) => storage.insertJsonRows(ALERTS_TABLE, alerts.map(alertToRow)),
  };
}
