/** Partitions a topic needs so neither producers nor consumers are the bottleneck (Confluent's sizing rule). */
import { num } from '../decisions/table.js';
import type { Shown } from './shown.js';

export interface PartitionMath extends Shown {
  channel: string;
  messagesPerSecond: number;
  mbPerSecond: number;
  partitions: number;
  /** Consumer instances that keep up; for a queue broker the figure that matters. */
  consumers: number;
}

export function partitionMath(
  channel: string,
  messagesPerSecond: number,
  eventBytes: number,
  partitionWriteMBps: number,
  consumerMessagesPerSecond: number,
  minPartitions: number,
): PartitionMath {
  const mbPerSecond = (messagesPerSecond * eventBytes) / 1_000_000;
  const byWrite = Math.ceil(mbPerSecond / partitionWriteMBps);
  const consumers = Math.max(1, Math.ceil(messagesPerSecond / consumerMessagesPerSecond));
  const partitions = Math.max(minPartitions, byWrite, consumers);
  return {
    channel,
    messagesPerSecond,
    mbPerSecond,
    partitions,
    consumers,
    formula:
      'partitions = max(minimum, ⌈MB/s ÷ per-partition write MB/s⌉, ⌈messages/s ÷ per-consumer messages/s⌉)',
    shown: `MB/s = ${num(messagesPerSecond, 1)} × ${eventBytes} B = ${num(mbPerSecond, 3)}; max(${minPartitions}, ⌈${num(mbPerSecond, 3)} ÷ ${num(partitionWriteMBps)}⌉ = ${byWrite}, ⌈${num(messagesPerSecond, 1)} ÷ ${num(consumerMessagesPerSecond)}⌉ = ${consumers}) = ${partitions}`,
  };
}
