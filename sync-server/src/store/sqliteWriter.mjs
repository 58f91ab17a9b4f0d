// The SQLite store's writer thread: appends document updates and compacts, on its own connection.
// With synchronous = FULL every commit waits for the disk to flush (milliseconds); here that wait
// never blocks the relay's event loop, and updates arriving meanwhile share the next commit.
// Plain JavaScript because Node 20 worker threads do not inherit tsx's loader hooks.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file);
db.pragma('journal_mode = WAL');
db.pragma(`synchronous = ${workerData.synchronous === 'NORMAL' ? 'NORMAL' : 'FULL'}`);
db.pragma('busy_timeout = 5000');

const append = db.prepare('INSERT INTO updates (alliance_id, data) VALUES (?, ?)');
const snapshot = db.prepare('SELECT through_seq FROM snapshots WHERE alliance_id = ?');
const putSnapshot = db.prepare(
  `INSERT INTO snapshots (alliance_id, data, state_vector, through_seq) VALUES (?, ?, ?, ?)
   ON CONFLICT (alliance_id) DO UPDATE
   SET data = excluded.data, state_vector = excluded.state_vector, through_seq = excluded.through_seq`,
);
const dropLog = db.prepare('DELETE FROM updates WHERE alliance_id = ? AND seq <= ?');

const appendAll = db.transaction((entries) =>
  entries.map((entry) => Number(append.run(entry.allianceId, entry.update).lastInsertRowid)),
);

const compact = db.transaction((allianceId, data, stateVector, throughSeq) => {
  const current = snapshot.get(allianceId);
  // A snapshot never moves backwards: an older compaction finishing late must not win.
  if (current && current.through_seq > throughSeq) return;
  putSnapshot.run(allianceId, data, stateVector, throughSeq);
  dropLog.run(allianceId, throughSeq);
});

parentPort.on('message', (request) => {
  try {
    if (request.op === 'append') {
      parentPort.postMessage({ id: request.id, result: appendAll(request.entries) });
    } else if (request.op === 'compact') {
      compact(request.allianceId, request.snapshot, request.stateVector, request.throughSeq);
      parentPort.postMessage({ id: request.id, result: null });
    } else if (request.op === 'close') {
      db.close();
      parentPort.postMessage({ id: request.id, result: null });
      parentPort.close();
    } else {
      parentPort.postMessage({ id: request.id, error: `unknown operation ${request.op}` });
    }
  } catch (error) {
    parentPort.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) });
  }
});
