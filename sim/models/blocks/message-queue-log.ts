import type { DurableStorage } from '../../world/storage.js';

/**
 * The message queue's partitioned log on the node's disk, as Kafka's: each partition of a topic
 * is an append-only sequence of messages numbered by offset from 0. A message and the
 * partition's new end are written together and fsynced before the publish is acknowledged, so a
 * crash loses only what was never acknowledged. Keys on disk: `log/<topic>/<p>/<offset>` (the
 * message) and `end/<topic>/<p>` (the next offset).
 */
export interface StoredMessage {
  /** The publish request's key (the topic, or `<topic>-<record key>`). */
  key: string;
  payload: unknown;
}

/** `orders-0@12`: topic, partition and offset, as Kafka tools print a record's position. */
export const messageId = (topic: string, partition: number, offset: number): string => `${topic}-${partition}@${offset}`;

export class PartitionLog {
  constructor(private readonly disk: DurableStorage) {}

  /** The next offset of the partition: how many messages it holds. */
  end(topic: string, partition: number): number {
    return this.disk.read<number>(`end/${topic}/${partition}`) ?? 0;
  }

  read(topic: string, partition: number, offset: number): StoredMessage | undefined {
    return this.disk.read<StoredMessage>(`log/${topic}/${partition}/${offset}`);
  }

  /** Appends durably (written and fsynced); returns the message's offset. */
  append(topic: string, partition: number, message: StoredMessage): number {
    const offset = this.end(topic, partition);
    this.disk.write(`log/${topic}/${partition}/${offset}`, message);
    this.disk.write(`end/${topic}/${partition}`, offset + 1);
    this.disk.fsync();
    return offset;
  }
}

/** 32-bit FNV-1a over the string's UTF-16 code units: the same partition for the same key on every machine. */
export function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** A publish request, read: which topic, which partition (or how to choose one), what payload. */
export type PublishTarget = { ok: true; topic: string; payload: unknown; partition?: number; partitionKey?: string } | { ok: false; error: string };

/**
 * Reads a publish request. `key` is the topic, or `<topic>-<record key>` (a workload keyspace's
 * `orders-3`: the longest topic name followed by `-`), whose whole text is then the partition
 * key. `value` is the payload itself, or the wrapper `{ payload, partitionKey?, partition? }`
 * (an object with a `payload` field is taken as the wrapper).
 */
export function readPublish(key: string, value: unknown, topics: ReadonlyMap<string, number>): PublishTarget {
  let topic: string | undefined = topics.has(key) ? key : undefined;
  if (topic === undefined) for (const t of topics.keys()) if (key.startsWith(`${t}-`) && (topic === undefined || t.length > topic.length)) topic = t;
  if (topic === undefined) return { ok: false, error: `404 unknown topic '${key}' (topics: ${[...topics.keys()].join(', ')})` };
  const wrapped = value !== null && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, 'payload');
  const w = wrapped ? (value as { payload: unknown; partitionKey?: unknown; partition?: unknown }) : undefined;
  const out: PublishTarget = { ok: true, topic, payload: w === undefined ? value : w.payload };
  if (w?.partition !== undefined) {
    const n = topics.get(topic)!;
    if (typeof w.partition !== 'number' || !Number.isInteger(w.partition) || w.partition < 0 || w.partition >= n) {
      return { ok: false, error: `400 no partition ${JSON.stringify(w.partition)} in topic '${topic}' (partitions 0 to ${n - 1})` };
    }
    out.partition = w.partition;
  }
  if (w?.partitionKey !== undefined && w.partitionKey !== null)
    out.partitionKey = typeof w.partitionKey === 'string' ? w.partitionKey : JSON.stringify(w.partitionKey);
  else if (topic !== key) out.partitionKey = key;
  return out;
}
