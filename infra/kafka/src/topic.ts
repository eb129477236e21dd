/**
 * Topics are created on purpose (the broker has auto-creation off): the relay's topic with its
 * partition count, before the first produce. Idempotent: an existing topic is left as it is.
 */
import type { Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** 1 on the local single-node broker; 3 in production (see infra/deploy). */
  replicationFactor?: number;
}

export async function ensureTopic(kafka: Kafka, spec: TopicSpec): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = await admin.listTopics();
    if (existing.includes(spec.topic)) return;
    await admin.createTopics({
      waitForLeaders: true,
      topics: [{ topic: spec.topic, numPartitions: spec.numPartitions, replicationFactor: spec.replicationFactor ?? 1 }],
    });
  } finally {
    await admin.disconnect();
  }
}
