import { z } from 'zod';
import { PersonalDetails } from '../personal-data.js';
import { DisputeCategory } from '../reference-data.js';
import { DivisionCode } from '../regions.js';
import type { ExternalRef, RegisterDispute } from './commands.js';

/**
 * An order pushed in by another system (12345 hotline work order, 110 non-police hand-over, a grid
 * app): its fields, as those systems name them, and how it becomes a registration here.
 */
export const ChannelOrder = z.object({
  /** The sender's order number (工单号): one order is one case, however often it is sent. */
  orderId: z.string().trim().min(1).max(64),
  areaCode: DivisionCode,
  category: DisputeCategory,
  title: z.string().trim().min(2).max(100),
  /** What the caller reported (诉求内容); sealed like every narrative. */
  content: z.string().trim().min(1).max(5000),
  /** The caller (来电人/反映人): the applicant. */
  reporter: PersonalDetails,
  respondents: z.array(PersonalDetails).max(20).default([]),
});
export type ChannelOrder = z.infer<typeof ChannelOrder>;

export function registrationOf(order: ChannelOrder, source: RegisterDispute['source'], system: string): RegisterDispute {
  const externalRef: ExternalRef = { system, id: order.orderId };
  return {
    areaCode: order.areaCode,
    category: order.category,
    source,
    title: order.title,
    description: order.content,
    parties: [{ role: 'applicant', kind: 'person', details: order.reporter }, ...order.respondents.map((details) => ({ role: 'respondent' as const, kind: 'person' as const, details }))],
    externalRef,
  };
}
